import { DubTrackError, type EventKind } from '../outcome/DubTrackError.js';
import { validate } from '../validation/validate.js';
import { type Answer, corsHeaders, errorAnswer, preflightHeaders, toResponse } from './answer.js';
import { forward } from './forward.js';
import { createOnce } from './once.js';
import { type DubHandlerOptions, type RequestContext, resolveOptions } from './options.js';
import { clientAddress, publicOrigin } from './proxy.js';
import { createRateLimiter } from './rateLimit.js';
import { readBody } from './readBody.js';
import { describeError } from './redisStore.js';

/** A Fetch-API handler: give it a `Request`, get the `Response`. */
export interface DubHandler {
  (request: Request, context?: RequestContext): Promise<Response>;
  /** Whether a URL is one of the handler's routes (for frameworks that pass other requests on). */
  handles(url: string | URL): boolean;
}

/** An idempotency key as the script makes them (a UUID) or any other short printable token. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** How long a browser is asked to wait after a 503 (busy, or a store that is away), in seconds. */
const RETRY_AFTER_S = '2';

/** A JSON value with every object's keys sorted, so that field order makes no other body. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
        )
      : value;

/** The SHA-256 of a checked body, hex: what an idempotency key is bound to. */
async function hashOf(body: Record<string, unknown>): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(JSON.stringify(canonical(body))),
  );
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Creates your site's own endpoint for the browser script: it checks each event with the same
 * rules as the script, sends it to Dub with the `dub` SDK and your secret key, and answers with
 * what was recorded (never Dub's customer fields). A repeated `Idempotency-Key` gets the first
 * answer instead of a second conversion; the same key with another body gets 422.
 * Throws a `ConfigError` at once on options it cannot use; the secret key itself is checked at
 * the first request, so a build without secrets works.
 *
 * Works as is wherever requests are Fetch-API `Request`s (Next.js route handlers, Hono,
 * Cloudflare Workers, Deno, Bun); `toNodeHandler` adapts it to Node's `http` and Express.
 */
export function createDubHandler(options: DubHandlerOptions): DubHandler {
  const config = resolveOptions(options);
  const routes = new Map<string, EventKind>([
    [`${config.basePath}/track/lead/client`, 'lead'],
    [`${config.basePath}/track/sale/client`, 'sale'],
    [`${config.basePath}/track/customer`, 'customer'],
  ]);
  const limiter = config.rateLimit && createRateLimiter(config.rateLimit);
  // Last line of defence: whatever an answer or log line holds, the key is never in it.
  const { secretKey } = config;
  const redact = (text: string) =>
    secretKey ? text.split(secretKey).join('dub_[redacted]') : text;
  const log = (line: string) => config.log(redact(`dub-track/server: ${line}`));
  const told = new Set<string>();
  /** Logs a line about the set-up once per process (per `topic`): it holds for every request alike. */
  const logOnce = (line: string, topic = line) => {
    if (told.has(topic)) return;
    told.add(topic);
    log(line);
  };
  if (config.memoryStore && config.production)
    log(
      'idempotency keys are kept in this process’s memory (at most 10,000, forgotten on restart): ' +
        'with more than one instance, pass idempotency.store = createRedisStore(client)',
    );
  const once = createOnce(config.store, config.times, (error) =>
    log(`the idempotency store failed after Dub answered: ${describeError(error)}`),
  );

  /** Who the request is from, for the rate limit. */
  const clientOf = (request: Request, context: RequestContext) => {
    if (config.clientKey) return config.clientKey(request, context);
    const address = clientAddress(request, context, config.trustProxy);
    if (address) return address;
    logOnce(
      'the client address is unknown (this runtime gives none): every visitor shares one ' +
        'rate-limit bucket; set trustProxy behind a proxy, or clientKey',
    );
    return 'unknown';
  };

  async function answerPost(
    request: Request,
    kind: EventKind,
    context: RequestContext,
  ): Promise<Answer> {
    const dub = config.client();
    if (typeof dub === 'string') {
      logOnce(dub);
      return errorAnswer(500, 'The endpoint is not configured');
    }
    if (kind === 'customer' && !config.authorize)
      return errorAnswer(
        403,
        'Customer updates are off: the site must tie them to its signed-in user (authorize)',
      );
    if (limiter) {
      const waitMs = await limiter.take(clientOf(request, context));
      if (waitMs)
        return errorAnswer(429, 'Too many requests, try again later', {
          'Retry-After': String(Math.ceil(waitMs / 1000)),
        });
    }
    if (!/^application\/json\s*(;|$)/i.test(request.headers.get('content-type') ?? ''))
      return errorAnswer(415, 'Send the event as application/json');
    const text = await readBody(request, config.maxBodyBytes, config.bodyTimeoutMs);
    if (text === 413)
      return errorAnswer(413, `The body is larger than ${config.maxBodyBytes} bytes`);
    if (text === 408)
      return errorAnswer(408, 'The body did not arrive in time', { Connection: 'close' });
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch {
      return errorAnswer(400, 'The body is not valid JSON');
    }
    if (config.authorize) {
      const owned = await config.authorize(request, { kind, context });
      const named = (input as { customerExternalId?: unknown } | null)?.customerExternalId;
      if (kind === 'customer' && (!owned || named !== owned))
        return errorAnswer(403, 'This customer is not the signed-in user');
      if (owned && named !== undefined && named !== owned)
        return errorAnswer(403, 'customerExternalId is not the signed-in user');
      if (owned && named === undefined && input && typeof input === 'object')
        input = { ...input, customerExternalId: owned };
    }
    let body: Record<string, unknown>;
    try {
      // The browser fills the click ID; a request without one is a lead looked up by customer.
      body = validate(kind, input, null, DubTrackError);
    } catch (error) {
      return errorAnswer(422, (error as Error).message);
    }
    const send = async () => {
      const answer = await forward(dub, kind, body, config.upstreamTimeoutMs);
      if (answer.status === 401 || answer.status === 403)
        logOnce(
          `Dub refused the secret key (${answer.status}): check DUB_API_KEY, its workspace and scopes: ${answer.body}`,
          `refused ${answer.status}`,
        );
      else if (answer.status >= 400) log(`${kind} answered ${answer.status}: ${answer.body}`);
      return answer;
    };
    const key = request.headers.get(config.idempotencyHeader);
    if (key === null) return send();
    if (!KEY_PATTERN.test(key))
      return errorAnswer(400, `${config.idempotencyHeader} must be 1-255 printable characters`);
    const result = await once(`${kind}:${key}`, await hashOf(body), send);
    if ('conflict' in result)
      return errorAnswer(
        422,
        `This ${config.idempotencyHeader} was used for another event: nothing was sent`,
      );
    // A status the browser retries, with a wait it reads: the first request may still succeed.
    if ('busy' in result)
      return errorAnswer(
        503,
        'A request with this idempotency key is still being processed',
        { 'Retry-After': RETRY_AFTER_S },
        'busy',
      );
    if (!result.replayed) return result.answer;
    return {
      ...result.answer,
      headers: { ...result.answer.headers, 'Idempotent-Replayed': 'true' },
    };
  }

  /** Whether a page may call: its browser says same-origin, or its origin is this site's or listed. */
  const originAllowed = (request: Request, origin: string | null) =>
    request.headers.get('sec-fetch-site') === 'same-origin' ||
    origin === null ||
    config.allowedOrigins.has(origin) ||
    origin === publicOrigin(request, config.trustProxy);

  async function handle(request: Request, context: RequestContext = {}): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return toResponse(errorAnswer(400, 'Bad request'));
    }
    const kind = routes.get(url.pathname);
    if (!kind) return toResponse(errorAnswer(404, 'Not found'));
    const origin = request.headers.get('origin');
    const allowed = originAllowed(request, origin);
    // CORS headers only for an allowed origin: any other page cannot read an answer.
    const cors = origin && allowed ? corsHeaders(origin) : {};
    const respond = (answer: Answer) => toResponse({ ...answer, body: redact(answer.body) }, cors);

    if (request.method === 'OPTIONS') {
      if (!origin || !allowed) return respond(errorAnswer(403, 'This origin is not allowed'));
      return toResponse(
        { status: 204, body: '' },
        preflightHeaders(origin, config.idempotencyHeader),
      );
    }
    if (request.method !== 'POST')
      return respond(errorAnswer(405, 'Use POST', { Allow: 'POST, OPTIONS' }));
    if (!allowed) return respond(errorAnswer(403, 'This origin is not allowed'));
    try {
      return respond(await answerPost(request, kind, context));
    } catch (error) {
      // A store or limiter that fails (Redis away), a hook that throws, a body stream that
      // breaks: retried by the browser after the wait.
      log(`${kind} failed: ${describeError(error)}`);
      return respond(
        errorAnswer(503, 'The endpoint could not take the event now', {
          'Retry-After': RETRY_AFTER_S,
        }),
      );
    }
  }

  return Object.assign(handle, {
    handles: (url: string | URL) => {
      try {
        return routes.has(new URL(url, 'http://localhost').pathname);
      } catch {
        return false;
      }
    },
  });
}
