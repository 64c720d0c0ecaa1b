/** Longest run of engine work before it yields to the page: a burst of calls never freezes it. */
export declare const SLICE_MS = 10;
/**
 * One engine's pacing: `pace()` resolves when it is the caller's turn. Callers go in order, at
 * most SLICE_MS of them per task, then the page gets a turn. One yield per slice, not per caller:
 * a burst of a thousand calls costs a few dozen tasks, none of them long. A burst (more than one
 * call waiting once the calling task's other callers have queued) starts in a task of its own:
 * the page's task that made the calls is long enough already without a slice added to it. A lone
 * call goes through at once.
 */
export declare function createPace(now?: () => number): () => Promise<void>;
