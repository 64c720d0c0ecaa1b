/**
 * localStorage with a memory fallback: a write that throws (quota, disabled storage, Safari
 * private mode) or a store without consent keeps the value in memory instead, never an error.
 */
export function createStore(persistent: () => boolean) {
  const memory = new Map<string, string>();
  /** `run` on localStorage, or `undefined` when it may not or cannot be used (or throws). */
  const attempt = <T>(run: (storage: Storage) => T): T | undefined => {
    try {
      if (persistent()) return run(localStorage);
    } catch {}
  };

  return {
    /** The value, or nothing (`null` or `undefined`) when there is none. */
    get: (key: string): string | null | undefined =>
      memory.get(key) ?? attempt((storage) => storage.getItem(key)),
    /** Writes `value`; `true` when localStorage took it, `false` when it is kept in memory only. */
    set(key: string, value: string): boolean {
      // setItem returns nothing: `?? 1` tells a write that went through from one that did not.
      if (attempt((storage) => storage.setItem(key, value) ?? 1)) return memory.delete(key) || true;
      memory.set(key, value);
      return false;
    },
    remove(key: string) {
      memory.delete(key);
      attempt((storage) => storage.removeItem(key));
    },
    keys: (prefix: string): string[] =>
      [...new Set([...memory.keys(), ...(attempt(Object.keys) ?? [])])].filter((key) =>
        key.startsWith(prefix),
      ),
    /** Whether anything is held in memory only (storage refused it, or no consent yet). */
    hasMemory: () => memory.size > 0,
    /** Moves what was held in memory into localStorage (consent given, or storage usable again). */
    persist() {
      for (const [key, value] of memory) this.set(key, value);
    },
    /** Drops everything held in memory (consent refused). */
    clearMemory: () => memory.clear(),
  };
}

export type Store = ReturnType<typeof createStore>;
