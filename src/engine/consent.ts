/** Consent given or refused after calls were made: the calls held for it settle now. */

import type { TrackResult } from '../outcome/events.js';
import { deliver } from './attempt.js';
import { CONSENT_REFUSED, type Context } from './context.js';

/**
 * Given: what waited in memory reaches storage, and the held calls are delivered (their promises
 * get the outcome), then the rest of the outbox. Refused: the held calls are rejected and the
 * memory the engine kept is emptied (the core has already removed what earlier pages left).
 */
export const consent = (ctx: Context, granted: boolean) => {
  const waiting = [...ctx.held_];
  ctx.held_.clear();
  if (granted) {
    ctx.store_.persist();
    for (const [id, [resolve, reject]] of waiting) {
      const entry = ctx.outbox_.get(id);
      // A call's delivery settles with a result or an error, never undefined.
      if (entry) deliver(ctx, entry, true).then(resolve as (result?: TrackResult) => void, reject);
    }
    void ctx.flush_();
    return;
  }
  ctx.store_.clearMemory();
  ctx.outbox_.load();
  for (const [, [, reject]] of waiting) reject(new ctx.Failure_('ConfigError', CONSENT_REFUSED));
};
