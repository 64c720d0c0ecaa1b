/**
 * The engine: validation, the outbox, cross-tab leases and delivery, wired for one tracker.
 * Loaded on demand, so a landing page that only captures a click never downloads it.
 */

import { isOn } from '../config/options.js';
import type { ChunkLoader, CreateEngine, Engine, EngineHost } from '../contract.js';
import { own } from '../defences/own.js';
import type { refusingEngine } from '../defences/prototypeSetter.js';
import { prototypeSetter } from '../defences/prototypeSetter.js';
import { serialize } from '../delivery/json.js';
import { createLimit } from '../delivery/limit.js';
import { createSender } from '../delivery/send.js';
import type { OutboxEntry } from '../outbox/entry.js';
import { OUTCOME_KEY_PREFIX } from '../outbox/keys.js';
import { createLeases, LEASE_MS } from '../outbox/lease.js';
import { createOutbox } from '../outbox/outbox.js';
import { LEFT_PREFIX, readJson } from '../outbox/record.js';
import { createStore } from '../outbox/store.js';
import type { DubTrackError, EventKind } from '../outcome/DubTrackError.js';
import { type ErrorData, toError } from '../outcome/errorData.js';
import type { TrackResult } from '../outcome/events.js';
import { validate } from '../validation/validate.js';
import type { Debug } from './debug.js';
import { createHandover, HANDED_GRACE_MS } from './handover.js';
import { resolveDeliveryOptions } from './options.js';
import { createPace } from './pace.js';
import { describeProblem, trackerHidden } from './problems.js';
import { type Abandoned, mayBeTaken, rawGraceLeft } from './rawGrace.js';
import { createReplay } from './replay.js';
import { warmUp } from './warmUp.js';

/** `true` in the `<script>` builds, which run in a browser only (set by scripts/build.mjs). */
declare const __CLASSIC_SCRIPT__: boolean;

/** Requests in flight at once: a burst neither floods the endpoint nor the browser's connections. */
export const CONCURRENCY = 4;

const SECRET_KEY = /^dub_(?!pk_)/;
const CONSENT_REFUSED = 'consent was refused';
/** How long the outcome of another page's raw call waits for that page's late engine. */
const OUTCOME_MS = 10 * 60_000;
/** How often a page whose raw call another tab is sending looks whether it is done. */
const POLL_MS = 250;
/**
 * What a tab that replayed another page's raw call leaves for that page, in case its engine is
 * still coming: the result, or the error that ended the event.
 */
interface Outcome {
  at: number;
  result?: TrackResult;
  error?: ErrorData;
}

/** A call's promise, settled once consent is given or refused. */
type Held = [resolve: (result: TrackResult) => void, reject: (error: DubTrackError) => void];

/**
 * The engine. `tools`: debug mode's printing (the debug chunk), used when the options turn debug
 * mode on.
 */
