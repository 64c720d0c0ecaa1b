/**
 * Runs at most `concurrency` tasks at once, the rest in order as places free up. A dozen lines of
 * our own instead of p-limit: the engine chunk pays for every dependency on every checkout page.
 */
export declare function createLimit(concurrency: number): <T>(task: () => Promise<T>) => Promise<T>;
