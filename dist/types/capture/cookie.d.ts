import type { CookieOptions } from '../config/options.js';
export declare function readCookie(name: string): string | null;
/** Writes `name=value` for `maxAge` seconds with §3's attributes; the domain is probed once per page. */
export declare function writeCookie(name: string, value: string, maxAge: number, { domain, path, sameSite, secure, }: CookieOptions): void;
