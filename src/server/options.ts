import { Dub } from 'dub';
import { DUB_API_HOST } from '../config/dub.js';
import type { EventKind } from '../outcome/DubTrackError.js';
import { DubTrackError } from '../outcome/DubTrackError.js';
import type { DubClient } from './forward.js';
import { createMemoryStore, type IdempotencyStore } from './idempotencyStore.js';
import type { RateLimitOptions } from './rateLimit.js';

/** What the handler knows of a request besides the request itself (the Node adapter fills it). */
export interface RequestContext {
  /** The network address of the peer that opened the connection (the socket's). */
  clientAddress?: string;
}

/**
 * Who the visitor is, by your own session: the customer external ID of the signed-in user, or
 * `null`/`undefined` when nobody is signed in.
 */
export type Authorize = (
  request: Request,
  details: { kind: EventKind; context: RequestContext },
) => string | null | undefined | Promise<string | null | undefined>;

/** Options of `createDubHandler`. */
export interface DubHandlerOptions {
  /**
   * Your Dub workspace's secret API key (`dub_…`). Default: the `DUB_API_KEY` environment variable
   * where there is one. Never a publishable key (`dub_pk_…`). Not needed when `dub` is given.
   * Checked at the first request, not when the handler is made, so a build without secrets works;
   * while it is missing every request gets 500 and the log says why (once).
   */
  secretKey?: string;
  /** A `dub` SDK client to send with, instead of one made from `secretKey`. */
  dub?: DubClient;
  /** Dub's API address for the SDK made from `secretKey`. Default `https://api.dub.co`. */
  serverURL?: string;
  /**
   * How long Dub may take to answer, in milliseconds, before the browser gets 504 (and retries).
   * Default `8000`: shorter than the browser script's 10-second attempt, so the browser hears
   * the 504 instead of timing out.
   */
  upstreamTimeoutMs?: number;
  /**
   * The path the three routes live under, without a trailing slash: with `'/api'` the handler
   * serves `/api/track/lead/client`, `/api/track/sale/client` and `/api/track/customer`, and the
   * script's `apiHost` is your site's origin plus `/api`. Default `''`.
   */
  basePath?: string;
  /**
   * Ties a request to your signed-in user (see `Authorize`). Without it the customer route is
   * off (403): only a visitor's own session may change a customer. With it, the customer route
   * takes only the ID it returns (another ID: 403, nothing sent), and a lead or sale without
   * `customerExternalId` gets that ID, while one naming another ID is 403.
   */
  authorize?: Authorize;
  /**
   * Origins whose pages may call the endpoint besides this site's own (exact, e.g.
   * `https://shop.example.com`); requests from any other origin get 403 and no CORS headers.
   * A request the browser marks `Sec-Fetch-Site: same-origin` is always allowed; requests without
   * an `Origin` header (not from a browser) are let through. Default: only the site's own origin
   * (its public origin under `trustProxy`).
   */
  allowedOrigins?: string[];
  /**
   * How many reverse proxies in front of this server to believe (`0`: none, the default). With
   * `1` (one proxy, such as nginx or a load balancer) the client address is the rightmost
   * `X-Forwarded-For` entry and the public origin comes from `Forwarded` or
   * `X-Forwarded-Proto` / `X-Forwarded-Host`. Never more than the proxies you run: a client can
   * write any header the proxies do not replace.
   */
  trustProxy?: number;
  /** The largest request body accepted, in bytes; larger ones get 413. Default `65536`. */
  maxBodyBytes?: number;
  /** How long the body may take to arrive, in milliseconds, before 408. Default `10000`. */
  bodyTimeoutMs?: number;
  /** Requests per client and window before 429 with `Retry-After`, or `false`. Default 60 a minute. */
  rateLimit?: RateLimitOptions | false;
  /**
   * Who a request comes from, for the rate limit. Default: the client address (see `trustProxy`).
   */
  clientKey?: (request: Request, context: RequestContext) => string;
  /** Exactly-once delivery by the script's idempotency key. */
  idempotency?: IdempotencyOptions;
  /**
   * Receives one line per failure worth a look (never the secret key). Default: `console.warn`.
   * Pass `() => {}` to silence it.
   */
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
  /**
   * How long a claimed key stays claimed if its request never finishes. Default `60000`; at least
   * the upstream timeout plus 10 seconds, so no other request can send the key while Dub may still
   * be answering the first.
   */
  pendingTtlMs?: number;
  /**
   * How long a repeat waits for a first request still running before it is answered 503 "busy"
   * with `Retry-After` (which the browser retries). Default `4000`.
   */
  waitMs?: number;
}

