/** Longest run of engine work before it yields to the page: a burst of calls never freezes it. */
export declare const SLICE_MS = 10;
/**
 * One engine's pacing: `pace()` resolves when it is the caller's turn. Callers go in order, at
 * most SLICE_MS of them per task, then the page gets a turn. One yield per slice, not per caller:
 * a burst of a thousand calls costs a few dozen tasks, none of them long.
 */
export declare function createPace(now?: () => number): () => Promise<void>;
