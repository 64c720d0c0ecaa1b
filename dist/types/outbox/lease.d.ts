import type { OutboxEntry } from './entry.js';
import type { Outbox } from './outbox.js';
import type { Store } from './store.js';
/**
 * How long a tab's hold on its events outlives its last heartbeat: a tab that vanished without
 * `pagehide` (crash, killed process) holds its events back from other pages no longer than this.
 */
export declare const LEASE_MS = 4000;
/** Three heartbeats per lease: one late timer (a busy or throttled page) never lets it run out. */
export declare const HEARTBEAT_MS: number;
/**
 * Cross-tab ownership of kept events. An event names the tab sending it (`owner`); that tab's
 * one heartbeat key says it is alive, renewed every HEARTBEAT_MS only while it holds events, and
 * removed when it has none left or the page is hidden for good (`pagehide`), so the next page can
 * take them at once. One key per tab, not per event: a burst of a thousand events costs one write
 * per heartbeat. Written by hand because `navigator.locks` does not exist on plain-http pages.
 * Where it does (secure contexts), a tab also holds the event's Web Lock for the whole attempt
 * (`lock`): no other tab can send it meanwhile, however late a browser shows one tab's storage
 * writes to another (WebKit's web processes can take longer than SETTLE_MS).
 */
export declare function createLeases(store: Store, outbox: Outbox): {
    owner: string;
    /** The event may be taken by this tab: nobody sends it, or this tab, or a tab that is gone. */
    free: (entry: OutboxEntry) => boolean;
    /** Starts the heartbeat (before this tab names itself on any event). */
    hold(): void;
    /** Stops the heartbeat: this tab holds nothing (or is leaving); its events are free at once. */
    idle(): void;
    /**
     * Takes the event's Web Lock unless another tab holds it: resolves with its release, or
     * `undefined` when another tab is sending the event. Without Web Locks, a release that does
     * nothing: the storage claim alone decides there.
     */
    lock(id: string): Promise<(() => void) | undefined>;
    /** Takes a kept event; `undefined` when it is gone, another live tab holds it, or wins the race. */
    claim(id: string): Promise<OutboxEntry | undefined>;
    /** Whether this tab still holds the event (after a wait: a frozen page may have lost it). */
    holds: (id: string) => boolean;
    /** Removes the heartbeats of tabs that are gone (their keys would stay forever). */
    sweep(): void;
};
