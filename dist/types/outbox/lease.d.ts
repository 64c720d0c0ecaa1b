import type { Store } from './store.js';
/**
 * Cross-tab leases in storage: a tab sends an event only while it holds its lease, so two tabs
 * (or two page loads racing) never send the same event at once. A lease expires, so a tab that
 * closed mid-send does not block the event for long. Written by hand because `navigator.locks`
 * does not exist on plain-http pages, and one mechanism everywhere is easier to trust.
 */
export declare function createLeases(store: Store): {
    /**
     * Takes the lease of an event of this tab: one nobody else can know yet (written before the
     * event itself), or one this tab kept in memory until consent was given.
     */
    take: (id: string, ttlMs: number) => void;
    /** Takes the lease of a kept event; `false` when another tab holds it or wins the race. */
    claim(id: string, ttlMs: number): Promise<boolean>;
    /** Extends the lease if this tab holds it (before each retry, and while an event waits). */
    renew(id: string, ttlMs: number): void;
    release(id: string): void;
};
export type Leases = ReturnType<typeof createLeases>;
