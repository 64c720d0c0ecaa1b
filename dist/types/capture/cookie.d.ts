import type { CookieOptions } from '../config/options.js';
/**
 * Every `dub_id` cookie's raw value, in the order the browser lists them (the first one wins a
 * read); none where cookies are blocked (reading them throws in sandboxed frames). A click ID
 * needs no decoding: an encoded value is not one.
 */
export declare function readCookies(): string[];
/**
 * Writes the `dub_id` cookie for `maxAge` seconds (its attributes: `cookieAttributes`)
 * and returns the domain it took (`''`: host-only), or deletes every copy (`''`, 0). The domain
 * is the configured one, else `known` (what an earlier page found), else the widest one the
 * browser accepts, tried from the shortest: browsers refuse public suffixes such as `co.uk`, so
 * test-writing finds the registrable domain without a list. A landing with a new click so costs
 * one write, or two when an older copy elsewhere must go: Dub's own script writes one on the
 * host without `www.`, and an older copy is listed first, so it would win the next read.
 */
export declare function writeCookie(value: string, maxAge: number, options: CookieOptions, known?: string): string | undefined;
