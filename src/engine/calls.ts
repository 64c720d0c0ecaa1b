/** A tracking call as the core hands it over: paced, checked, validated, then sent. */

import type { OutboxEntry } from '../outbox/entry.js';
import type { EventKind } from '../outcome/DubTrackError.js';
import type { TrackResult } from '../outcome/events.js';
import { abandoned, type Context, checked, refusal } from './context.js';
import { settleLate } from './late.js';
import { readOutcome } from './outcomes.js';
import { sendOwn } from './own.js';
import { mayBeTaken } from './rawGrace.js';

/**
 * Tracks event `id` of `kind`; `kept`: the core kept its raw input in the outbox, which another
 * tab may have taken meanwhile (`late.ts`).
 */
export const track = async (
  ctx: Context,
  kind: EventKind,
  input: unknown,
  id: string,
  kept: boolean,
): Promise<TrackResult> => {
  // This page's call from now on: the replay leaves its raw input to it while it waits its turn.
  ctx.calls_.add(id);
  await ctx.pace_();
  const reason = (kind === 'customer' && ctx.config_.customerRefusal) || refusal(ctx);
  const text = reason
    ? new ctx.Failure_('ConfigError', reason, { kind })
    : checked(ctx, kind, input);
  if (text instanceof Error) {
    // The raw call the core kept under this id is never to be sent.
    ctx.calls_.delete(id);
    ctx.outbox_.remove(id);
    ctx.emit_('error', text);
    // The outer API: the call's promise is rejected with the error.
    throw text;
  }
  ctx.config_.debug?.noInvoice(ctx.config_.isDub, kind, text);
  const entry: OutboxEntry = { id, kind, createdAt: Date.now(), attempts: 0, body: text };
  const raw = kept && ctx.outbox_.fresh(id);
  // Another tab may have taken the raw call (see `mayBeTaken`), or sent it, leaving an outcome.
  return kept && (raw ? mayBeTaken(raw, Date.now(), abandoned(ctx)) : readOutcome(ctx.store_, id))
    ? settleLate(ctx, entry)
    : sendOwn(ctx, entry);
};
