import type { CookieOptions } from '../config/options.js';
/**
 * What follows a cookie's value, for `dub_id` and `dub_partner_data` alike: `path`, `max-age`
 * (`age` seconds), `samesite`, `domain` (`at`; `''` for host-only) and `secure` (on https pages,
 * and with SameSite `none` in any case: browsers refuse it without, unless `secure` is given).
 * `sameSite: true` is Strict; `false` is written as `samesite=false`, a value every browser
 * ignores, which leaves its default (fewer bytes on every page than leaving the attribute out).
 */
export declare const cookieAttributes: ({ path, sameSite, secure }: CookieOptions, age: number, at: string) => string;
