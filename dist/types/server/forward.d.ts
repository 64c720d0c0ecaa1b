import type { Dub } from 'dub';
import type { EventKind } from '../outcome/DubTrackError.js';
import { type Answer } from './answer.js';
/** The part of the `dub` SDK the handler calls. */
export type DubClient = Pick<Dub, 'track' | 'customers'>;
/**
 * Sends a checked body to Dub with the SDK: a lead with `track.lead`, a sale with `track.sale`, a
 * customer with `customers.update`, addressed by external ID (`ext_<id>`, as Dub's API reads it).
 */
export declare function forward(dub: DubClient, kind: EventKind, body: Record<string, unknown>): Promise<Answer>;
