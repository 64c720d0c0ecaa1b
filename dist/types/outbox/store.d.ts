/**
 * localStorage with a memory fallback: a write that throws (quota, disabled storage, Safari
 * private mode) or a store without consent keeps the value in memory instead, never an error.
 */
export declare function createStore(persistent: () => boolean): {
    get: (key: string) => string | null;
    set(key: string, value: string): void;
    remove(key: string): void;
    keys: (prefix: string) => string[];
    /** Moves what was held in memory into localStorage (consent given). */
    persist(): void;
    /** Drops everything held in memory (consent refused). */
    clearMemory: () => void;
};
export type Store = ReturnType<typeof createStore>;
