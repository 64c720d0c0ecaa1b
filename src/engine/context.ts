/**
 * One engine's shared record: the parts every room of the engine reads (the options, the
 * outbox, the leases, the sender) and the little state they share (events in flight, calls not
 * settled, calls waiting for consent, the page hidden). The rooms are plain functions of it.
 * Its own fields end in `_`: the `<script>` build gives them short names (see README.md).
 */

import { isOn } from '../config/options.js';
import type { EngineHost } from '../contract.js';
import { serialize } from '../delivery/json.js';
import { createLimit } from '../delivery/limit.js';
import { createSender } from '../delivery/send.js';
import type { OutboxEntry } from '../outbox/entry.js';
import { createLeases } from '../outbox/lease.js';
import { createOutbox, type Outbox } from '../outbox/outbox.js';
import { LEFT_PREFIX } from '../outbox/record.js';
import { createStore, type Store } from '../outbox/store.js';
import type { DubTrackError, EventKind } from '../outcome/DubTrackError.js';
import type { TrackResult } from '../outcome/events.js';
import type { Debug } from './debug.js';
import { deduplicated, dropHanded } from './handed.js';
import { createHandover } from './handover.js';
import type { DeliveryConfig } from './options.js';

type Leases = ReturnType<typeof createLeases>;
type Handover = ReturnType<typeof createHandover>;
type Limit = ReturnType<typeof createLimit>;
type Sender = ReturnType<typeof createSender>;

import { resolveDeliveryOptions } from './options.js';
import { createPace } from './pace.js';
import type { Abandoned } from './rawGrace.js';
import { createReplay } from './replay.js';

/** `true` in the `<script>` builds, which run in a browser only (set by scripts/build.mjs). */
declare const __CLASSIC_SCRIPT__: boolean;

/** Requests in flight at once: a burst neither floods the endpoint nor the browser's connections. */
export const CONCURRENCY = 4;

const SECRET_KEY = /^dub_(?!pk_)/;
export const CONSENT_REFUSED = 'consent was refused';

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
export const createContext = (
  host: EngineHost,
  tools: Debug | undefined,
  flush: (ctx: Context) => Promise<void>,
): Context => {
  const Failure = host.DubTrackError;
  const debug = isOn(host.options.debug) ? tools : undefined;
  const emit = debug ? debug.emit(host.emit) : host.emit;
  const report = (message: string) => emit('error', new Failure('ConfigError', message));
  const config = resolveDeliveryOptions(host.options, report, debug);
  const store = createStore(() => host.consent() === 'granted');
  const outbox = createOutbox(store, (entry, reason) =>
    emit(
      'error',
      new Failure(entry.lastError ?? 'NetworkError', `event ${entry.id} was dropped: ${reason}`, {
        kind: entry.kind,
        eventId: entry.id,
        attempt: entry.attempts,
      }),
    ),
  );
  const leases = createLeases(store, outbox);
  const { later, backoff, delivered } = createReplay(() => void ctx.flush_());
  const ctx: Context = {
    host_: host,
    Failure_: Failure,
    emit_: emit,
    report_: report,
    config_: config,
    store_: store,
    outbox_: outbox,
    leases_: leases,
    handover_: createHandover({
      outbox,
      owner: leases.owner,
      deduplicated: (entry) => deduplicated(ctx, entry),
      drop: (entry) => dropHanded(ctx, entry),
    }),
    /** A burst of calls is validated and kept in slices between which the page runs. */
    pace_: createPace(),
    limit_: createLimit(CONCURRENCY),
    send_: createSender(config, Failure),
    /** Flushes again in `ms` (the page's one replay timer, `replay.ts`). */
    later_: later,
    backoff_: backoff,
    delivered_: delivered,
    /** Events this tab is sending or has queued: it holds them while its heartbeat lasts. */
    inFlight_: new Set<string>(),
    /** This page's calls not settled yet: the outbox cap never drops them (a burst is no backlog). */
    calls_: new Set<string>(),
    /** Calls of this page whose events wait for consent: their promises settle once it is given. */
    held_: new Map<string, Held>(),
    /**
     * Set from `pagehide` until the page is shown again (back/forward cache): it lets go of its
     * events then, so nothing may start a request meanwhile (the page's last microtasks still run
     * after `pagehide`, and a request started there would race the next page's).
     */
    hidden_: undefined,
    shown_: () => {},
    /** The replay (`flush.ts`), as the other rooms start it. */
    flush_: () => flush(ctx),
  };
  return ctx;
};

/** Whether events may be kept in storage (consent given). */
export const persistent = (ctx: Context) => ctx.host_.consent() === 'granted';

/** Whether event `id` is a raw call its page abandoned as it left (`rawGrace.ts`). */
export const abandoned =
  (ctx: Context): Abandoned =>
  (id) =>
    ctx.store_.get(LEFT_PREFIX + id) != null;

/** Why calls are refused outright, if they are: nothing is validated, kept or sent then. */
export const refusal = (ctx: Context) =>
  // Written out where it is used: the `<script>` build folds it to `true` only there.
  !(__CLASSIC_SCRIPT__ || typeof document === 'object')
    ? 'dub-track runs in a browser only'
    : SECRET_KEY.test(ctx.config_.publishableKey ?? '')
      ? 'secret API key refused: use a publishable key (dub_pk_...)'
      : ctx.host_.consent() === 'denied'
        ? CONSENT_REFUSED
        : ctx.config_.keyRefusal;

/** The body as JSON text that reads back as the checked body (`serialize`); nothing bent is sent. */
export const toBody = (
  Failure: EngineHost['DubTrackError'],
  body: Record<string, unknown>,
  kind: EventKind,
) => {
  const text = serialize(body);
  if (text !== undefined) return text;
  throw new Failure(
    'ConfigError',
    'this page replaced JSON.stringify or JSON.parse, and the event does not read back through them: nothing was sent',
    { kind },
  );
};

/** A kept event with its validated body. */
export type Ready = OutboxEntry & { body: string };