/** The margin a claim outlives the upstream timeout by. */
const CLAIM_MARGIN_MS = 10_000;

/** The options after defaults, checked when the handler is made (all but the secret key). */
export function resolveOptions(options: DubHandlerOptions) {
  const fail = (message: string) => {
    throw new DubTrackError('ConfigError', `dub-track/server: ${message}`);
  };
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const basePath = options.basePath ?? '';
  if (basePath && !/^\/.*[^/]$/.test(basePath))
    fail(`basePath must start with / and not end with one (got ${JSON.stringify(basePath)})`);
  for (const origin of options.allowedOrigins ?? []) {
    let exact = false;
    try {
      exact = new URL(origin).origin === origin;
    } catch {}
    if (!exact)
      fail(`allowedOrigins takes origins such as https://shop.example.com (got ${origin})`);
  }
  const trustProxy = options.trustProxy ?? 0;
  if (!Number.isInteger(trustProxy) || trustProxy < 0)
    fail(`trustProxy is the number of proxies in front (got ${trustProxy})`);
  const upstreamTimeoutMs = options.upstreamTimeoutMs ?? 8000;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 10_000;
  for (const [name, value] of Object.entries({ upstreamTimeoutMs, bodyTimeoutMs }))
    if (!(Number.isFinite(value) && value > 0))
      fail(`${name} is a number of milliseconds above 0 (got ${value})`);
  const idempotency = options.idempotency ?? {};
  const pendingTtlMs = idempotency.pendingTtlMs ?? Math.max(60_000, upstreamTimeoutMs * 2);
  if (pendingTtlMs < upstreamTimeoutMs + CLAIM_MARGIN_MS)
    fail(
      `idempotency.pendingTtlMs (${pendingTtlMs}) must be at least upstreamTimeoutMs + ${CLAIM_MARGIN_MS}`,
    );
  const secretKey = options.secretKey ?? env?.DUB_API_KEY;
  let dub: DubClient | undefined = options.dub;
  /**
   * The SDK client, made at the first request: a missing or publishable key is a message for the
   * log then, not an exception at import (a `next build` without secrets must work).
   */
  const client = (): DubClient | string => {
    if (dub) return dub;
    if (!secretKey)
      return 'no secret API key: pass secretKey or set DUB_API_KEY (Dub → Settings → API Keys)';
    // Only the prefix is named: the message must never carry the key.
    if (secretKey.startsWith('dub_pk_'))
      return 'secretKey is a publishable key (dub_pk_…); the server needs a secret key (dub_…)';
    dub = new Dub({
      token: secretKey,
      serverURL: options.serverURL ?? DUB_API_HOST,
      timeoutMs: upstreamTimeoutMs,
    });
    return dub;
  };
  return {
    client,
    secretKey,
    basePath,
    authorize: options.authorize,
    allowedOrigins: new Set(options.allowedOrigins ?? []),
    trustProxy,
    upstreamTimeoutMs,
    maxBodyBytes: options.maxBodyBytes ?? 65_536,
    bodyTimeoutMs,
    rateLimit: options.rateLimit ?? {},
    clientKey: options.clientKey,
    store: idempotency.store ?? createMemoryStore(),
    memoryStore: !idempotency.store,
    idempotencyHeader: idempotency.header ?? 'Idempotency-Key',
    times: {
      answerTtlMs: idempotency.ttlMs ?? 7 * 24 * 60 * 60 * 1000,
      pendingTtlMs,
      waitMs: idempotency.waitMs ?? 4000,
    },
    log: options.log ?? ((line: string) => console.warn(line)),
    production: env?.NODE_ENV === 'production',
  };
}
