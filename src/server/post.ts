/** A POST to one of the handler's routes: checked, read, validated, sent to Dub once per key. */

import { DubTrackError, type EventKind } from '../outcome/DubTrackError.js';
import { validate } from '../validation/validate.js';
import { type Answer, errorAnswer } from './answer.js';
import { forward } from './forward.js';
import type { createOnce } from './once.js';
import type { RequestContext, resolveOptions } from './options.js';
import type { createRateLimiter } from './rateLimit.js';
import { readBody } from './readBody.js';

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

/** An idempotency key as the script makes them (a UUID) or any other short printable token. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** How long a browser is asked to wait after a 503 (busy, or a store that is away), in seconds. */
export const RETRY_AFTER_S = '2';

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
 * The checks before an event is read (customer updates allowed, the rate limit, the content
 * type), then its body as JSON, with the signed-in user's customer where `authorize` names one:
 * the input to validate, or the answer that refuses the request.
 */
async function readInput(
  handling: Handling,
  request: Request,
  kind: EventKind,
  context: RequestContext,
): Promise<{ input: unknown } | Answer> {
  const { config, limiter } = handling;
  if (kind === 'customer' && !config.authorize)
    return errorAnswer(
      403,
      'Customer updates are off: the site must tie them to its signed-in user (authorize)',
    );
  if (limiter) {
    const waitMs = await limiter.take(handling.clientOf(request, context));
    if (waitMs)
      return errorAnswer(429, 'Too many requests, try again later', {
        'Retry-After': String(Math.ceil(waitMs / 1000)),
      });
  }
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get('content-type') ?? ''))
    return errorAnswer(415, 'Send the event as application/json');
  const text = await readBody(request, config.maxBodyBytes, config.bodyTimeoutMs);
  if (text === 413) return errorAnswer(413, `The body is larger than ${config.maxBodyBytes} bytes`);
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
  return { input };
}

/**
 * Answers a POST to route `kind`: the event read and checked, sent to Dub with the secret key,
 * once per idempotency key.
 */
export async function answerPost(
  handling: Handling,
  request: Request,
  kind: EventKind,
  context: RequestContext,
): Promise<Answer> {
  const { config, log, logOnce } = handling;
  const dub = config.client();
  if (typeof dub === 'string') {
    logOnce(dub);
    return errorAnswer(500, 'The endpoint is not configured');
  }
  const read = await readInput(handling, request, kind, context);
  if (!('input' in read)) return read;
  let body: Record<string, unknown>;
  try {
    // The browser fills the click ID; a request without one is a lead looked up by customer.
    body = validate(kind, read.input, null, DubTrackError);
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
  const result = await handling.once(`${kind}:${key}`, await hashOf(body), send);
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
