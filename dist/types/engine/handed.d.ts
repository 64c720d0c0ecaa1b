/** What becomes of an event another page handed over at unload (`handover.ts` decides when). */
import type { OutboxEntry } from '../outbox/entry.js';
import type { Context } from './context.js';
/**
 * Whether the endpoint counts this event once however often it arrives: Dub de-duplicates a
 * sale by its invoice and a lead by customer and event name (unless deferred); another
 * endpoint, by the idempotency key when it is sent.
 */
export declare const deduplicated: (ctx: Context, { kind, body }: OutboxEntry) => boolean;
/**
 * Reports a handed-over event that is not sent again: it leaves the outbox now, on this page,
 * with what would have made a resend safe.
 */
export declare const dropHanded: (ctx: Context, { id, kind, attempts }: OutboxEntry) => void;
