/**
 * A call whose engine came late: its raw input waited in the outbox so long (the engine was slow
 * to load, or the page came back from the back/forward cache) that another tab may have taken it.
 */

import type { OutboxEntry } from '../outbox/entry.js';
import { type ErrorData, toError } from '../outcome/errorData.js';
import type { TrackResult } from '../outcome/events.js';
import { deliver } from './attempt.js';
import type { Context } from './context.js';
import { readOutcome, removeOutcome } from './outcomes.js';
import { sendOwn } from './own.js';

/** How often a page whose raw call another tab is sending looks whether it is done. */
export const POLL_MS = 250;

/**
 * If another tab sent the call, its outcome (`outcomes.ts`) is this call's; while it holds it,
 * this page waits; if it was left for a later attempt, so is this call. Otherwise (nobody took
 * it, or storage was cleared) this page sends it as usual.
 */
export const settleLate = async (ctx: Context, entry: OutboxEntry): Promise<TrackResult> => {
  const { id, kind } = entry;
  // Meanwhile this tab's own flush must not send it too (`deliver` keeps it so after this).
  ctx.inFlight_.add(id);
  /** This call settles without this tab sending the event. */
  const settled = () => {
    ctx.calls_.delete(id);
    ctx.inFlight_.delete(id);
  };
  for (;;) {
    const kept = ctx.outbox_.fresh(id);
    if (!kept) {
      const outcome = readOutcome(ctx.store_, id);
      if (!outcome) return sendOwn(ctx, entry);
      removeOutcome(ctx.store_, id);
      settled();
      if (outcome.result) {
        ctx.emit_('success', { kind, ...outcome.result });
        return outcome.result;
      }
      const error = toError(ctx.Failure_, outcome.error as ErrorData);
      ctx.emit_('error', error);
      throw error;
    }
    if (kept.attempts || kept.notBefore) {
      settled();
      const error = new ctx.Failure_(
        kept.lastError ?? 'NetworkError',
        `event ${id} is kept for a later attempt`,
        { kind, eventId: id, attempt: kept.attempts, willRetry: true, kept: 'storage' },
      );
      ctx.emit_('error', error);
      throw error;
    }
    if (await ctx.leases_.claim(id)) return deliver(ctx, kept, true) as Promise<TrackResult>;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
};
