import type { OutboxEntry } from './entry.js';
import { TAB_KEY_PREFIX } from './keys.js';
import type { Outbox } from './outbox.js';
import type { Store } from './store.js';

/**
 * How long a tab's hold on its events outlives its last heartbeat: a tab that vanished without
 * `pagehide` (crash, killed process) holds its events back from other pages no longer than this.
 */
export const LEASE_MS = 4_000;
/** Three heartbeats per lease: one late timer (a busy or throttled page) never lets it run out. */
export const HEARTBEAT_MS = LEASE_MS / 3;
/** How long a racing tab's write may take to show: a claim is confirmed only after this. */
const SETTLE_MS = 60;
/** Names this script's Web Locks apart from the page's own: one lock per event, `dub-track:<id>`. */
const LOCK_PREFIX = 'dub-track:';

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
export function createLeases(store: Store, outbox: Outbox) {
  // Only needs to differ between tabs: no UUID code in the engine for it.
  const owner = Math.random().toString(36).slice(2);
  const tabKey = TAB_KEY_PREFIX + owner;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const beat = () => store.set(tabKey, `${Date.now() + LEASE_MS}`);
  /** Whether the tab `who` still beats. */
  const alive = (who: string) => +(store.get(TAB_KEY_PREFIX + who) as string) > Date.now();
  /** Releases of the Web Locks this tab holds, by event id. */
  const locked = new Map<string, () => void>();

  const leases = {
    owner,
    /** The event may be taken by this tab: nobody sends it, or this tab, or a tab that is gone. */
    free: (entry: OutboxEntry) => !entry.owner || entry.owner === owner || !alive(entry.owner),
    /** Starts the heartbeat (before this tab names itself on any event). */
    hold() {
      if (heartbeat) return;
      beat();
      heartbeat = setInterval(beat, HEARTBEAT_MS);
    },
    /** Stops the heartbeat: this tab holds nothing (or is leaving); its events are free at once. */
    idle() {
      clearInterval(heartbeat);
      heartbeat = undefined;
      store.remove(tabKey);
      // A page frozen in the back/forward cache holding a lock would block (or not enter) it.
      for (const release of locked.values()) release();
      locked.clear();
    },
    /**
     * Takes the event's Web Lock unless another tab holds it: resolves with its release, or
     * `undefined` when another tab is sending the event. Without Web Locks, a release that does
     * nothing: the storage claim alone decides there.
     */
    lock(id: string): Promise<(() => void) | undefined> {
      const locks = globalThis.navigator?.locks;
      if (!locks) return Promise.resolve(() => {});
      return new Promise((resolve) => {
        locks
          .request(LOCK_PREFIX + id, { ifAvailable: true }, (lock) => {
            if (!lock) return resolve(undefined);
            // Held until released: the callback's promise settles only then.
            return new Promise<void>((done) => {
              const release = () => {
                locked.delete(id);
                done();
              };
              locked.set(id, release);
              resolve(release);
            });
          })
          // A lock manager that refuses (an opaque origin, a document being torn down): storage decides.
          .catch(() => resolve(() => {}));
      });
    },
    /** Takes a kept event; `undefined` when it is gone, another live tab holds it, or wins the race. */
    async claim(id: string): Promise<OutboxEntry | undefined> {
      const kept = outbox.fresh(id);
      if (!kept || !leases.free(kept)) return;
      leases.hold();
      outbox.put({ ...kept, owner });
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const mine = outbox.fresh(id);
      return mine?.owner === owner ? mine : undefined;
    },
    /** Whether this tab still holds the event (after a wait: a frozen page may have lost it). */
    holds: (id: string) => outbox.fresh(id)?.owner === owner,
    /** Removes the heartbeats of tabs that are gone (their keys would stay forever). */
    sweep() {
      for (const key of store.keys(TAB_KEY_PREFIX))
        if (!alive(key.slice(TAB_KEY_PREFIX.length))) store.remove(key);
    },
  };
  return leases;
}
