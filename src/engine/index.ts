/**
 * The engine: validation, the outbox, cross-tab leases and delivery, wired for one tracker.
 * Loaded on demand, so a landing page that only captures a click never downloads it.
 */

import { own } from '../config/own.js';
import { serialize } from '../delivery/json.js';
import { createLimit } from '../delivery/limit.js';
import { createSender, type Undelivered } from '../delivery/send.js';
import type { OutboxEntry } from '../outbox/entry.js';
import { OUTCOME_KEY_PREFIX } from '../outbox/keys.js';
import { createLeases } from '../outbox/lease.js';
import { createOutbox } from '../outbox/outbox.js';
import { createStore } from '../outbox/store.js';
import type { DubTrackError, EventKind } from '../outcome/DubTrackError.js';
import type { TrackResult } from '../outcome/events.js';
import { validate } from '../validation/validate.js';
import type { CreateEngine, Engine } from './contract.js';
import { resolveDeliveryOptions } from './options.js';
import { prototypeSetter, refusingEngine } from './prototypeSetter.js';

/** `true` in the `<script>` builds, which run in a browser only (set by scripts/build.mjs). */
declare const __CLASSIC_SCRIPT__: boolean;

/** Requests in flight at once: a burst neither floods the endpoint nor the browser's connections. */
export const CONCURRENCY = 4;

const SECRET_KEY = /^dub_(?!pk_)/;
const CONSENT_REFUSED = 'consent was refused';
/** How long a raw call kept by another page's core is left to that page's engine. */
const RAW_GRACE_MS = 3_000;
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
  error?: DubTrackError;
}

/** A call's promise, settled once consent is given or refused. */
type Held = [resolve: (result: TrackResult) => void, reject: (error: DubTrackError) => void];

