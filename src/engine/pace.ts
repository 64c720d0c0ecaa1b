/** Longest run of engine work before it yields to the page: a burst of calls never freezes it. */
export const SLICE_MS = 10;

/** Ends the current task: `scheduler.yield` where the browser has it, else a new macrotask. */
const nextTask = (): Promise<unknown> =>
  (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler?.yield?.() ??
  new Promise((resolve) => setTimeout(resolve));

/**
 * One engine's pacing: `pace()` resolves when it is the caller's turn. Callers go in order, at
 * most SLICE_MS of them per task, then the page gets a turn. One yield per slice, not per caller:
 * a burst of a thousand calls costs a few dozen tasks, none of them long. A burst (more than one
 * call waiting once the calling task's other callers have queued) starts in a task of its own:
 * the page's task that made the calls is long enough already without a slice added to it. A lone
 * call goes through at once.
 */
export function createPace(now = () => performance.now()) {
  /** Work waiting for its turn, oldest first; `draining` while a slice is being run. */
  const turns: (() => void)[] = [];
  let draining = false;
  return () =>
    new Promise<void>((resolve) => {
      turns.push(resolve);
      if (draining) return;
      draining = true;
      void (async () => {
        // The other calls of the caller's task queue before this looks.
        await null;
        if (turns[1]) await nextTask();
        while (turns.length) {
          const start = now();
          while (turns.length && now() - start < SLICE_MS) {
            turns.shift()?.();
            // Lets the caller just resumed run up to its next wait before the clock is read again.
            await null;
          }
          if (turns.length) await nextTask();
        }
        draining = false;
      })();
    });
}
