import { LEASE_KEY_PREFIX } from './keys.js';
import type { Store } from './store.js';

/** How long a racing tab's write may take to show: a claim is confirmed only after this. */
const SETTLE_MS = 60;

/**
 * Cross-tab leases in storage: a tab sends an event only while it holds its lease, so two tabs
 * (or two page loads racing) never send the same event at once. A lease expires after `ttlMs`
 * unless renewed, so a tab that closed mid-send does not block the event for long. Written by
 * hand because `navigator.locks` does not exist on plain-http pages, and one mechanism everywhere
 * is easier to trust. Returns `[take, claim, renew, release]`: plain functions, whose calls
 * minify to short names where methods would keep theirs.
 */
export function createLeases(store: Store, ttlMs: number) {
  // Only needs to differ between tabs: no UUID code in the engine for it.
  const owner = Math.random().toString(36).slice(2);
  /** Who holds the lease (`undefined`: nobody, or it ran out). */
  const holder = (id: string) => {
    const [who, until] = (store.get(LEASE_KEY_PREFIX + id) ?? '').split(' ');
    return +until > Date.now() ? who : undefined;
  };
  /**
   * Takes the lease of an event of this tab: one nobody else can know yet (written before the
   * event itself), or one this tab kept in memory until consent was given.
   */
  const take = (id: string) => store.set(LEASE_KEY_PREFIX + id, `${owner} ${Date.now() + ttlMs}`);
  /** Takes the lease of a kept event; `false` when another tab holds it or wins the race. */
  const claim = async (id: string): Promise<boolean> => {
    if ((holder(id) ?? owner) !== owner) return false;
    take(id);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    return holder(id) === owner;
  };
  /** Extends the lease if this tab holds it (before each retry, and while an event waits). */
  const renew = (id: string) => {
    if (holder(id) === owner) take(id);
  };
  const release = (id: string) => {
    if (holder(id) === owner) store.remove(LEASE_KEY_PREFIX + id);
  };
  return [take, claim, renew, release] as const;
}
