/** A tracking call as the core hands it over: paced, checked, validated, then sent. */

import type { OutboxEntry } from '../outbox/entry.js';
import type { DubTrackError, EventKind } from '../outcome/DubTrackError.js';
import type { TrackResult } from '../outcome/events.js';
import { validate } from '../validation/validate.js';
import { abandoned, type Context, refusal, toBody } from './context.js';
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
  await ctx.pace_();
  let body: Record<string, unknown>;
  let text: string;
  try {
    const reason = (kind === 'customer' && ctx.config_.customerRefusal) || refusal(ctx);
    if (reason) throw new ctx.Failure_('ConfigError', reason, { kind });
    body = validate(kind, input, ctx.host_.getClickId(), ctx.Failure_);
    text = toBody(ctx, body, kind);
  } catch (error) {
    // The raw call the core kept under this id is never to be sent.
    ctx.outbox_.remove(id);
    ctx.emit_('error', error as DubTrackError);
    throw error;
  }
  ctx.config_.debug?.noInvoice(ctx.config_.isDub, kind, body);
  const entry: OutboxEntry = { id, kind, createdAt: Date.now(), attempts: 0, body: text };
  ctx.calls_.add(id);
  const raw = kept && ctx.outbox_.fresh(id);
  // Another tab may have taken the raw call (see `mayBeTaken`), or sent it, leaving an outcome.
  return kept && (raw ? mayBeTaken(raw, Date.now(), abandoned(ctx)) : readOutcome(ctx.store_, id))
    ? settleLate(ctx, entry)
    : sendOwn(ctx, entry);
};