export const createEngine = (host: EngineHost, tools?: Debug): Engine => {
  const { DubTrackError: Failure } = host;
  const debug = isOn(host.options.debug) ? tools : undefined;
  const emit = debug ? debug.emit(host.emit) : host.emit;
  /** A burst of calls is validated and kept in slices between which the page runs. */
  const pace = createPace();
  /** The body as JSON text that reads back as the checked body (`serialize`); nothing bent is sent. */
  const toBody = (body: Record<string, unknown>, kind: EventKind) => {
    const text = serialize(body);
    if (text !== undefined) return text;
    throw new Failure(
      'ConfigError',
      'this page replaced JSON.stringify or JSON.parse, and the event does not read back through them: nothing was sent',
      { kind },
    );
  };
  const persistent = () => host.consent() === 'granted';
  const report = (message: string) => emit('error', new Failure('ConfigError', message));
  const config = resolveDeliveryOptions(host.options, report, debug);
  /** Why calls are refused outright, if they are: nothing is validated, kept or sent then. */
  const refusal = () =>
    // Written out where it is used: the `<script>` build folds it to `true` only there.
    !(__CLASSIC_SCRIPT__ || typeof document === 'object')
      ? 'dub-track runs in a browser only'
      : SECRET_KEY.test(config.publishableKey ?? '')
        ? 'secret API key refused: use a publishable key (dub_pk_...)'
        : host.consent() === 'denied'
          ? CONSENT_REFUSED
          : config.keyRefusal;
  const store = createStore(persistent);
  const limit = createLimit(CONCURRENCY);
  const send = createSender(config, Failure);
  /** Events this tab is sending or has queued: it holds them while its heartbeat lasts. */
  const inFlight = new Set<string>();
  /** This page's calls not settled yet: the outbox cap never drops them (a burst is no backlog). */
  const calls = new Set<string>();
  /** Calls of this page whose events wait for consent: their promises settle once it is given. */
  const held = new Map<string, Held>();
  /**
   * Set from `pagehide` until the page is shown again (back/forward cache): it lets go of its
   * events then, so nothing may start a request meanwhile (the page's last microtasks still run
   * after `pagehide`, and a request started there would race the next page's).
   */
  let hidden: Promise<void> | undefined;
  let shown = () => {};

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
  const abandoned: Abandoned = (id) => store.get(LEFT_PREFIX + id) != null;

  const { later, backoff, delivered } = createReplay(() => void flush());

  /**
   * Whether the endpoint counts this event once however often it arrives: Dub de-duplicates a
   * sale by its invoice and a lead by customer and event name (unless deferred); another
   * endpoint, by the idempotency key when it is sent.
   */
  const deduplicated = ({ kind, body }: OutboxEntry) => {
    if (!config.isDub) return !!config.idempotencyHeader;
    // Own fields only: a page's `Object.prototype.invoiceId` makes no sale de-duplicated.
    const sent = own(JSON.parse(body ?? '{}'));
    return kind === 'sale' ? !!sent.invoiceId : kind === 'lead' && sent.mode !== 'deferred';
  };

  /**
   * Reports a handed-over event that is not sent again: it leaves the outbox now, on this page,
   * with what would have made a resend safe.
   */
  const dropHanded = ({ id, kind, attempts }: OutboxEntry) => {
    outbox.remove(id);
    const safe = !config.isDub
      ? 'an idempotency header the endpoint reads'
      : kind === 'sale'
        ? 'an invoiceId'
        : 'a lead not deferred';
    const message = `event ${id} is not sent again: its page closed during its first request to an answering endpoint (likely delivered); a resend is safe with ${safe}`;
    emit(
      'error',
      new Failure('NetworkError', message, { kind, eventId: id, attempt: attempts + 1 }),
    );
  };

  const handover = createHandover({
    outbox,
    owner: leases.owner,
    deduplicated,
    drop: dropHanded,
  });

  /** Leaves the outcome of another page's raw call where that page's late engine looks (`settleLate`). */
  const leaveOutcome = (id: string, outcome: Omit<Outcome, 'at'>) =>
    store.set(OUTCOME_KEY_PREFIX + id, JSON.stringify({ at: Date.now(), ...outcome }));

  /** The error of a call of this page whose event another tab sends now: still kept. */
  const sentElsewhere = ({ id, kind }: OutboxEntry) =>
    new Failure('NetworkError', `event ${id} is sent by another page`, {
      kind,
      eventId: id,
      willRetry: true,
    });

  /**
   * The error of a call of this page whose event left the outbox before its turn (another tab's
   * cap or replay, consent refused): its promise must not resolve as if this page delivered it.
   */
  const unsent = ({ id, kind }: OutboxEntry) => {
    const reason = refusal();
    return new Failure(
      reason ? 'ConfigError' : 'NetworkError',
      reason || `event ${id} left the outbox unsent`,
      { kind, eventId: id },
    );
  };

  /**
   * Takes a kept event for this tab: its lease (or, for a call of this page, its entry as written),
   * with a raw call another page left validated. `undefined`: another tab has it or it is gone,
   * and this is a replay (looked at again later where another tab holds it). Throws the error of
   * an event that cannot be sent, or of a call of this page that another tab sends, built with
   * its final fields.
   */
  const take = async (
    entry: OutboxEntry,
    own: boolean,
  ): Promise<(OutboxEntry & { body: string }) | undefined> => {
    const { id, kind } = entry;
    let ready = own ? outbox.fresh(id) : await leases.claim(id);
    if (!ready) {
      // Held by another live tab: looked at again once its lease could have run out.
      if (!own) return void (outbox.get(id) && later(LEASE_MS));
      throw unsent(entry);
    }
    // A customer an earlier version kept for Dub's API, which has no endpoint for it.
    if (kind === 'customer' && config.customerRefusal)
      throw new Failure('ConfigError', config.customerRefusal, { kind, eventId: id });
    if (ready.owner !== leases.owner) {
      // A call of this page that waited for consent, or that a frozen page's absence freed.
      if (!leases.free(ready)) throw sentElsewhere(entry);
      ready = { ...ready, owner: leases.owner };
      outbox.put(ready);
    }
    // An event kept before the engine loaded carries its raw input: validated now.
    if (ready.body === undefined) {
      const body = toBody(validate(kind, ready.input, host.getClickId(), Failure), kind);
      ready = { ...ready, body, input: undefined };
      outbox.put(ready);
    }
    if (hidden) {
      await hidden;
      // Back from the back/forward cache: another page may have taken the event meanwhile.
      if (!leases.holds(id)) {
        if (!own) return;
        const now = outbox.fresh(id);
        throw now && !leases.free(now) ? sentElsewhere(entry) : unsent(entry);
      }
    }
    return ready as OutboxEntry & { body: string };
  };

  /** Sends a kept event: one of this page's calls (`own`), or one it claims from the outbox. */
  const deliver = (entry: OutboxEntry, own: boolean): Promise<TrackResult | undefined> => {
    const { id, kind } = entry;
    /** Another page's raw call: that page's engine may still come for the outcome (`settleLate`). */
    const forLatePage = !own && entry.body === undefined;
    /**
     * The error a failed send ends with, built once with whether the event is kept: another
     * tab's now, kept for a later attempt, or ended. `undefined`: a replay another tab took over.
     */
    const failed = (error: ErrorData, retry: boolean, notBefore?: number) => {
      handover.gaveUp(id, error.attempt as number, error.name, retry);
      const now = outbox.fresh(id);
      // Another page took it over while this one was frozen: it is theirs.
      if (now && !leases.free(now))
        return own ? toError(Failure, error, { willRetry: true }) : undefined;
      if (!(retry && now)) {
        // Gone from the outbox while it was being sent (cap, age, consent), or refused: not kept.
        if (forLatePage) leaveOutcome(id, { error });
        outbox.remove(id);
        return toError(Failure, error);
      }
      // `willRetry` only where a later page load finds it; else it is retried by this page only.
      const stored = outbox.put({
        ...now,
        owner: undefined,
        handed: undefined,
        attempts: error.attempt as number,
        lastError: error.name,
        notBefore,
      });
      // (A wait past setTimeout's 24.8-day limit fires at once: a flush that finds it not due.)
      later(notBefore ? notBefore - Date.now() : backoff());
      return toError(Failure, error, { willRetry: stored, kept: stored ? 'storage' : 'memory' });
    };
    inFlight.add(id);
    leases.hold();
    return limit(async () => {
      // Held for the whole attempt where the page has Web Locks: no other tab sends it meanwhile.
      const release = await leases.lock(id);
      let error: DubTrackError | undefined;
      try {
        // Another tab is sending it now: looked at again once that tab could be done with it.
        if (!release && !own) return void later(LEASE_MS);
        if (!release) throw sentElsewhere(entry);
        const ready = await take(entry, own);
        if (!ready) return;
        handover.wire(id, ready.attempts + 1);
        const sent = await send(
          ready,
          (attempt, delayMs, error) => {
            handover.retrying(id, attempt, error.name);
            emit('retry', { kind, eventId: id, attempt, delayMs, error });
          },
          () => leases.holds(id) && handover.wire(id),
        );
        if (!sent.ok) error = failed(sent.error, sent.retry, sent.notBefore);
        else {
          const { result } = sent;
          // Before the event leaves the outbox: a late page finds one or the other.
          if (forLatePage) leaveOutcome(id, { result });
          outbox.remove(id);
          delivered();
          handover.succeeded(id);
          emit('success', { kind, ...result });
          return result;
        }
      } catch (thrown) {
        // An event that cannot be sent, or one another tab sends (`take`): its error was built
        // with its final fields. Refused, it ends here; held elsewhere, it is the other tab's.
        error = thrown as DubTrackError;
        if (!error.willRetry) {
          // Own fields only: `message` is not enumerable.
          if (forLatePage) leaveOutcome(id, { error: { ...error, message: error.message } });
          outbox.remove(id);
        } else if (!own) return;
      } finally {
        release?.();
        inFlight.delete(id);
        handover.done(id);
        calls.delete(id);
        if (!inFlight.size) leases.idle();
      }
      if (error) {
        emit('error', error);
        throw error;
      }
    });
  };

  /** The outcome stored under `key`, or `null` (none, or unreadable). */
  const readOutcome = (key: string) => readJson<Outcome>(store.get(key));

  /** Sends a call of this page: its validated entry is written, naming this tab, then delivered. */
  const sendOwn = (entry: OutboxEntry): Promise<TrackResult> => {
    // Raw calls the core kept a moment ago (a burst) are calls under way too, not a backlog.
    const busy = (kept: OutboxEntry) => calls.has(kept.id) || kept.body === undefined;
    if (!persistent()) {
      outbox.add(entry, busy);
      return new Promise((...settle) => held.set(entry.id, settle));
    }
    // The heartbeat is written before the event names this tab: a tab that sees one sees both.
    leases.hold();
    outbox.add({ ...entry, owner: leases.owner }, busy);
    return deliver(entry, true) as Promise<TrackResult>;
  };

  /**
   * A call whose raw input waited in the outbox so long (this engine was slow to load) that
   * another tab may have taken it. If that tab sent it, its outcome is this call's; while it holds
   * it, this page waits; if it was left for a later attempt, so is this call. Otherwise (nobody
   * took it, or storage was cleared) this page sends it as usual.
   */
  const settleLate = async (entry: OutboxEntry): Promise<TrackResult> => {
    const { id, kind } = entry;
    const key = OUTCOME_KEY_PREFIX + id;
    // Meanwhile this tab's own flush must not send it too (`deliver` keeps it so after this).
    inFlight.add(id);
    /** This call settles without this tab sending the event. */
    const settled = () => {
      calls.delete(id);
      inFlight.delete(id);
    };
    for (;;) {
      const kept = outbox.fresh(id);
      if (!kept) {
        const outcome = readOutcome(key);
        if (!outcome) return sendOwn(entry);
        store.remove(key);
        settled();
        if (outcome.result) {
          emit('success', { kind, ...outcome.result });
          return outcome.result;
        }
        const error = toError(Failure, outcome.error as ErrorData);
        emit('error', error);
        throw error;
      }
      if (kept.attempts || kept.notBefore) {
        settled();
        const error = new Failure(
          kept.lastError ?? 'NetworkError',
          `event ${id} is kept for a later attempt`,
          { kind, eventId: id, attempt: kept.attempts, willRetry: true, kept: 'storage' },
        );
        emit('error', error);
        throw error;
      }
      if (await leases.claim(id)) return deliver(kept, true) as Promise<TrackResult>;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  const flush = async () => {
    if (hidden || !persistent() || refusal()) return;
    // Events kept in memory when storage failed reach it once it works again.
    if (store.hasMemory()) store.persist();
    const now = Date.now();
    const due: OutboxEntry[] = [];
    for (const entry of outbox.list()) {
      if (inFlight.has(entry.id)) continue;
      // Another page's raw call is left to it a moment, unless that page left without its engine.
      let wait = Math.max((entry.notBefore ?? 0) - now, rawGraceLeft(entry, now, abandoned));
      if (entry.handed) {
        // Another live tab's request on the wire: that tab deals with it.
        if (!leases.free(entry)) {
          later(LEASE_MS);
          continue;
        }
        // Its page unloaded with the request in flight: sent again after that request had time
        // to land, unless it most likely delivered it (a record an older version handed over
        // without deciding; this version decides at `pagehide`).
        if (!handover.resend(entry)) {
          dropHanded(entry);
          continue;
        }
        wait = Math.max(wait, entry.handed + HANDED_GRACE_MS - now);
      }
      if (wait > 0) later(wait);
      else due.push(entry);
    }
    await Promise.allSettled(due.map((entry) => deliver(entry, false)));
  };

  const track = async (
    kind: EventKind,
    input: unknown,
    id: string,
    kept: boolean,
  ): Promise<TrackResult> => {
    await pace();
    let body: Record<string, unknown>;
    let text: string;
    try {
      const reason = (kind === 'customer' && config.customerRefusal) || refusal();
      if (reason) throw new Failure('ConfigError', reason, { kind });
      body = validate(kind, input, host.getClickId(), Failure);
      text = toBody(body, kind);
    } catch (error) {
      // The raw call the core kept under this id is never to be sent.
      outbox.remove(id);
      emit('error', error as DubTrackError);
      throw error;
    }
    config.debug?.noInvoice(config.isDub, kind, body);
    const entry: OutboxEntry = {
      id,
      kind,
      createdAt: Date.now(),
      attempts: 0,
      body: text,
    };
    calls.add(id);
    const raw = kept && outbox.fresh(id);
    // Another tab may have taken the raw call (see `mayBeTaken`), or sent it, leaving an outcome.
    return kept &&
      (raw ? mayBeTaken(raw, Date.now(), abandoned) : readOutcome(OUTCOME_KEY_PREFIX + id))
      ? settleLate(entry)
      : sendOwn(entry);
  };

  const consent = (granted: boolean) => {
    const waiting = [...held];
    held.clear();
    if (granted) {
      store.persist();
      for (const [id, [resolve, reject]] of waiting) {
        const entry = outbox.get(id);
        // A call's delivery settles with a result or an error, never undefined.
        if (entry) deliver(entry, true).then(resolve as (result?: TrackResult) => void, reject);
      }
      void flush();
      return;
    }
    // The core has already removed what earlier pages left in localStorage.
    store.clearMemory();
    outbox.load();
    for (const [, [, reject]] of waiting) reject(new Failure('ConfigError', CONSENT_REFUSED));
  };

  if (__CLASSIC_SCRIPT__ || typeof document === 'object') {
    // Page lifecycle, each edge in one place: tried again when the browser is back online or the
    // page is shown again; let go of (and requests in flight marked as handed over) when the page
    // is hidden for good or frozen; taken up again when it comes back from the back/forward cache.
    addEventListener('online', flush);
    addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void flush();
    });
    addEventListener('beforeunload', () => {
      handover.leaving(true);
    });
    addEventListener('pagehide', () => {
      hidden = new Promise((resolve) => {
        shown = resolve;
      });
      handover.handOverAll();
      leases.idle();
    });
    addEventListener('pageshow', (event) => {
      if (!event.persisted) return;
      hidden = undefined;
      if (inFlight.size) leases.hold();
      shown();
      // Requests that were in flight are this page's again, unless another page dealt with them.
      handover.leaving(false);
      for (const id of inFlight) {
        const kept = outbox.fresh(id);
        if (kept?.handed && !kept.owner)
          outbox.put({ ...kept, owner: leases.owner, handed: undefined });
      }
    });
    // Other tabs' writes keep the index in step (`sync` reads the key as a record's, in any
    // format, and finds nothing under any other); `null` is a `localStorage.clear()`.
    addEventListener('storage', ({ key }) => {
      if (key === null) outbox.load();
      else outbox.sync(key);
    });
    // Replay what earlier pages left, once this page has settled; outcomes no late page came for
    // and heartbeats of tabs that are gone are cleared then, the only whole-storage reads.
    setTimeout(() => {
      const now = Date.now();
      for (const key of store.keys(OUTCOME_KEY_PREFIX))
        if (!((readOutcome(key)?.at ?? 0) > now - OUTCOME_MS)) store.remove(key);
      leases.sweep();
      void flush();
    });
  }

  if (host.options.preload === 'engine') warmUp(config, Failure, toBody);

  config.debug?.announce(config.apiHost, host.options);
  if (trackerHidden()) report(describeProblem(['readOnly']));

  const engine: Engine = {
    track,
    flush,
    consent,
    report: (problem) => report(describeProblem(problem)),
  };
  return engine;
};

