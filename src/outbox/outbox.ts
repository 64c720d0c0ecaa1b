import type { OutboxEntry } from './entry.js';
import { decode, encode, LEFT_PREFIX, LEGACY_PREFIX, RECORD_PREFIX, recordKey } from './record.js';
import type { Store } from './store.js';

/** Dub de-duplicates for 7 days; an event older than that could count twice, so it is dropped. */
export const MAX_AGE_MS = 7 * 864e5;
export const MAX_EVENTS = 100;

/**
 * Events kept until they are delivered or refused: one store key per event, and an index in
 * memory so that no call reads the whole outbox (read once when created, then kept in step by
 * this tab's writes and other tabs' `storage` events). Adding past the cap, or finding an entry
 * past its age, drops the oldest and reports it through `onDrop`.
 */
export function createOutbox(store: Store, onDrop: (entry: OutboxEntry, reason: string) => void) {
  const index = new Map<string, OutboxEntry>();
  const forget = (id: string) => {
    index.delete(id);
    for (const prefix of [RECORD_PREFIX, LEGACY_PREFIX, LEFT_PREFIX]) store.remove(prefix + id);
  };
  /**
   * The event stored for `id`: in this format, else in the previous one (see record.ts), which
   * is read where it is and moved to this format's key by its first write (`put`).
   */
  const read = (id: string) =>
    decode(store.get(recordKey(id))) ?? decode(store.get(LEGACY_PREFIX + id));

  const outbox = {
    /** The event as the index knows it (no storage read). */
    get: (id: string) => index.get(id),
    /** The event as storage holds it now (one read): what another tab may have changed. */
    fresh(id: string): OutboxEntry | null {
      const entry = read(id);
      if (entry) index.set(id, entry);
      else index.delete(id);
      return entry;
    },
    /** Writes the event; `true` when it reached localStorage, `false` when kept in memory only. */
    put(entry: OutboxEntry): boolean {
      index.set(entry.id, entry);
      const stored = store.set(recordKey(entry.id), encode(entry));
      store.remove(LEGACY_PREFIX + entry.id);
      return stored;
    },
    remove: forget,
    /** Every kept event, oldest first, after dropping expired ones (from the index: no storage read). */
    list(): OutboxEntry[] {
      const entries: OutboxEntry[] = [];
      for (const entry of index.values()) {
        if (Date.now() - entry.createdAt > MAX_AGE_MS) {
          forget(entry.id);
          onDrop(entry, 'it is older than 7 days');
        } else entries.push(entry);
      }
      return entries.sort((a, b) => a.createdAt - b.createdAt);
    },
    /**
     * Keeps a new event, first making room by dropping the oldest beyond the cap; never one that
     * `busy` names (calls of this page still under way: their promises wait on them).
     */
    add(entry: OutboxEntry, busy: (kept: OutboxEntry) => boolean = () => false): boolean {
      // Not counting the entry itself: the core may have kept its raw call under the same id.
      let excess = index.size - (index.has(entry.id) ? 1 : 0) - MAX_EVENTS + 1;
      // The index is in the order events became known, which is their age order: no sort, so a
      // burst past the cap costs one pass over the index per call, not a sort.
      for (const oldest of index.values()) {
        if (excess <= 0) break;
        if (oldest.id === entry.id || busy(oldest)) continue;
        forget(oldest.id);
        onDrop(
          oldest,
          Date.now() - oldest.createdAt > MAX_AGE_MS
            ? 'it is older than 7 days'
            : `the outbox holds at most ${MAX_EVENTS} events`,
        );
        excess--;
      }
      return outbox.put(entry);
    },
    /** Reads what storage holds into the index (once, when the engine starts; and on `storage` clear). */
    load() {
      index.clear();
      const entries: OutboxEntry[] = [];
      // The previous format first: where both hold an event (a racing tab), this format's
      // record comes after it in the (stable) sort and wins.
      for (const prefix of [LEGACY_PREFIX, RECORD_PREFIX])
        for (const key of store.keys(prefix)) {
          const entry = decode(store.get(key));
          if (entry) entries.push(entry);
          else store.remove(key);
        }
      for (const entry of entries.sort((a, b) => a.createdAt - b.createdAt))
        index.set(entry.id, entry);
    },
    /**
     * Another tab wrote or removed the record stored under `key` (in any format): read again.
     * Any other key names no event, and changes nothing.
     */
    sync(key: string) {
      // The id, as `idOf` reads it (written out: terser would wrap the call in a closure).
      outbox.fresh(key.slice(key.indexOf(':') + 1));
    },
  };
  outbox.load();
  return outbox;
}

export type Outbox = ReturnType<typeof createOutbox>;
