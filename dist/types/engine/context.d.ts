/**
 * One engine's shared record: the parts every room of the engine reads (the options, the
 * outbox, the leases, the sender) and the little state they share (events in flight, calls not
 * settled, calls waiting for consent, the page hidden). The rooms are plain functions of it;
 * `createContext` in `index.ts` builds it. Its own fields end in `_`: the `<script>` build gives
 * them short names (see README.md).
 */
import type { EngineHost } from '../contract.js';
import type { createLimit } from '../delivery/limit.js';
import type { createSender } from '../delivery/send.js';
import type { OutboxEntry } from '../outbox/entry.js';
import type { createLeases } from '../outbox/lease.js';
import type { Outbox } from '../outbox/outbox.js';
import type { Store } from '../outbox/store.js';
import type { DubTrackError, EventKind } from '../outcome/DubTrackError.js';
import type { TrackResult } from '../outcome/events.js';
import type { createHandover } from './handover.js';
import type { DeliveryConfig } from './options.js';
import type { Abandoned } from './rawGrace.js';
export declare const CONSENT_REFUSED = "consent was refused";
/** A call's promise, settled once consent is given or refused. */
export type Held = [resolve: (result: TrackResult) => void, reject: (error: DubTrackError) => void];
/** An engine's record. */
export interface Context {
    host_: EngineHost;
    /** The core's `DubTrackError` class: every error the engine builds is one. */
    Failure_: EngineHost['DubTrackError'];
    /** The host's `emit`, printed by debug mode where it is on. */
    emit_: EngineHost['emit'];
    /** Emits a `ConfigError` with `message`. */
    report_: (message: string) => void;
    config_: DeliveryConfig;
    store_: Store;
    outbox_: Outbox;
    leases_: ReturnType<typeof createLeases>;
    handover_: ReturnType<typeof createHandover>;
    /** A burst of calls is validated and kept in slices between which the page runs (`pace.ts`). */
    pace_: () => Promise<void>;
    /** At most CONCURRENCY requests at once. */
    limit_: ReturnType<typeof createLimit>;
    send_: ReturnType<typeof createSender>;
    /** Flushes again in `ms` (the page's one replay timer, `replay.ts`). */
    later_: (ms: number) => void;
    /** The wait before the next replay round, and its reset once an event got through. */
    backoff_: () => number;
    delivered_: () => void;
    /** The replay (`flush.ts`), as the other rooms start it. */
    flush_: () => Promise<void>;
    /** Events this tab is sending or has queued: it holds them while its heartbeat lasts. */
    inFlight_: Set<string>;
    /**
     * This page's calls not settled yet, from the moment the core hands them over: the outbox cap
     * never drops them (a burst is no backlog), and the replay leaves them to their call.
     */
    calls_: Set<string>;
    /** Calls of this page whose events wait for consent: their promises settle once it is given. */
    held_: Map<string, Held>;
    /**
     * Set from `pagehide` until the page is shown again (back/forward cache): it lets go of its
     * events then, so nothing may start a request meanwhile (the page's last microtasks still run
     * after `pagehide`, and a request started there would race the next page's).
     */
    hidden_: Promise<void> | undefined;
    /** Settles `hidden_`. */
    shown_: () => void;
}
/** Whether events may be kept in storage (consent given). */
export declare const persistent: (ctx: Context) => boolean;
/** Whether event `id` is a raw call its page abandoned as it left (`rawGrace.ts`). */
export declare const abandoned: (ctx: Context) => Abandoned;
/** Why calls are refused outright, if they are: nothing is validated, kept or sent then. */
export declare const refusal: (ctx: Context) => string;
/**
 * The body as JSON text that reads back as the checked body (`serialize`), or the error it
 * ends with: the validation's, or a `ConfigError` where it does not read back (nothing bent is
 * sent).
 */
export declare const toBody: (ctx: Context, body: Record<string, unknown> | DubTrackError, kind: EventKind) => string | DubTrackError;
/** A call's input as the body to send, or the error that refuses it (`safeValidate`, `toBody`). */
export declare const checked: (ctx: Context, kind: EventKind, input: unknown) => string | DubTrackError<import("../index.js").DubTrackErrorName>;
/** A kept event with its validated body. */
export type Ready = OutboxEntry & {
    body: string;
};
