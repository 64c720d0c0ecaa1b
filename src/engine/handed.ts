/** What becomes of an event another page handed over at unload (`handover.ts` decides when). */

import { own } from '../defences/own.js';
import type { OutboxEntry } from '../outbox/entry.js';
import type { Context } from './context.js';

/**
 * Whether the endpoint counts this event once however often it arrives: Dub de-duplicates a
 * sale by its invoice and a lead by customer and event name (unless deferred); another
 * endpoint, by the idempotency key when it is sent.
 */
export const deduplicated = (ctx: Context, { kind, body }: OutboxEntry) => {
  if (!ctx.config_.isDub) return !!ctx.config_.idempotencyHeader;
  // Own fields only: a page's `Object.prototype.invoiceId` makes no sale de-duplicated.
  const sent = own(JSON.parse(body ?? '{}'));
  return kind === 'sale' ? !!sent.invoiceId : kind === 'lead' && sent.mode !== 'deferred';
};

/**
 * Reports a handed-over event that is not sent again: it leaves the outbox now, on this page,
 * with what would have made a resend safe.
 */
export const dropHanded = (ctx: Context, { id, kind, attempts }: OutboxEntry) => {
  ctx.outbox_.remove(id);
  const safe = !ctx.config_.isDub
    ? 'an idempotency header the endpoint reads'
    : kind === 'sale'
      ? 'an invoiceId'
      : 'a lead not deferred';
  const message = `event ${id} is not sent again: its page closed during its first request to an answering endpoint (likely delivered); a resend is safe with ${safe}`;
  ctx.emit_(
    'error',
    new ctx.Failure_('NetworkError', message, { kind, eventId: id, attempt: attempts + 1 }),
  );
};
