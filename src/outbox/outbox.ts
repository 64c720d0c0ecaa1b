import { own } from '../config/own.js';
import type { OutboxEntry } from './entry.js';
import { EVENT_KEY_PREFIX } from './keys.js';
import type { Store } from './store.js';

/** Dub de-duplicates for 7 days; an event older than that could count twice, so it is dropped. */
export const MAX_AGE_MS = 7 * 864e5;
export const MAX_EVENTS = 100;

/**
 * Events kept until they are delivered or refused: one store key per event. Adding past the cap,
 * or finding an entry past its age, drops the oldest and reports it through `onDrop`.
 */
export function createOutbox(store: Store, onDrop: (entry: OutboxEntry, reason: string) => void) {
  const read = (key: string): OutboxEntry | null => {
    try {
      // A missing key parses as null.
      // Own properties only: a prototype's `body` or `input` is no part of a kept event.
      const entry = own(JSON.parse(store.get(key) as string));
      return typeof entry?.id === 'string' ? entry : null;
    } catch {
      return null;
    }
  };

  const outbox = {
    get: (id: string) => read(EVENT_KEY_PREFIX + id),
    put(entry: OutboxEntry) {
      store.set(EVENT_KEY_PREFIX + entry.id, JSON.stringify(entry));
    },
    remove(id: string) {
      store.remove(EVENT_KEY_PREFIX + id);
    },
    /** Every kept event, oldest first, after dropping the expired ones. */
    list(): OutboxEntry[] {
      const entries: OutboxEntry[] = [];
      for (const key of store.keys(EVENT_KEY_PREFIX)) {
        const entry = read(key);
        if (!entry) store.remove(key);
        else if (Date.now() - entry.createdAt > MAX_AGE_MS) {
          store.remove(key);
          onDrop(entry, 'it is older than 7 days');
        } else entries.push(entry);
      }
      return entries.sort((a, b) => a.createdAt - b.createdAt);
    },
    /**
     * Keeps a new event, first making room by dropping the oldest beyond the cap; never one that
     * `busy` names (calls of this page still under way: their promises wait on them).
     */
    add(entry: OutboxEntry, busy: (kept: OutboxEntry) => boolean = () => false) {
      // Not counting the entry itself: the core may have kept its raw call under the same id.
      const entries = outbox.list().filter((kept) => kept.id !== entry.id);
      const excess = Math.max(0, entries.length - MAX_EVENTS + 1);
      for (const oldest of entries.filter((kept) => !busy(kept)).slice(0, excess)) {
        outbox.remove(oldest.id);
        onDrop(oldest, `the outbox holds at most ${MAX_EVENTS} events`);
      }
      outbox.put(entry);
    },
  };
  return outbox;
}
