import type { Store } from './store.js';
/**
 * Cross-tab leases in storage: a tab sends an event only while it holds its lease, so two tabs
 * (or two page loads racing) never send the same event at once. A lease expires after `ttlMs`
 * unless renewed, so a tab that closed mid-send does not block the event for long. Written by
 * hand because `navigator.locks` does not exist on plain-http pages, and one mechanism everywhere
 * is easier to trust. Returns `[take, claim, renew, release]`: plain functions, whose calls
 * minify to short names where methods would keep theirs.
 */
export declare function createLeases(store: Store, ttlMs: number): readonly [(id: string) => void, (id: string) => Promise<boolean>, (id: string) => void, (id: string) => void];
