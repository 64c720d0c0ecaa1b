import type { OutboxEntry } from './entry.js';
import type { Store } from './store.js';
/** Dub de-duplicates for 7 days; an event older than that could count twice, so it is dropped. */
export declare const MAX_AGE_MS: number;
export declare const MAX_EVENTS = 100;
/**
 * Events kept until they are delivered or refused: one store key per event. Adding past the cap,
 * or finding an entry past its age, drops the oldest and reports it through `onDrop`.
 */
export declare function createOutbox(store: Store, onDrop: (entry: OutboxEntry, reason: string) => void): {
    get: (id: string) => OutboxEntry | null;
    put(entry: OutboxEntry): void;
    remove(id: string): void;
    /** Every kept event, oldest first, after dropping the expired ones. */
    list(): OutboxEntry[];
    /**
     * Keeps a new event, first making room by dropping the oldest beyond the cap; never one that
     * `busy` names (calls of this page still under way: their promises wait on them).
     */
    add(entry: OutboxEntry, busy?: (kept: OutboxEntry) => boolean): void;
};
