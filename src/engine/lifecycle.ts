/**
 * The page's lifecycle, each edge in one place: tried again when the browser is back online or
 * the page is shown again; let go of (and requests in flight marked as handed over) when the page
 * is hidden for good or frozen; taken up again when it comes back from the back/forward cache.
 */

import type { Context } from './context.js';
import { sweepOutcomes } from './outcomes.js';

/** `pagehide`: the page lets go of its events; nothing starts a request until it is shown again. */
export const hide = (ctx: Context) => {
  ctx.hidden_ = new Promise((resolve) => {
    ctx.shown_ = resolve;
  });
  ctx.handover_.handOverAll_();
  ctx.leases_.idle();
};

/** `pageshow` from the back/forward cache: its requests in flight are this page's again. */
export const show = (ctx: Context) => {
  ctx.hidden_ = undefined;
  if (ctx.inFlight_.size) ctx.leases_.hold();
  ctx.shown_();
  ctx.handover_.leaving_(false);
  // Unless another page dealt with them meanwhile.
  for (const id of ctx.inFlight_) {
    const kept = ctx.outbox_.fresh(id);
    if (kept?.handed && !kept.owner)
      ctx.outbox_.put({ ...kept, owner: ctx.leases_.owner, handed: undefined });
  }
};

/** Listens to the page's lifecycle, and replays what earlier pages left once this one settled. */
export const listen = (ctx: Context) => {
  const replay = () => void ctx.flush_();
  addEventListener('online', replay);
  addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') replay();
  });
  addEventListener('beforeunload', () => {
    ctx.handover_.leaving_(true);
  });
  addEventListener('pagehide', () => hide(ctx));
  addEventListener('pageshow', (event) => {
    if (event.persisted) show(ctx);
  });
  // Other tabs' writes keep the index in step (`sync` reads the key as a record's, in any
  // format, and finds nothing under any other); `null` is a `localStorage.clear()`.
  addEventListener('storage', ({ key }) => {
    if (key === null) ctx.outbox_.load();
    else ctx.outbox_.sync(key);
  });
  // Outcomes no late page came for and heartbeats of tabs that are gone are cleared once the
  // page settled, the only whole-storage reads.
  setTimeout(() => {
    sweepOutcomes(ctx.store_);
    ctx.leases_.sweep();
    replay();
  });
};
