/** What the handler needs of a limiter: rate-limiter-flexible's `consume` (any of its backends). */
export interface RateLimiterLike {
    /** Resolves when `key` may go on; rejects with `{msBeforeNext}` when it may not, or an Error. */
    consume(key: string): Promise<unknown>;
}
/** How many requests one client may make per window, or `false` for no limit. */
export interface RateLimitOptions {
    /** Requests allowed per client in each window. Default `60`. Ignored with `limiter`. */
    limit?: number;
    /** The window in milliseconds, rounded up to whole seconds. Default `60000`. Ignored with `limiter`. */
    windowMs?: number;
    /**
     * A `rate-limiter-flexible` limiter to count with instead of one in this process's memory, e.g.
     * a `RateLimiterRedis` that every server instance shares (its `points` per `duration` seconds
     * are then the limit). When it fails (Redis away) the request gets 503 with `Retry-After`.
     */
    limiter?: RateLimiterLike;
}
/**
 * Counts requests per client with `rate-limiter-flexible` (memory by default): `take(client)`
 * resolves with `0` when the request may go on, else the milliseconds until it may; a limiter that
 * fails rejects.
 */
export declare function createRateLimiter({ limit, windowMs, limiter, }?: RateLimitOptions): {
    take(client: string): Promise<number>;
};
