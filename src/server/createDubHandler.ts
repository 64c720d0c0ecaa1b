import { DubTrackError, type EventKind } from '../outcome/DubTrackError.js';
import { validate } from '../validation/validate.js';
import { type Answer, corsHeaders, errorAnswer, preflightHeaders, toResponse } from './answer.js';
import { forward } from './forward.js';
import { createOnce } from './once.js';
import { type DubHandlerOptions, type RequestContext, resolveOptions } from './options.js';
import { createRateLimiter } from './rateLimit.js';
import { readBody } from './readBody.js';

/** A Fetch-API handler: give it a `Request`, get the `Response`. */
export interface DubHandler {
  (request: Request, context?: RequestContext): Promise<Response>;
  /** Whether a URL is one of the handler's routes (for frameworks that pass other requests on). */
  handles(url: string | URL): boolean;
}

/** An idempotency key as the script makes them (a UUID) or any other short printable token. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * Creates your site's own endpoint for the browser script: it checks each event with the same
 * rules as the script, sends it to Dub with the `dub` SDK and your secret key, and answers with
 * Dub's answer. A repeated `Idempotency-Key` gets the first answer instead of a second conversion.
 * Throws a `ConfigError` at once when the secret key is missing or is a publishable key.
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
  const once = createOnce(config.store, config.times, (error) =>
    log(`the idempotency store failed after Dub answered: ${(error as Error)?.message ?? error}`),
  );

  async function answerPost(request: Request, kind: EventKind, context: RequestContext) {
    if (limiter) {
      const waitMs = limiter.take(config.clientKey(request, context));
      if (waitMs)
        return errorAnswer(429, 'Too many requests, try again later', {
          'Retry-After': String(Math.ceil(waitMs / 1000)),
        });
    }
    if (!/^application\/json\s*(;|$)/i.test(request.headers.get('content-type') ?? ''))
      return errorAnswer(415, 'Send the event as application/json');
    const text = await readBody(request, config.maxBodyBytes);
    if (text === undefined)
      return errorAnswer(413, `The body is larger than ${config.maxBodyBytes} bytes`);
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch {
      return errorAnswer(400, 'The body is not valid JSON');
    }
    let body: Record<string, unknown>;
    try {
      // The browser fills the click ID; a request without one is a lead looked up by customer.
      body = validate(kind, input, null, DubTrackError);
    } catch (error) {
      return errorAnswer(422, (error as Error).message);
    }
    const send = async () => {
      const answer = await forward(config.dub, kind, body);
      if (answer.status >= 400) log(`${kind} answered ${answer.status} by Dub: ${answer.body}`);
      return answer;
    };
    const key = request.headers.get(config.idempotencyHeader);
    if (key === null) return send();
    if (!KEY_PATTERN.test(key))
      return errorAnswer(400, `${config.idempotencyHeader} must be 1-255 printable characters`);
    const result = await once(`${kind}:${key}`, send);
    if ('busy' in result)
      return errorAnswer(409, 'A request with this idempotency key is still being processed', {
        'Retry-After': '1',
      });
    if (!result.replayed) return result.answer;
    return {
      ...result.answer,
      headers: { ...result.answer.headers, 'Idempotent-Replayed': 'true' },
    };
  }

  async function handle(request: Request, context: RequestContext = {}): Promise<Response> {
    const url = new URL(request.url);
    const kind = routes.get(url.pathname);
    if (!kind) return toResponse(errorAnswer(404, 'Not found'));
    const origin = request.headers.get('origin');
    const allowed =
      origin === null ||
      (config.allowedOrigins ? config.allowedOrigins.has(origin) : origin === url.origin);
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
      // A store that fails (Redis down) or a body stream that breaks: retried by the browser.
      log(`${kind} failed: ${(error as Error)?.message ?? error}`);
      return respond(errorAnswer(503, 'The endpoint could not take the event now'));
    }
  }

  return Object.assign(handle, {
    handles: (url: string | URL) => routes.has(new URL(url, 'http://localhost').pathname),
  });
}