/** `true` in the ES module builds, where the debug chunk is a dynamic import. */
declare const __MODULE__: boolean;
/** The debug chunk's SHA-256, pinned by the engine in the `<script>` build. */
declare const __DEBUG_INTEGRITY__: string;
/** The refusing engine's SHA-256, pinned by the engine in the `<script>` build. */
declare const __REFUSING_INTEGRITY__: string;

/**
 * The engine as the core asks for it. A page with a setter on `Object.prototype` gets the
 * refusing engine (`src/defences/prototypeSetter.ts`), a chunk of its own that other pages never
 * download. A page in debug mode gets the engine once the debug chunk (what debug mode prints)
 * is loaded, and without the printing if that fails: debug mode never stops the tracker.
 */
export const startEngine: CreateEngine = (host) => {
  const setter = prototypeSetter();
  if (setter)
    return (
      __MODULE__
        ? import('../defences/prototypeSetter.js').then((chunk) => chunk.refusingEngine)
        : ((host.load as ChunkLoader)([
            'refusing',
            __REFUSING_INTEGRITY__,
            'dubTrackRefusing',
          ]) as Promise<typeof refusingEngine>)
    ).then((refuse) => refuse(host, setter));
  return isOn(host.options.debug)
    ? (__MODULE__
        ? import('./debug.js').then((chunk) => chunk.debug)
        : ((host.load as ChunkLoader)([
            'debug',
            __DEBUG_INTEGRITY__,
            'dubTrackDebug',
          ]) as Promise<Debug>)
      ).then(
        (tools) => createEngine(host, tools),
        () => createEngine(host),
      )
    : createEngine(host);
};
