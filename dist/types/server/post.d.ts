/** A POST to one of the handler's routes: checked, read, validated, sent to Dub once per key. */
import { type EventKind } from '../outcome/DubTrackError.js';
import { type Answer } from './answer.js';
import type { createOnce } from './once.js';
import type { RequestContext, resolveOptions } from './options.js';
import type { createRateLimiter } from './rateLimit.js';
/** What a handler holds for its requests, set up once by `createDubHandler`. */
export interface Handling {
    config: ReturnType<typeof resolveOptions>;
    /** Logs a line, the secret key redacted. */
    log: (line: string) => void;
    /** Logs a line about the set-up once per process (per `topic`). */
    logOnce: (line: string, topic?: string) => void;
    once: ReturnType<typeof createOnce>;
    limiter: ReturnType<typeof createRateLimiter> | false | undefined;
    /** Who the request is from, for the rate limit. */
    clientOf: (request: Request, context: RequestContext) => string;
    /** The event kind of each route's path. */
    routes: Map<string, EventKind>;
    /** A text without the secret key. */
    redact: (text: string) => string;
}
/** How long a browser is asked to wait after a 503 (busy, or a store that is away), in seconds. */
export declare const RETRY_AFTER_S = "2";
/**
 * Answers a POST to route `kind`: the event read and checked, sent to Dub with the secret key,
 * once per idempotency key.
 */
export declare function answerPost(handling: Handling, request: Request, kind: EventKind, context: RequestContext): Promise<Answer>;
