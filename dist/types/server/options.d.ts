import type { DubClient } from './forward.js';
import { type IdempotencyStore } from './idempotencyStore.js';
import type { RateLimitOptions } from './rateLimit.js';
/** What the handler knows of a request besides the request itself (the Node adapter fills it). */
export interface RequestContext {
    /** The client's network address, for the rate limit. */
    clientAddress?: string;
}
/** Options of `createDubHandler`. */
export interface DubHandlerOptions {
    /**
     * Your Dub workspace's secret API key (`dub_…`). Default: the `DUB_API_KEY` environment variable
     * where there is one. Never a publishable key (`dub_pk_…`). Not needed when `dub` is given.
     */
    secretKey?: string;
    /** A `dub` SDK client to send with, instead of one made from `secretKey`. */
    dub?: DubClient;
    /** Dub's API address for the SDK made from `secretKey`. Default `https://api.dub.co`. */
    serverURL?: string;
    /**
     * The path the three routes live under, without a trailing slash: with `'/api'` the handler
     * serves `/api/track/lead/client`, `/api/track/sale/client` and `/api/track/customer`, and the
     * script's `apiHost` is your site's origin plus `/api`. Default `''`.
     */
    basePath?: string;
    /**
     * Origins whose pages may call the endpoint (exact, e.g. `https://shop.example.com`); requests
     * from any other origin get 403 and no CORS headers. Requests without an `Origin` header (not
     * from a browser) are let through. Default: only the origin the request was sent to.
     */
    allowedOrigins?: string[];
    /** The largest request body accepted, in bytes; larger ones get 413. Default `65536`. */
    maxBodyBytes?: number;
    /** Requests per client and window before 429 with `Retry-After`, or `false`. Default 60 a minute. */
    rateLimit?: RateLimitOptions | false;
    /**
     * Who a request comes from, for the rate limit. Default: the address the Node adapter reports,
     * else the first `X-Forwarded-For` address (set this behind a proxy you do not control).
     */
    clientKey?: (request: Request, context: RequestContext) => string;
    /** Exactly-once delivery by the script's idempotency key. */
    idempotency?: IdempotencyOptions;
    /** Receives one line per failure worth a look (never the secret key). Default: none. */
    log?: (line: string) => void;
}
/** How repeated requests are recognised and answered. */
export interface IdempotencyOptions {
    /** Where keys are kept. Default: an in-memory store for this process (`createMemoryStore()`). */
    store?: IdempotencyStore;
    /** The request header carrying the key. Default `Idempotency-Key` (what the script sends). */
    header?: string;
    /** How long a first answer is replayed. Default 7 days (how long the script keeps an event). */
    ttlMs?: number;
    /** How long a claimed key stays claimed if its request never finishes. Default `60000`. */
    pendingTtlMs?: number;
    /** How long a repeat waits for a first request still running before 409. Default `10000`. */
    waitMs?: number;
}
/** The options after defaults, checked at startup. */
export declare function resolveOptions(options: DubHandlerOptions): {
    dub: DubClient;
    secretKey: string | undefined;
    basePath: string;
    allowedOrigins: Set<string> | undefined;
    maxBodyBytes: number;
    rateLimit: false | RateLimitOptions;
    clientKey: (request: Request, context: RequestContext) => string;
    store: IdempotencyStore;
    idempotencyHeader: string;
    times: {
        answerTtlMs: number;
        pendingTtlMs: number;
        waitMs: number;
    };
    log: (line: string) => void;
};
