/**
 * Runs at most `concurrency` tasks at once, the rest in order as places free up. A dozen lines of
 * our own instead of p-limit: the engine chunk pays for every dependency on every checkout page.
 */
export function createLimit(concurrency: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A freed place passes straight to the next waiting task, so a call arriving before that task
    // wakes up cannot take it too.
    if (active < concurrency) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
