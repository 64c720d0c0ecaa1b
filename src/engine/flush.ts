/**
 * The replay: what earlier pages, closed tabs, frozen pages or this page's failed attempts left
 * in the outbox is sent once it is due, each event by one tab.
 */

import type { OutboxEntry } from '../outbox/entry.js';
import { LEASE_MS } from '../outbox/lease.js';
import { deliver } from './attempt.js';
import { abandoned, type Context, persistent, refusal } from './context.js';
import { dropHanded } from './handed.js';
import { HANDED_GRACE_MS } from './handover.js';
import { rawGraceLeft } from './rawGrace.js';

/**
 * How long a kept event waits before this tab may send it (0 or less: due now); `undefined`
 * when it is not this tab's to send (another live tab's request on the wire, or a handed-over
 * event taken as delivered and dropped).
 */
export const waitFor = (ctx: Context, entry: OutboxEntry, now: number) => {
  // Another page's raw call is left to it a moment, unless that page left without its engine.
  const wait = Math.max((entry.notBefore ?? 0) - now, rawGraceLeft(entry, now, abandoned(ctx)));
  if (!entry.handed) return wait;
  // Another live tab's request on the wire: that tab deals with it.
  if (!ctx.leases_.free(entry)) return void ctx.later_(LEASE_MS);
  // Its page unloaded with the request in flight: sent again after that request had time to
  // land, unless it most likely delivered it (a record an older version handed over without
  // deciding; this version decides at `pagehide`).
  if (!ctx.handover_.resend_(entry)) return void dropHanded(ctx, entry);
  return Math.max(wait, entry.handed + HANDED_GRACE_MS - now);
};

/** Sends every kept event that is due and not this tab's already; asks the timer for the rest. */
export const flush = async (ctx: Context) => {
  if (ctx.hidden_ || !persistent(ctx) || refusal(ctx)) return;
  // Events kept in memory when storage failed reach it once it works again.
  if (ctx.store_.hasMemory()) ctx.store_.persist();
  const now = Date.now();
  const due: OutboxEntry[] = [];
  for (const entry of ctx.outbox_.list()) {
    // Sent now, or a call of this page that its own `track` sends.
    if (ctx.inFlight_.has(entry.id) || ctx.calls_.has(entry.id)) continue;
    const wait = waitFor(ctx, entry, now);
    if (wait === undefined) continue;
    if (wait > 0) ctx.later_(wait);
    else due.push(entry);
  }
  await Promise.allSettled(due.map((entry) => deliver(ctx, entry, false)));
};
