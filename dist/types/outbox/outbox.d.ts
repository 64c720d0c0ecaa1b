import type { OutboxEntry } from './entry.js';
import type { Store } from './store.js';
/** Dub de-duplicates for 7 days; an event older than that could count twice, so it is dropped. */
export declare const MAX_AGE_MS: number;
export declare const MAX_EVENTS = 100;
/**
 * Events kept until they are delivered or refused: one store key per event, and an index in
 * memory so that no call reads the whole outbox (read once when created, then kept in step by
 * this tab's writes and other tabs' `storage` events). Adding past the cap, or finding an entry
 * past its age, drops the oldest and reports it through `onDrop`.
 */
export declare function createOutbox(store: Store, onDrop: (entry: OutboxEntry, reason: string) => void): {
    /** The event as the index knows it (no storage read). */
    get: (id: string) => OutboxEntry | undefined;
    /** The event as storage holds it now (one read): what another tab may have changed. */
    fresh(id: string): OutboxEntry | null;
    /** Writes the event; `true` when it reached localStorage, `false` when kept in memory only. */
    put(entry: OutboxEntry): boolean;
    remove: (id: string) => void;
    /** Every kept event, oldest first, after dropping expired ones (from the index: no storage read). */
    list(): OutboxEntry[];
    /**
     * Keeps a new event, first making room by dropping the oldest beyond the cap; never one that
     * `busy` names (calls of this page still under way: their promises wait on them).
     */
    add(entry: OutboxEntry, busy?: (kept: OutboxEntry) => boolean): boolean;
    /** Reads what storage holds into the index (once, when the engine starts; and on `storage` clear). */
    load(): void;
    /**
     * Another tab wrote or removed the record stored under `key` (in any format): read again.
     * Any other key names no event, and changes nothing.
     */
    sync(key: string): void;
};
export type Outbox = ReturnType<typeof createOutbox>;
