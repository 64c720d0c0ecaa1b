/** A call of this page, validated: kept in the outbox naming this tab, then delivered. */
import type { OutboxEntry } from '../outbox/entry.js';
import type { TrackResult } from '../outcome/events.js';
import { type Context } from './context.js';
/**
 * Sends a call of this page: its validated entry is written, naming this tab, then delivered.
 * Without consent yet it waits in memory, and its promise settles once consent is given or
 * refused (`consent.ts`).
 */
export declare const sendOwn: (ctx: Context, entry: OutboxEntry) => Promise<TrackResult>;
