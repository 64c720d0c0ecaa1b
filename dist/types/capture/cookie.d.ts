import type { CookieOptions } from '../config/options.js';
/**
 * The `dub_id` cookie's raw value (a click ID needs no decoding: an encoded value is not one), or
 * `undefined`, also where cookies are blocked (reading them throws in sandboxed frames).
 */
export declare function readCookie(): string | undefined;
/**
 * Writes the `dub_id` cookie for `maxAge` seconds with its attributes, or deletes it (`''`, 0).
 * Every copy is expired first: an older cookie of the same name on a narrower domain (Dub's own
 * script writes one per host) would be listed first and win the next read. Then the cookie is
 * written on the widest domain the browser accepts, tried from the shortest: browsers refuse
 * public suffixes such as `co.uk`, so test-writing finds the registrable domain without a list.
 */
export declare function writeCookie(value: string, maxAge: number, { domain, path, sameSite, secure, }: CookieOptions): void;
