/**
 * A page retries events whose in-page retries are spent after this wait, doubled after each
 * failed round up to REPLAY_MAX_MS: a long-lived page delivers once the endpoint is back, within
 * about a minute, without hammering it meanwhile.
 */
export const REPLAY_FIRST_MS = 5_000;
export const REPLAY_MAX_MS = 60_000;

/**
 * The page's one replay timer, which runs `flush` when it fires: only alive while something
 * waits, and never later than the earliest wait asked for.
 */
export function createReplay(flush: () => void, random = Math.random) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let at = Infinity;
  /** Failed replay rounds in a row: the backoff of the next. */
  let failures = 0;
  return {
    /** Flushes again in `ms` (or earlier, if already due earlier). */
    later(ms: number) {
      const due = Date.now() + ms;
      if (timer && at <= due) return;
      clearTimeout(timer);
      at = due;
      timer = setTimeout(() => {
        timer = undefined;
        at = Infinity;
        flush();
      }, ms);
    },
    /** The wait before the next replay round: exponential, half of it random (tabs spread out). */
    backoff() {
      const ms = Math.min(REPLAY_MAX_MS, REPLAY_FIRST_MS * 2 ** failures++);
      return ms / 2 + (random() * ms) / 2;
    },
    /** An event got through: the next failure starts the backoff again. */
    delivered() {
      failures = 0;
    },
  };
}
