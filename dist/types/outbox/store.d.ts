/**
 * localStorage with a memory fallback: a write that throws (quota, disabled storage, Safari
 * private mode) or a store without consent keeps the value in memory instead, never an error.
 */
export declare function createStore(persistent: () => boolean): {
    /** The value, or nothing (`null` or `undefined`) when there is none. */
    get: (key: string) => string | null | undefined;
    /** Writes `value`; `true` when localStorage took it, `false` when it is kept in memory only. */
    set(key: string, value: string): boolean;
    remove(key: string): void;
    keys: (prefix: string) => string[];
    /** Whether anything is held in memory only (storage refused it, or no consent yet). */
    hasMemory: () => boolean;
    /** Moves what was held in memory into localStorage (consent given, or storage usable again). */
    persist(): void;
    /** Drops everything held in memory (consent refused). */
    clearMemory: () => void;
};
export type Store = ReturnType<typeof createStore>;
