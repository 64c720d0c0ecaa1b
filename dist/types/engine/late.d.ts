/**
 * A call whose engine came late: its raw input waited in the outbox so long (the engine was slow
 * to load, or the page came back from the back/forward cache) that another tab may have taken it.
 */
import type { OutboxEntry } from '../outbox/entry.js';
import type { TrackResult } from '../outcome/events.js';
import type { Context } from './context.js';
/** How often a page whose raw call another tab is sending looks whether it is done. */
export declare const POLL_MS = 250;
/**
 * If another tab sent the call, its outcome (`outcomes.ts`) is this call's; while it holds it,
 * this page waits; if it was left for a later attempt, so is this call. Otherwise (nobody took
 * it, or storage was cleared) this page sends it as usual.
 */
export declare const settleLate: (ctx: Context, entry: OutboxEntry) => Promise<TrackResult>;
