/** How many requests one client may make per window, or `false` for no limit. */
export interface RateLimitOptions {
  /** Requests allowed per client in each window. Default `60`. */
  limit?: number;
  /** The window in milliseconds. Default `60000` (one minute). */
  windowMs?: number;
}

/** Clients remembered at once; the oldest windows are forgotten first beyond this. */
const MAX_CLIENTS = 10_000;

/**
 * A fixed-window counter per client, in this process's memory: `take(client)` answers `0` when the
 * request may go on, else the milliseconds until the client's window ends.
 */
export function createRateLimiter({ limit = 60, windowMs = 60_000 }: RateLimitOptions = {}) {
  const windows = new Map<string, { count: number; endsAt: number }>();
  return {
    take(client: string, now = Date.now()): number {
      let window = windows.get(client);
      if (!window || window.endsAt <= now) {
        windows.delete(client);
        if (windows.size >= MAX_CLIENTS) windows.delete(windows.keys().next().value as string);
        window = { count: 0, endsAt: now + windowMs };
        windows.set(client, window);
      }
      window.count++;
      return window.count > limit ? window.endsAt - now : 0;
    },
  };
}
