import type { Dub } from 'dub';
import type { EventKind } from '../outcome/DubTrackError.js';
import { type Answer } from './answer.js';
/** The part of the `dub` SDK the handler calls. */
export type DubClient = Pick<Dub, 'track' | 'customers'>;
/**
 * What a 2xx answer says: the event that was recorded, from the fields the page sent, and nothing
 * of Dub's answer (which carries the customer's name, email, avatar and sales: not for a browser,
 * nor for the idempotency store that replays it).
 */
export declare function recorded(kind: EventKind, body: Record<string, unknown>): string;
/**
 * Sends a checked body to Dub with the SDK: a lead with `track.lead`, a sale with `track.sale`, a
 * customer with `customers.update`, addressed by external ID (`ext_<id>`, as Dub's API reads it).
 * Dub gets `timeoutMs` to answer (the SDK aborts the request then): 504, which the browser retries.
 */
export declare function forward(dub: DubClient, kind: EventKind, body: Record<string, unknown>, timeoutMs: number): Promise<Answer>;
