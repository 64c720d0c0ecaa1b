/**
 * One event's delivery: `take` makes a kept event this tab's to send, `deliver` sends it and
 * settles what the outbox keeps after it. Own calls (`own.ts`), late calls (`late.ts`), consent
 * (`consent.ts`) and replay (`flush.ts`) are its callers: `own` for a call of this page, whose
 * promise gets the result or the error; not `own` for a replay, which another tab may have.
 */

import type { OutboxEntry } from '../outbox/entry.js';
import { LEASE_MS } from '../outbox/lease.js';
import type { DubTrackError } from '../outcome/DubTrackError.js';
import { type ErrorData, toError } from '../outcome/errorData.js';
import type { TrackResult } from '../outcome/events.js';
import { type Context, checked, type Ready, refusal } from './context.js';
import { leaveOutcome } from './outcomes.js';

/** The error of a call of this page whose event another tab sends now: still kept. */
export const sentElsewhere = (ctx: Context, { id, kind }: OutboxEntry) =>
  new ctx.Failure_('NetworkError', `event ${id} is sent by another page`, {
    kind,
    eventId: id,
    willRetry: true,
  });

/**
 * The error of a call of this page whose event left the outbox before its turn (another tab's
 * cap or replay, consent refused): its promise must not resolve as if this page delivered it.
 */
export const unsent = (ctx: Context, { id, kind }: OutboxEntry) => {
  const reason = refusal(ctx);
  return new ctx.Failure_(
    reason ? 'ConfigError' : 'NetworkError',
    reason || `event ${id} left the outbox unsent`,
    { kind, eventId: id },
  );
};

/**
 * Ends an event that cannot be sent: it leaves the outbox, and where it is another page's raw
 * call (`forLatePage`), its error is left for that page's engine. Returns the error.
 */
const ended = (ctx: Context, id: string, forLatePage: boolean, error: DubTrackError) => {
  // Own fields only: `message` is not enumerable.
  if (forLatePage) leaveOutcome(ctx.store_, id, { error: { ...error, message: error.message } });
  ctx.outbox_.remove(id);
  return error;
};

/**
 * Takes a kept event for this tab: its lease (or, for a call of this page, its entry as written),
 * with a raw call another page left validated. Returns the entry ready to send; `undefined` for
 * a replay that is not this tab's (another tab has it, or it is gone: looked at again later
 * where another tab holds it); or the error the call ends with, built with its final fields: an
 * event that cannot be sent (it leaves the outbox), or a call of this page another tab sends.
 */
export const take = async (
  ctx: Context,
  entry: OutboxEntry,
  own: boolean,
  forLatePage: boolean,
): Promise<Ready | DubTrackError | undefined> => {
  const { id, kind } = entry;
  let ready = own ? ctx.outbox_.fresh(id) : await ctx.leases_.claim(id);
  if (!ready) {
    // Held by another live tab: looked at again once its lease could have run out.
    if (!own) return void (ctx.outbox_.get(id) && ctx.later_(LEASE_MS));
    return ended(ctx, id, forLatePage, unsent(ctx, entry));
  }
  // A customer an earlier version kept for Dub's API, which has no endpoint for it.
  if (kind === 'customer' && ctx.config_.customerRefusal)
    return ended(
      ctx,
      id,
      forLatePage,
      new ctx.Failure_('ConfigError', ctx.config_.customerRefusal, { kind, eventId: id }),
    );
  if (ready.owner !== ctx.leases_.owner) {
    // A call of this page that waited for consent, or that a frozen page's absence freed.
    if (!ctx.leases_.free(ready)) return sentElsewhere(ctx, entry);
    ready = { ...ready, owner: ctx.leases_.owner };
    ctx.outbox_.put(ready);
  }
  // An event kept before the engine loaded carries its raw input: validated now.
  if (ready.body === undefined) {
    const body = checked(ctx, kind, ready.input);
    if (body instanceof Error) return ended(ctx, id, forLatePage, body);
    ready = { ...ready, body, input: undefined };
    ctx.outbox_.put(ready);
  }
  if (ctx.hidden_) {
    await ctx.hidden_;
    // Back from the back/forward cache: another page may have taken the event meanwhile.
    if (!ctx.leases_.holds(id)) {
      if (!own) return;
      const now = ctx.outbox_.fresh(id);
      return now && !ctx.leases_.free(now)
        ? sentElsewhere(ctx, entry)
        : ended(ctx, id, forLatePage, unsent(ctx, entry));
    }
  }
  return ready as Ready;
};

