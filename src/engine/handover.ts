import type { OutboxEntry } from '../outbox/entry.js';
import type { Outbox } from '../outbox/outbox.js';
import type { DubTrackErrorName } from '../outcome/DubTrackError.js';

/**
 * How long a request handed over at unload is given to land before the event is sent again (in
 * case it did not): Dub records a sale's invoice only once the first request is done, so a
 * resend racing it would count twice.
 */
export const HANDED_GRACE_MS = 10_000;
/** How long before `pagehide` a request that failed without an answer counts as cut by the unload. */
export const CUT_MS = 1_000;
/**
 * How long a page that began to leave holds its retries: still here after that, it stayed (a
 * download, a `mailto:` link, a navigation another script cancelled). A navigation whose next
 * page takes longer to answer may see a retry cut again.
 */
export const STAY_MS = 10_000;

export interface HandoverParts {
  outbox: Outbox;
  /** This tab's lease owner id. */
  owner: string;
  /** Whether the endpoint counts the event once however often it arrives. */
  deduplicated: (entry: OutboxEntry) => boolean;
  /** Takes a handed-over event as delivered: removes and reports it. */
  drop: (entry: OutboxEntry) => void;
}

/**
 * What a page knows of its requests on the wire, and what it hands the next page at unload.
 * An event whose page unloads with its request in flight is sent again by the next page (after
 * HANDED_GRACE_MS) where a repeat cannot count twice, or where every attempt so far failed (the
 * endpoint was down or refusing); only a first attempt to an endpoint that was answering is taken
 * as delivered, and reported (`drop`). An event waiting between attempts is not handed over: the
 * next page simply sends it. The mark is written when the request starts (not only at
 * `pagehide`): a page that vanishes without its last writes (a crash; Firefox closing a tab can
 * lose them) leaves the same knowledge behind.
 */
export function createHandover({ outbox, owner, deduplicated, drop }: HandoverParts) {
  /** Events whose request is on the wire right now (not waiting between attempts). */
  const onWire = new Set<string>();
  /** The attempt each event of this page is on, counted over every page load. */
  const attemptOf = new Map<string, number>();
  /** How this page's last finished attempt at any event failed; cleared by a success. */
  let failing: DubTrackErrorName | undefined;
  /**
   * Attempts that ended without an answer, with what the page knew before: Firefox fails a
   * request in flight when the page starts to leave, before `pagehide`, while the request may
   * well have reached the endpoint. One cut so close to unload counts as on the wire then.
   */
  const cut = new Map<string, { at: number; attempt: number; failing?: DubTrackErrorName }>();
  /** When the page last began to leave (`beforeunload`). */
  let leaving = Infinity;
  /** Retries held while the page leaves, started if it stays. */
  const stayed: (() => void)[] = [];

  /** Whether an attempt that ended without an answer at `at` was most likely cut by the page leaving. */
  const cutByUnload = (at: number) => at >= leaving || at > Date.now() - CUT_MS;

  /** Notes an attempt of `id` (its number over every page load) that failed with `name`. */
  const failed = (id: string, attempt: number, name: DubTrackErrorName) => {
    for (const [other, { at }] of cut) if (!cutByUnload(at)) cut.delete(other);
    if (name === 'NetworkError') {
      // The retries a leaving page's cut sets off are cut too: the first one says what it knew.
      if (cut.has(id)) return;
      cut.set(id, { at: Date.now(), attempt, failing });
      if (Date.now() >= leaving) return;
    }
    failing = name;
  };

  /** Writes whether attempt `attempt` is on the wire (`handed` while this tab is its owner). */
  const mark = (id: string, attempt: number, handed: number | undefined) => {
    const kept = outbox.get(id);
    if (kept?.owner === owner)
      outbox.put({ ...kept, handed, attempts: attempt - 1, lastError: failing ?? kept.lastError });
  };

  /** Hands over an event whose attempt `attempt` was on the wire at unload, or drops it. */
  const handOver = (id: string, attempt: number | undefined, lastError?: DubTrackErrorName) => {
    const kept = outbox.fresh(id);
    if (!kept) return;
    const handed: OutboxEntry = {
      ...kept,
      owner: undefined,
      handed: Date.now(),
      // The attempts before the one on the wire: all failed.
      attempts: (attempt ?? kept.attempts + 1) - 1,
      lastError,
    };
    if (resend(handed)) outbox.put(handed);
    else drop(handed);
  };

  /** Whether a handed-over event is sent again (after HANDED_GRACE_MS), or taken as delivered. */
  const resend = (entry: OutboxEntry) =>
    deduplicated(entry) || entry.attempts > 0 || !!entry.lastError;

  return {
    resend_: resend,
    /** Attempt `attempt` of `id` goes on the wire; `true`, for ky's resume check. */
    wire_(id: string, attempt = attemptOf.get(id) ?? 1) {
      onWire.add(id);
      attemptOf.set(id, attempt);
      mark(id, attempt, Date.now());
      return true;
    },
    /**
     * Resolves when a retry due now may start: at once, or for a leaving page once it stays after
     * all (shown again, or still here after STAY_MS). Firefox cuts a leaving page's requests, and
     * a retry sent after the cut would count twice where the cut attempt had arrived; a page that
     * goes never starts it, and the cut attempt is decided at `pagehide` like any on the wire.
     */
    stays_: () =>
      new Promise<void>((resolve) => {
        if (Date.now() < leaving) return resolve();
        stayed.push(resolve);
        setTimeout(resolve, STAY_MS);
      }),
    /** An attempt failed with `name` and the event waits for attempt `next`. */
    retrying_(id: string, next: number, name: DubTrackErrorName) {
      attemptOf.set(id, next);
      failed(id, next - 1, name);
      onWire.delete(id);
      mark(id, next, undefined);
    },
    /** The last attempt this page makes at `id` failed with `name` (`retried`: worth another). */
    gaveUp_(id: string, attempt: number, name: DubTrackErrorName, retried: boolean) {
      if (onWire.has(id) && retried) failed(id, attempt, name);
    },
    succeeded_(id: string) {
      failing = undefined;
      cut.delete(id);
    },
    /** This page is done with `id` (delivered, failed or given up). */
    done_(id: string) {
      onWire.delete(id);
      attemptOf.delete(id);
    },
    /** The page begins to leave (`beforeunload`), or stays after all (shown again). */
    leaving_(now: boolean) {
      leaving = now ? Date.now() : Infinity;
      if (!now) for (const resolve of stayed.splice(0)) resolve();
    },
    /**
     * At `pagehide`: requests on the wire (or cut by the leaving) are handed over with what this
     * page knew of them; a cut request counts as the one on the wire, whatever its retry sent
     * after it.
     */
    handOverAll_() {
      for (const [id, { at, attempt, failing }] of cut)
        if (cutByUnload(at)) handOver(id, attempt, failing);
        else cut.delete(id);
      for (const id of onWire)
        if (!cut.has(id)) handOver(id, attemptOf.get(id), failing ?? outbox.get(id)?.lastError);
      cut.clear();
    },
  };
}
