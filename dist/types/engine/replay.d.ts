/**
 * A page retries events whose in-page retries are spent after this wait, doubled after each
 * failed round up to REPLAY_MAX_MS: a long-lived page delivers once the endpoint is back, within
 * about a minute, without hammering it meanwhile.
 */
export declare const REPLAY_FIRST_MS = 5000;
export declare const REPLAY_MAX_MS = 60000;
/**
 * The page's one replay timer, which runs `flush` when it fires: only alive while something
 * waits, and never later than the earliest wait asked for.
 */
export declare function createReplay(flush: () => void, random?: () => number): {
    /** Flushes again in `ms` (or earlier, if already due earlier). */
    later(ms: number): void;
    /** The wait before the next replay round: exponential, half of it random (tabs spread out). */
    backoff(): number;
    /** An event got through: the next failure starts the backoff again. */
    delivered(): void;
};
