/** A call of this page, validated: kept in the outbox naming this tab, then delivered. */

import type { OutboxEntry } from '../outbox/entry.js';
import type { TrackResult } from '../outcome/events.js';
import { deliver } from './attempt.js';
import { type Context, persistent } from './context.js';

/**
 * Sends a call of this page: its validated entry is written, naming this tab, then delivered.
 * Without consent yet it waits in memory, and its promise settles once consent is given or
 * refused (`consent.ts`).
 */
export const sendOwn = (ctx: Context, entry: OutboxEntry): Promise<TrackResult> => {
  // Raw calls the core kept a moment ago (a burst) are calls under way too, not a backlog.
  const busy = (kept: OutboxEntry) => ctx.calls_.has(kept.id) || kept.body === undefined;
  if (!persistent(ctx)) {
    ctx.outbox_.add(entry, busy);
    return new Promise((...settle) => ctx.held_.set(entry.id, settle));
  }
  // The heartbeat is written before the event names this tab: a tab that sees one sees both.
  ctx.leases_.hold();
  ctx.outbox_.add({ ...entry, owner: ctx.leases_.owner }, busy);
  return deliver(ctx, entry, true) as Promise<TrackResult>;
};
