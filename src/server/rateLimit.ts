import { RateLimiterMemory } from 'rate-limiter-flexible';

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

/** A refusal of rate-limiter-flexible (a `RateLimiterRes`), told apart from a failure by shape. */
const refusalWait = (error: unknown): number | undefined => {
  const wait = (error as { msBeforeNext?: unknown })?.msBeforeNext;
  return !(error instanceof Error) && typeof wait === 'number' ? wait : undefined;
};

/**
 * Counts requests per client with `rate-limiter-flexible` (memory by default): `take(client)`
 * resolves with `0` when the request may go on, else the milliseconds until it may; a limiter that
 * fails rejects.
 */
export function createRateLimiter({
  limit = 60,
  windowMs = 60_000,
  limiter,
}: RateLimitOptions = {}) {
  const counter =
    limiter ??
    new RateLimiterMemory({ points: limit, duration: Math.max(1, Math.ceil(windowMs / 1000)) });
  return {
    async take(client: string): Promise<number> {
      try {
        await counter.consume(client);
        return 0;
      } catch (error) {
        const wait = refusalWait(error);
        if (wait === undefined) throw error;
        return Math.max(1, wait);
      }
    },
  };
}
