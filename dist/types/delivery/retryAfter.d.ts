/**
 * Milliseconds to wait as a `Retry-After` value says, or `undefined` when it says nothing usable.
 * It may hold delta-seconds, an HTTP date, or an epoch timestamp in seconds or milliseconds
 * (Dub's rate limiter sends epoch ms); ky reads only the first two, hence this.
 */
export declare function retryAfterMs(value: string | null, now?: number): number | undefined;