export const createEngine: CreateEngine = (host) => {
  const setter = prototypeSetter();
  if (setter) return refusingEngine(host, setter);
  const { emit, DubTrackError: Failure } = host;
  /** The body as JSON text that reads back as the checked body (`serialize`); nothing bent is sent. */
  const toBody = (body: Record<string, unknown>, kind: EventKind) => {
    const text = serialize(body);
    if (text !== undefined) return text;
    throw new Failure(
      'ConfigError',
      'this page replaced JSON.stringify or JSON.parse before dub-track started, and the event does not read back through them: nothing was sent',
      { kind },
    );
  };
  const persistent = () => host.consent() === 'granted';
  const report = (message: string) => emit('error', new Failure('ConfigError', message));
  const config = resolveDeliveryOptions(host.options, report);
  /** Why calls are refused outright, if they are: nothing is validated, kept or sent then. */
  const refusal = () =>
    // Written out where it is used: the `<script>` build folds it to `true` only there.
    !(__CLASSIC_SCRIPT__ || typeof document === 'object')
      ? 'dub-track runs in a browser only'
      : SECRET_KEY.test(config.publishableKey ?? '')
        ? 'secret API key refused: use a publishable key (dub_pk_...)'
        : host.consent() === 'denied'
          ? CONSENT_REFUSED
          : '';
  const store = createStore(persistent);
  const limit = createLimit(CONCURRENCY);
  const send = createSender(config, Failure);
  /** Events this tab is sending or has queued; those whose lease it holds are kept renewed. */
  const inFlight = new Set<string>();
  /** This page's calls not settled yet: the outbox cap never drops them (a burst is no backlog). */
  const calls = new Set<string>();
  /** Calls of this page whose events wait for consent: their promises settle once it is given. */
  const held = new Map<string, Held>();
  // Long enough for every in-page attempt and wait; renewed before each retry.
  const leaseMs = config.retry.timeoutMs + config.retry.backoffLimitMs + 5_000;
  const [take, claim, renew, release] = createLeases(store, leaseMs);

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

  /** Leaves the outcome of another page's raw call where that page's late engine looks (`settleLate`). */
  const leaveOutcome = (id: string, outcome: Omit<Outcome, 'at'>) =>
    store.set(OUTCOME_KEY_PREFIX + id, JSON.stringify({ at: Date.now(), ...outcome }));

  const deliver = (entry: OutboxEntry, leased: boolean): Promise<TrackResult | undefined> => {
    const { id, kind } = entry;
    /** Another page's raw call: that page's engine may still come for the outcome (`settleLate`). */
    let forLatePage = false;
    inFlight.add(id);
    // A call's lease was taken with its event; taken again, as it ran out if the call waited for
    // consent. Then renewed while it queues, like every lease this tab holds.
    if (leased) take(id);
    return limit(async () => {
      try {
        if (!leased && !(await claim(id))) return;
        // Another tab may have delivered it since this tab listed it.
        let ready = outbox.get(id);
        if (!ready) {
          if (!leased) return;
          // A call of this page, removed before its turn (another tab's cap or replay, consent
          // refused): its promise must not resolve as if this page had delivered it.
          const reason = refusal();
          throw new Failure(
            reason ? 'ConfigError' : 'NetworkError',
            reason || `event ${id} left the outbox unsent`,
            { kind, eventId: id },
          );
        }
        // An event kept before the engine loaded carries its raw input: validated now.
        if (ready.body === undefined) {
          forLatePage = !leased;
          const body = toBody(validate(kind, ready.input, host.getClickId(), Failure), kind);
          ready = { ...ready, body, input: undefined };
          outbox.put(ready);
        }
        const result = await send(
          ready as OutboxEntry & { body: string },
          (attempt, delayMs, error) => {
            renew(id);
            emit('retry', { kind, eventId: id, attempt, delayMs, error });
          },
        );
        // Before the event leaves the outbox: a late page finds one or the other.
        if (forLatePage) leaveOutcome(id, { result });
        outbox.remove(id);
        emit('success', { kind, ...result });
        return result;
      } catch (thrown) {
        // A failed attempt (with its Retry-After), or an event that cannot be sent at all.
        const { error = thrown as DubTrackError, notBefore } = thrown as Partial<Undelivered>;
        // Gone from the outbox while it was being sent: dropped (cap, age, consent), not kept.
        const kept = error.willRetry && outbox.get(id);
        if (kept) {
          outbox.put({ ...kept, attempts: error.attempt, lastError: error.name, notBefore });
          // (A wait past setTimeout's 24.8-day limit fires at once: a flush that finds it not due.)
          if (notBefore) setTimeout(flush, notBefore - Date.now());
        } else {
          error.willRetry = false;
          // Own fields only: `message` is not enumerable.
          if (forLatePage) leaveOutcome(id, { error: { ...error, message: error.message } });
          outbox.remove(id);
        }
        emit('error', error);
        throw error;
      } finally {
        inFlight.delete(id);
        calls.delete(id);
        release(id);
      }
    });
  };

  /** The outcome stored under `key`, or `null` (none, or unreadable). */
  const readOutcome = (key: string): Outcome | null => {
    try {
      // Own properties only, like every stored record.
      return own(JSON.parse(store.get(key) as string));
    } catch {
      return null;
    }
  };

  /** Sends a call of this page: its lease and validated entry are written, then delivered. */
  const sendOwn = (entry: OutboxEntry): Promise<TrackResult> => {
    // The lease is written before the event, so a tab that sees the event also sees it is taken.
    take(entry.id);
    // Raw calls the core kept a moment ago (a burst) are calls under way too, not a backlog.
    outbox.add(entry, (kept) => calls.has(kept.id) || kept.body === undefined);
    if (!persistent()) return new Promise((...settle) => held.set(entry.id, settle));
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
      const kept = outbox.get(id);
      if (!kept) {
        const outcome = readOutcome(key);
        if (!outcome) return sendOwn(entry);
        store.remove(key);
        settled();
        if (outcome.result) {
          emit('success', { kind, ...outcome.result });
          return outcome.result;
        }
        const { name, message, ...fields } = outcome.error as DubTrackError;
        const error = new Failure(name, message, fields);
        emit('error', error);
        throw error;
      }
      if (kept.attempts || kept.notBefore) {
        settled();
        const error = new Failure(
          kept.lastError ?? 'NetworkError',
          `event ${id} is kept for a later attempt`,
          { kind, eventId: id, attempt: kept.attempts, willRetry: true },
        );
        emit('error', error);
        throw error;
      }
      if (await claim(id)) return deliver(kept, true) as Promise<TrackResult>;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  const flush = async () => {
    if (!persistent() || refusal()) return;
    const now = Date.now();
    for (const key of store.keys(OUTCOME_KEY_PREFIX))
      if (!((readOutcome(key)?.at ?? 0) > now - OUTCOME_MS)) store.remove(key);
    let graceLeft = 0;
    const due = outbox.list().filter((entry) => {
      // A raw call this young most likely belongs to a tab whose engine is still loading; that
      // tab sends it. Left alone a moment (then replayed), it is never sent by two tabs at once.
      const young = entry.body === undefined ? entry.createdAt + RAW_GRACE_MS - now : 0;
      graceLeft = Math.max(graceLeft, young);
      return !inFlight.has(entry.id) && (entry.notBefore ?? 0) <= now && young <= 0;
    });
    if (graceLeft > 0) setTimeout(flush, graceLeft);
    await Promise.allSettled(due.map((entry) => deliver(entry, false)));
  };

  const track = (
    kind: EventKind,
    input: unknown,
    id: string,
    kept: boolean,
  ): Promise<TrackResult> => {
    let body: Record<string, unknown>;
    let text: string;
    try {
      const reason = refusal();
      if (reason) throw new Failure('ConfigError', reason, { kind });
      body = validate(kind, input, host.getClickId(), Failure);
      text = toBody(body, kind);
    } catch (error) {
      // The raw call the core kept under this id is never to be sent.
      outbox.remove(id);
      emit('error', error as DubTrackError);
      return Promise.reject(error);
    }
    if (config.debug && config.isDub && kind === 'sale' && !body.invoiceId) {
      console.warn(
        '[dub-track] Dub de-duplicates sales by invoiceId: without it, a retry may count twice',
      );
    }
    const entry: OutboxEntry = {
      id,
      kind,
      createdAt: Date.now(),
      attempts: 0,
      body: text,
    };
    calls.add(id);
    const raw = kept && outbox.get(id);
    // Other tabs leave a raw call alone for RAW_GRACE_MS; past half of it (a margin), or once it
    // is gone with an outcome left, another tab may have taken it.
    return kept &&
      (raw ? Date.now() - raw.createdAt >= RAW_GRACE_MS / 2 : readOutcome(OUTCOME_KEY_PREFIX + id))
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
    for (const [, [, reject]] of waiting) reject(new Failure('ConfigError', CONSENT_REFUSED));
  };

  if (__CLASSIC_SCRIPT__ || typeof document === 'object') {
    addEventListener('online', flush);
    setInterval(() => {
      for (const id of inFlight) renew(id);
    }, leaseMs / 3);
    // Replay what earlier pages left, once this page has settled.
    setTimeout(flush);
  }

  const engine: Engine = { track, flush, consent, report };
  return engine;
};
