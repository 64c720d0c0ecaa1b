/**
 * The replay: what earlier pages, closed tabs, frozen pages or this page's failed attempts left
 * in the outbox is sent once it is due, each event by one tab.
 */
import type { OutboxEntry } from '../outbox/entry.js';
import { type Context } from './context.js';
/**
 * How long a kept event waits before this tab may send it (0 or less: due now); `undefined`
 * when it is not this tab's to send (another live tab's request on the wire, or a handed-over
 * event taken as delivered and dropped).
 */
export declare const waitFor: (ctx: Context, entry: OutboxEntry, now: number) => number | undefined;
/** Sends every kept event that is due and not this tab's already; asks the timer for the rest. */
export declare const flush: (ctx: Context) => Promise<void>;