/**
 * The error a failed send ends with, built once with whether the event is kept: another tab's
 * now, kept for a later attempt, or ended. `undefined`: a replay another tab took over.
 * `forLatePage`: another page's raw call, whose engine may still come for the outcome.
 */
export const failed = (
  ctx: Context,
  { id }: OutboxEntry,
  own: boolean,
  forLatePage: boolean,
  { error, retry, notBefore }: { error: ErrorData; retry: boolean; notBefore?: number },
) => {
  ctx.handover_.gaveUp_(id, error.attempt as number, error.name, retry);
  const now = ctx.outbox_.fresh(id);
  // Another page took it over while this one was frozen: it is theirs.
  if (now && !ctx.leases_.free(now))
    return own ? toError(ctx.Failure_, error, { willRetry: true }) : undefined;
  // Gone from the outbox while it was being sent (cap, age, consent), or refused: not kept.
  if (!(retry && now)) return ended(ctx, id, forLatePage, toError(ctx.Failure_, error));
  // `willRetry` only where a later page load finds it; else it is retried by this page only.
  const stored = ctx.outbox_.put({
    ...now,
    owner: undefined,
    handed: undefined,
    attempts: error.attempt as number,
    lastError: error.name,
    notBefore,
  });
  // (A wait past setTimeout's 24.8-day limit fires at once: a flush that finds it not due.)
  ctx.later_(notBefore ? notBefore - Date.now() : ctx.backoff_());
  return toError(ctx.Failure_, error, { willRetry: stored, kept: stored ? 'storage' : 'memory' });
};

/** Sends an event `take` made this tab's: its result, or the error it ends with. */
const attempt = async (
  ctx: Context,
  ready: Ready,
  own: boolean,
  forLatePage: boolean,
): Promise<TrackResult | DubTrackError | undefined> => {
  const { id, kind } = ready;
  ctx.handover_.wire_(id, ready.attempts + 1);
  const sent = await ctx.send_(
    ready,
    (attempt, delayMs, error) => {
      ctx.handover_.retrying_(id, attempt, error.name);
      ctx.emit_('retry', { kind, eventId: id, attempt, delayMs, error });
    },
    async () => {
      await ctx.handover_.stays_();
      return ctx.leases_.holds(id) && ctx.handover_.wire_(id);
    },
  );
  if (!sent.ok) return failed(ctx, ready, own, forLatePage, sent);
  const { result } = sent;
  // Before the event leaves the outbox: a late page finds one or the other.
  if (forLatePage) leaveOutcome(ctx.store_, id, { result });
  ctx.outbox_.remove(id);
  ctx.delivered_();
  ctx.handover_.succeeded_(id);
  ctx.emit_('success', { kind, ...result });
  return result;
};

/**
 * Sends a kept event: one of this page's calls (`own`), or one it claims from the outbox. Its
 * result, `undefined` for a replay that is not this tab's, or the call's promise rejected with
 * the error it ended with (after an `error` event).
 */
export const deliver = (
  ctx: Context,
  entry: OutboxEntry,
  own: boolean,
): Promise<TrackResult | undefined> => {
  const { id } = entry;
  const forLatePage = !own && entry.body === undefined;
  ctx.inFlight_.add(id);
  ctx.leases_.hold();
  return ctx.limit_(async () => {
    // Held for the whole attempt where the page has Web Locks: no other tab sends it meanwhile.
    const release = await ctx.leases_.lock(id);
    let outcome: TrackResult | DubTrackError | undefined;
    try {
      // Without the lock, another tab is sending it now: a replay looks at it again once that
      // tab could be done with it; a call of this page is that tab's.
      const taken = release
        ? await take(ctx, entry, own, forLatePage)
        : own
          ? sentElsewhere(ctx, entry)
          : void ctx.later_(LEASE_MS);
      outcome =
        taken && !(taken instanceof Error) ? await attempt(ctx, taken, own, forLatePage) : taken;
    } finally {
      release?.();
      ctx.inFlight_.delete(id);
      ctx.handover_.done_(id);
      ctx.calls_.delete(id);
      if (!ctx.inFlight_.size) ctx.leases_.idle();
    }
    if (!(outcome instanceof Error)) return outcome;
    ctx.emit_('error', outcome);
    // The outer API: the call's promise is rejected with the error.
    throw outcome;
  });
};
