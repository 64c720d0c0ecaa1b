/**
 * localStorage with a memory fallback: a write that throws (quota, disabled storage, Safari
 * private mode) or a store without consent keeps the value in memory instead, never an error.
 */
export function createStore(persistent: () => boolean) {
  const memory = new Map<string, string>();
  const local = (): Storage | null => {
    try {
      return persistent() ? localStorage : null;
    } catch {
      return null;
    }
  };
  const attempt = <T>(run: (storage: Storage) => T): T | undefined => {
    const storage = local();
    if (!storage) return undefined;
    try {
      return run(storage);
    } catch {
      return undefined;
    }
  };

  return {
    get(key: string): string | null {
      return memory.get(key) ?? attempt((storage) => storage.getItem(key)) ?? null;
    },
    set(key: string, value: string) {
      const stored = attempt((storage) => {
        storage.setItem(key, value);
        return true;
      });
      if (stored) memory.delete(key);
      else memory.set(key, value);
    },
    remove(key: string) {
      memory.delete(key);
      attempt((storage) => storage.removeItem(key));
    },
    keys(prefix: string): string[] {
      const keys = new Set([
        ...memory.keys(),
        ...(attempt((storage) => Object.keys(storage)) ?? []),
      ]);
      return [...keys].filter((key) => key.startsWith(prefix));
    },
    /** Moves what was held in memory into localStorage (consent given). */
    persist() {
      for (const [key, value] of memory) this.set(key, value);
    },
    /** Drops everything held in memory (consent refused). */
    clearMemory() {
      memory.clear();
    },
  };
}

export type Store = ReturnType<typeof createStore>;
