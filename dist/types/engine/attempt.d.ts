/**
 * One event's delivery: `take` makes a kept event this tab's to send, `deliver` sends it and
 * settles what the outbox keeps after it. Own calls (`own.ts`), late calls (`late.ts`), consent
 * (`consent.ts`) and replay (`flush.ts`) are its callers: `own` for a call of this page, whose
 * promise gets the result or the error; not `own` for a replay, which another tab may have.
 */
import type { OutboxEntry } from '../outbox/entry.js';
import type { DubTrackError } from '../outcome/DubTrackError.js';
import { type ErrorData } from '../outcome/errorData.js';
import type { TrackResult } from '../outcome/events.js';
import { type Context, type Ready } from './context.js';
/** The error of a call of this page whose event another tab sends now: still kept. */
export declare const sentElsewhere: (ctx: Context, { id, kind }: OutboxEntry) => DubTrackError<"NetworkError">;
/**
 * The error of a call of this page whose event left the outbox before its turn (another tab's
 * cap or replay, consent refused): its promise must not resolve as if this page delivered it.
 */
export declare const unsent: (ctx: Context, { id, kind }: OutboxEntry) => DubTrackError<"ConfigError" | "NetworkError">;
/**
 * Takes a kept event for this tab: its lease (or, for a call of this page, its entry as written),
 * with a raw call another page left validated. Returns the entry ready to send; `undefined` for
 * a replay that is not this tab's (another tab has it, or it is gone: looked at again later
 * where another tab holds it); or the error the call ends with, built with its final fields: an
 * event that cannot be sent (it leaves the outbox), or a call of this page another tab sends.
 */
export declare const take: (ctx: Context, entry: OutboxEntry, own: boolean, forLatePage: boolean) => Promise<Ready | DubTrackError | undefined>;
/**
 * The error a failed send ends with, built once with whether the event is kept: another tab's
 * now, kept for a later attempt, or ended. `undefined`: a replay another tab took over.
 * `forLatePage`: another page's raw call, whose engine may still come for the outcome.
 */
export declare const failed: (ctx: Context, { id }: OutboxEntry, own: boolean, forLatePage: boolean, { error, retry, notBefore }: {
    error: ErrorData;
    retry: boolean;
    notBefore?: number;
}) => DubTrackError<import("../index.js").DubTrackErrorName> | undefined;
/**
 * Sends a kept event: one of this page's calls (`own`), or one it claims from the outbox. Its
 * result, `undefined` for a replay that is not this tab's, or the call's promise rejected with
 * the error it ended with (after an `error` event).
 */
export declare const deliver: (ctx: Context, entry: OutboxEntry, own: boolean) => Promise<TrackResult | undefined>;
