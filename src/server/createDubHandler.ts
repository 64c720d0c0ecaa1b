import type { EventKind } from '../outcome/DubTrackError.js';
import { type Answer, corsHeaders, errorAnswer, preflightHeaders, toResponse } from './answer.js';
import { createOnce } from './once.js';
import { type DubHandlerOptions, type RequestContext, resolveOptions } from './options.js';
import { answerPost, type Handling, RETRY_AFTER_S } from './post.js';
import { clientAddress, publicOrigin } from './proxy.js';
import { createRateLimiter } from './rateLimit.js';
import { describeError } from './redisStore.js';

/** A Fetch-API handler: give it a `Request`, get the `Response`. */
export interface DubHandler {
  (request: Request, context?: RequestContext): Promise<Response>;
  /** Whether a URL is one of the handler's routes (for frameworks that pass other requests on). */
  handles(url: string | URL): boolean;
}

/** Whether a page may call: its browser says same-origin, or its origin is this site's or listed. */
const originAllowed = (config: Handling['config'], request: Request, origin: string | null) =>
  request.headers.get('sec-fetch-site') === 'same-origin' ||
  origin === null ||
  config.allowedOrigins.has(origin) ||
  origin === publicOrigin(request, config.trustProxy);

/** Answers one request: its route, its origin (CORS) and method, then the POST itself. */
async function handle(
  handling: Handling,
  request: Request,
  context: RequestContext = {},
): Promise<Response> {
  const { config, log } = handling;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return toResponse(errorAnswer(400, 'Bad request'));
  }
  const kind = handling.routes.get(url.pathname);
  if (!kind) return toResponse(errorAnswer(404, 'Not found'));
  const origin = request.headers.get('origin');
  const allowed = originAllowed(config, request, origin);
  // CORS headers only for an allowed origin: any other page cannot read an answer.
  const cors = origin && allowed ? corsHeaders(origin) : {};
  const respond = (answer: Answer) =>
    toResponse({ ...answer, body: handling.redact(answer.body) }, cors);

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
    return respond(await answerPost(handling, request, kind, context));
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

  const handling: Handling = { config, log, logOnce, once, limiter, clientOf, routes, redact };
  return Object.assign(
    (request: Request, context?: RequestContext) => handle(handling, request, context),
    {
      handles: (url: string | URL) => {
        try {
          return routes.has(new URL(url, 'http://localhost').pathname);
        } catch {
          return false;
        }
      },
    },
  );
}
