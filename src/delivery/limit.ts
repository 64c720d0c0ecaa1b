/**
 * Runs at most `concurrency` tasks at once, the rest in order as places free up. Ten lines of
 * our own instead of p-limit: the engine chunk pays for every dependency on every checkout page.
 */
export function createLimit(concurrency: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
