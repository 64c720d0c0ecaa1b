/**
 * One engine's shared record: the parts every room of the engine reads (the options, the
 * outbox, the leases, the sender) and the little state they share (events in flight, calls not
 * settled, calls waiting for consent, the page hidden). The rooms are plain functions of it.
 * Its own fields end in `_`: the `<script>` build gives them short names (see README.md).
 */
import type { EngineHost } from '../contract.js';
import { createLimit } from '../delivery/limit.js';
import { createSender } from '../delivery/send.js';
import type { OutboxEntry } from '../outbox/entry.js';
import { createLeases } from '../outbox/lease.js';
import { type Outbox } from '../outbox/outbox.js';
import { type Store } from '../outbox/store.js';
import type { DubTrackError, EventKind } from '../outcome/DubTrackError.js';
import type { TrackResult } from '../outcome/events.js';
import type { Debug } from './debug.js';
import { createHandover } from './handover.js';
import type { DeliveryConfig } from './options.js';
type Leases = ReturnType<typeof createLeases>;
type Handover = ReturnType<typeof createHandover>;
type Limit = ReturnType<typeof createLimit>;
type Sender = ReturnType<typeof createSender>;
import type { Abandoned } from './rawGrace.js';
/** Requests in flight at once: a burst neither floods the endpoint nor the browser's connections. */
export declare const CONCURRENCY = 4;
export declare const CONSENT_REFUSED = "consent was refused";
/** A call's promise, settled once consent is given or refused. */
export type Held = [resolve: (result: TrackResult) => void, reject: (error: DubTrackError) => void];
/** An engine's record; its fields are described where `createContext` builds them. */
export interface Context {
    host_: EngineHost;
    Failure_: EngineHost['DubTrackError'];
    emit_: EngineHost['emit'];
    report_: (message: string) => void;
    config_: DeliveryConfig;
    store_: Store;
    outbox_: Outbox;
    leases_: Leases;
    handover_: Handover;
    pace_: () => Promise<void>;
    limit_: Limit;
    send_: Sender;
    later_: (ms: number) => void;
    backoff_: () => number;
    delivered_: () => void;
    inFlight_: Set<string>;
    calls_: Set<string>;
    held_: Map<string, Held>;
    hidden_: Promise<void> | undefined;
    shown_: () => void;
    flush_: () => Promise<void>;
}
/**
 * Builds an engine's record. `flush` is the replay (`flush.ts`), passed in so that this file
 * imports no room that reads the record.
 */
export declare const createContext: (host: EngineHost, tools: Debug | undefined, flush: (ctx: Context) => Promise<void>) => Context;
/** Whether events may be kept in storage (consent given). */
export declare const persistent: (ctx: Context) => boolean;
/** Whether event `id` is a raw call its page abandoned as it left (`rawGrace.ts`). */
export declare const abandoned: (ctx: Context) => Abandoned;
/** Why calls are refused outright, if they are: nothing is validated, kept or sent then. */
export declare const refusal: (ctx: Context) => string;
/** The body as JSON text that reads back as the checked body (`serialize`); nothing bent is sent. */
export declare const toBody: (Failure: EngineHost['DubTrackError'], body: Record<string, unknown>, kind: EventKind) => string;
/** A kept event with its validated body. */
export type Ready = OutboxEntry & {
    body: string;
};
export {};
