/**
 * The engine: validation, the outbox, cross-tab leases and delivery, wired for one tracker.
 * Loaded on demand, so a landing page that only captures a click never downloads it.
 */
import { createLimit } from '../delivery/limit.js';
import { createSender, type Undelivered } from '../delivery/send.js';
import type { OutboxEntry } from '../outbox/entry.js';
import { createLeases } from '../outbox/lease.js';
import { createOutbox } from '../outbox/outbox.js';
import { createStore } from '../outbox/store.js';
import type { DubTrackError, EventKind } from '../outcome/DubTrackError.js';
import type { TrackResult } from '../outcome/events.js';
import { validate } from '../validation/validate.js';
import type { CreateEngine, Engine } from './contract.js';
import { resolveDeliveryOptions } from './options.js';

/** `true` in the `<script>` builds, which run in a browser only (set by scripts/build.mjs). */
declare const __CLASSIC_SCRIPT__: boolean;

/** Requests in flight at once: a burst neither floods the endpoint nor the browser's connections. */
export const CONCURRENCY = 4;

const SECRET_KEY = /^dub_(?!pk_)/;
const CONSENT_REFUSED = 'consent was refused';
/** How long a raw call kept by another page's core is left to that page's engine. */
const RAW_GRACE_MS = 3_000;

/** A call's promise, settled once consent is given or refused. */
type Held = [resolve: (result: TrackResult) => void, reject: (error: DubTrackError) => void];

export const createEngine: CreateEngine = (host) => {
  const { emit, DubTrackError: Failure } = host;
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

  const deliver = (entry: OutboxEntry, leased: boolean): Promise<TrackResult | undefined> => {
    const { id, kind } = entry;
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
          const body = JSON.stringify(validate(kind, ready.input, host.getClickId(), Failure));
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

  const flush = async () => {
    if (!persistent() || refusal()) return;
    const now = Date.now();
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

  const track = (kind: EventKind, input: unknown, id: string): Promise<TrackResult> => {
    let body: Record<string, unknown>;
    try {
      const reason = refusal();
      if (reason) throw new Failure('ConfigError', reason, { kind });
      body = validate(kind, input, host.getClickId(), Failure);
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
      body: JSON.stringify(body),
    };
    // The lease is written before the event, so a tab that sees the event also sees it is taken.
    take(id);
    calls.add(id);
    // Raw calls the core kept a moment ago (a burst) are calls under way too, not a backlog.
    outbox.add(entry, (kept) => calls.has(kept.id) || kept.body === undefined);
    if (!persistent()) return new Promise((...settle) => held.set(id, settle));
    return deliver(entry, true) as Promise<TrackResult>;
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
