/** How many requests one client may make per window, or `false` for no limit. */
export interface RateLimitOptions {
    /** Requests allowed per client in each window. Default `60`. */
    limit?: number;
    /** The window in milliseconds. Default `60000` (one minute). */
    windowMs?: number;
}
/**
 * A fixed-window counter per client, in this process's memory: `take(client)` answers `0` when the
 * request may go on, else the milliseconds until the client's window ends.
 */
export declare function createRateLimiter({ limit, windowMs }?: RateLimitOptions): {
    take(client: string, now?: number): number;
};
