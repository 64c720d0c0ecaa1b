import { own } from '../defences/own.js';
import type { OutboxEntry } from './entry.js';
import { EVENT_KEY_PREFIX } from './keys.js';
import type { Store } from './store.js';

/** Dub de-duplicates for 7 days; an event older than that could count twice, so it is dropped. */
export const MAX_AGE_MS = 7 * 864e5;
export const MAX_EVENTS = 100;

const parse = (text: string | null | undefined): OutboxEntry | null => {
  try {
    // A missing key parses as null. Own properties only: a prototype's `body`, `input` or
    // `owner` is no part of a kept event.
    const entry = own(JSON.parse(text as string));
    return typeof entry?.id === 'string' ? entry : null;
  } catch {
    return null;
  }
};

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
    store.remove(EVENT_KEY_PREFIX + id);
  };

  const outbox = {
    /** The event as the index knows it (no storage read). */
    get: (id: string) => index.get(id) ?? null,
    /** The event as storage holds it now (one read): what another tab may have changed. */
    fresh(id: string): OutboxEntry | null {
      const entry = parse(store.get(EVENT_KEY_PREFIX + id));
      if (entry) index.set(id, entry);
      else index.delete(id);
      return entry;
    },
    /** Writes the event; `true` when it reached localStorage, `false` when kept in memory only. */
    put(entry: OutboxEntry): boolean {
      index.set(entry.id, entry);
      return store.set(EVENT_KEY_PREFIX + entry.id, JSON.stringify(entry));
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
      for (const key of store.keys(EVENT_KEY_PREFIX)) {
        const entry = parse(store.get(key));
        if (entry) entries.push(entry);
        else store.remove(key);
      }
      for (const entry of entries.sort((a, b) => a.createdAt - b.createdAt))
        index.set(entry.id, entry);
    },
    /** Another tab wrote (`value`) or removed (`null`) the event stored under `key`. */
    sync(key: string, value: string | null) {
      const id = key.slice(EVENT_KEY_PREFIX.length);
      const entry = parse(value);
      if (entry) index.set(id, entry);
      else index.delete(id);
    },
  };
  outbox.load();
  return outbox;
}

export type Outbox = ReturnType<typeof createOutbox>;
