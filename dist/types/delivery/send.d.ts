import type { EngineHost } from '../contract.js';
import type { DeliveryConfig } from '../engine/options.js';
import type { OutboxEntry } from '../outbox/entry.js';
import type { DubTrackError } from '../outcome/DubTrackError.js';
import { type ErrorData } from '../outcome/errorData.js';
import type { TrackResult } from '../outcome/events.js';
/** A `Retry-After` beyond this leaves the event in the outbox for later instead of holding the page. */
export declare const MAX_IN_PAGE_WAIT_MS = 60000;
/** The shortest wait after a 429 whose `Retry-After` the page cannot read (Dub's CORS hides it). */
export declare const RATE_LIMIT_MIN_WAIT_MS = 1000;
/** Dub's rate-limit window: waits after such a 429 are spread over it, so visitors do not retry together. */
export declare const RATE_LIMIT_WINDOW_MS = 60000;
/**
 * What one delivery came to, as data (nothing is thrown): the endpoint's result, or the failure
 * of the last attempt, whether another attempt may succeed (`retry`: no answer, or a status that
 * is retried) and when the endpoint asked to be left alone until (`notBefore`).
 */
export type Sent = {
    ok: true;
    result: TrackResult;
} | {
    ok: false;
    error: ErrorData;
    retry: boolean;
    notBefore?: number;
};
/**
 * Sends kept events with ky: retries with full-jitter exponential backoff, `Retry-After` in any
 * of its forms, a timeout per attempt, `keepalive`, and the event id as idempotency key.
 */
export declare function createSender(config: DeliveryConfig, Failure: EngineHost['DubTrackError'], 
/** What carries the request: the page's `fetch`, looked up at each request (the warm-up passes a stand-in). */
transport?: typeof fetch): (entry: OutboxEntry & {
    body: string;
}, onRetry: (attempt: number, delayMs: number, error: DubTrackError) => void, 
/** Asked after each wait, before the next attempt: `false` stops (another page took the event over). */
onResume?: () => boolean | Promise<boolean>) => Promise<Sent>;
