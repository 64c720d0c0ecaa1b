import type { OutboxEntry } from '../outbox/entry.js';
import type { Outbox } from '../outbox/outbox.js';
import type { DubTrackErrorName } from '../outcome/DubTrackError.js';
/**
 * How long a request handed over at unload is given to land before the event is sent again (in
 * case it did not): Dub records a sale's invoice only once the first request is done, so a
 * resend racing it would count twice.
 */
export declare const HANDED_GRACE_MS = 10000;
/** How long before `pagehide` a request that failed without an answer counts as cut by the unload. */
export declare const CUT_MS = 1000;
/**
 * How long a page that began to leave holds its retries: still here after that, it stayed (a
 * download, a `mailto:` link, a navigation another script cancelled). A navigation whose next
 * page takes longer to answer may see a retry cut again.
 */
export declare const STAY_MS = 10000;
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
export declare function createHandover({ outbox, owner, deduplicated, drop }: HandoverParts): {
    resend_: (entry: OutboxEntry) => boolean;
    /** Attempt `attempt` of `id` goes on the wire; `true`, for ky's resume check. */
    wire_(id: string, attempt?: number): boolean;
    /**
     * Resolves when a retry due now may start: at once, or for a leaving page once it stays after
     * all (shown again, or still here after STAY_MS). Firefox cuts a leaving page's requests, and
     * a retry sent after the cut would count twice where the cut attempt had arrived; a page that
     * goes never starts it, and the cut attempt is decided at `pagehide` like any on the wire.
     */
    stays_: () => Promise<void>;
    /** An attempt failed with `name` and the event waits for attempt `next`. */
    retrying_(id: string, next: number, name: DubTrackErrorName): void;
    /** The last attempt this page makes at `id` failed with `name` (`retried`: worth another). */
    gaveUp_(id: string, attempt: number, name: DubTrackErrorName, retried: boolean): void;
    succeeded_(id: string): void;
    /** This page is done with `id` (delivered, failed or given up). */
    done_(id: string): void;
    /** The page begins to leave (`beforeunload`), or stays after all (shown again). */
    leaving_(now: boolean): void;
    /**
     * At `pagehide`: requests on the wire (or cut by the leaving) are handed over with what this
     * page knew of them; a cut request counts as the one on the wire, whatever its retry sent
     * after it.
     */
    handOverAll_(): void;
};
