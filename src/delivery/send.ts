import ky, { type HTTPError, isHTTPError, isTimeoutError } from 'ky';
import { RETRIED_STATUSES } from '../config/dub.js';
import type { EngineHost } from '../contract.js';
import { routeRefusal } from '../engine/checks.js';
import type { DeliveryConfig } from '../engine/options.js';
import type { OutboxEntry } from '../outbox/entry.js';
import type { DubTrackError } from '../outcome/DubTrackError.js';
import { type ErrorData, toError } from '../outcome/errorData.js';
import type { TrackResult } from '../outcome/events.js';
import { dubErrorBody, errorNameOf } from './httpErrors.js';
import { retryAfterMs } from './retryAfter.js';

/** A `Retry-After` beyond this leaves the event in the outbox for later instead of holding the page. */
export const MAX_IN_PAGE_WAIT_MS = 60_000;
/** The shortest wait after a 429 whose `Retry-After` the page cannot read (Dub's CORS hides it). */
export const RATE_LIMIT_MIN_WAIT_MS = 1_000;
/** Dub's rate-limit window: waits after such a 429 are spread over it, so visitors do not retry together. */
export const RATE_LIMIT_WINDOW_MS = 60_000;
/** Chrome refuses `keepalive` bodies of 64 KiB and more (in flight together). */
const KEEPALIVE_LIMIT = 60_000;

/**
 * What one delivery came to, as data (nothing is thrown): the endpoint's result, or the failure
 * of the last attempt, whether another attempt may succeed (`retry`: no answer, or a status that
 * is retried) and when the endpoint asked to be left alone until (`notBefore`).
 */
export type Sent =
  | { ok: true; result: TrackResult }
  | { ok: false; error: ErrorData; retry: boolean; notBefore?: number };

const parse = (text: string) => {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
};

/**
 * Every option ky and the browser's `Request` read, given as the request's own value: both read
 * their options through the prototype, so the page's `Object.prototype.prefixUrl` would send the
 * event to another host, a `json` replace its body, a `throwHttpErrors = false` pass a refusal
 * for a success, a `credentials` or `mode` change how it is sent. These are their defaults.
 */
const OWN_REQUEST_OPTIONS = {
  prefixUrl: '',
  json: undefined,
  searchParams: undefined,
  parseJson: undefined,
  stringifyJson: undefined,
  onDownloadProgress: undefined,
  onUploadProgress: undefined,
  signal: undefined,
  // The body joins at ky's fetch (below); the Request ky builds carries none, not a prototype's.
  body: undefined,
  throwHttpErrors: true,
  credentials: 'same-origin',
  mode: 'cors',
  cache: 'default',
  redirect: 'follow',
  referrer: 'about:client',
  referrerPolicy: '',
  integrity: '',
  window: null,
} as const;

/** ky's retry options that never change: POST is retried, on the statuses that are retried. */
const RETRY = {
  methods: ['post'],
  statusCodes: RETRIED_STATUSES,
  // Retry-After is read by `shouldRetry` (in `send`), which knows Dub's epoch milliseconds.
  afterStatusCodes: [],
  retryOnTimeout: true,
};

/**
 * ky 1.x clones its Request before every attempt (for a retry), which tees a body stream: most
 * of its cost per event. Its Request carries no body, so that clone is cheap, and the body string
 * joins at the fetch ky makes, the same on every attempt. So do the headers: given to ky, they
 * were copied into four Headers objects per attempt by its option merging (a tenth of a
 * millisecond per event in a burst). ky's `init` is a plain object of "unknown" options that the
 * browser reads as a RequestInit, so it is copied into one without a prototype: a page's
 * `Object.prototype.credentials` fills nothing (see src/defences/README.md).
 */
const fetchWith =
  (transport: typeof fetch, config: DeliveryConfig, { id, body }: OutboxEntry) =>
  (request: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (config.publishableKey) headers.authorization = `Bearer ${config.publishableKey}`;
    if (config.idempotencyHeader) headers[config.idempotencyHeader] = id;
    return transport(request, { __proto__: null, ...init, headers, body } as RequestInit);
  };

/** The endpoint's non-2xx answer to attempt `fields.attempt`, as that attempt's error. */
const answerOf = async (error: HTTPError, fields: Record<string, unknown>): Promise<ErrorData> => {
  const { status } = error.response;
  // A body that cannot be read (the connection dropped mid-answer) is an answer without one.
  const body = dubErrorBody(parse(await error.response.text().catch(() => '')));
  return {
    name: errorNameOf(status),
    message:
      body.message ?? routeRefusal(status, error.request.url) ?? `the endpoint answered ${status}`,
    ...fields,
    status,
    code: body.code,
    docUrl: body.docUrl,
  } as ErrorData;
};

/**
 * Sends kept events with ky: retries with full-jitter exponential backoff, `Retry-After` in any
 * of its forms, a timeout per attempt, `keepalive`, and the event id as idempotency key.
 */
export function createSender(
  config: DeliveryConfig,
  Failure: EngineHost['DubTrackError'],
  /** What carries the request: the page's `fetch`, looked up at each request (the warm-up passes a stand-in). */
  transport: typeof fetch = (input, init) => fetch(input, init),
) {
  const { retry } = config;

  return async function send(
    entry: OutboxEntry & { body: string },
    onRetry: (attempt: number, delayMs: number, error: DubTrackError) => void,
    /** Asked after each wait, before the next attempt: `false` stops (another page took the event over). */
    onResume: () => boolean | Promise<boolean> = () => true,
  ): Promise<Sent> {
    let attempt = 1;
    let notBefore: number | undefined;
    // This attempt's non-2xx answer as its error's data, and the HTTPError it was read from (its
    // body can be read once); cleared when the next attempt is announced, so a later failure
    // without an answer is no answer.
    let answer: ErrorData | undefined;
    let answered: HTTPError | undefined;
    // What ky is about to retry, and the wait a Retry-After (or Dub's hidden one) asks for.
    let failed: unknown;
    let asked: number | undefined;

    const fields = () => ({
      kind: entry.kind,
      eventId: entry.id,
      attempt: entry.attempts + attempt,
    });
    // A timeout ends an attempt before any answer; every other failure after one is that answer.
    const toData = (error: unknown): ErrorData =>
      isTimeoutError(error)
        ? { name: 'TimeoutError', message: `no answer within ${retry.timeoutMs} ms`, ...fields() }
        : (answer ?? {
            name: 'NetworkError',
            message: `the request failed: ${(error as Error)?.message ?? error}`,
            ...fields(),
          });
    /** Reads this attempt's answer (ky 1 leaves its body unread) once; resolves with its status. */
    const read = async (error: HTTPError) => {
      if (answered !== error) {
        answered = error;
        answer = await answerOf(error, fields());
      }
      return error.response.status;
    };
    /** Announces the next attempt before waiting `delayMs` for it (a `retry` event). */
    const announce = (delayMs: number) => {
      const error = toError(Failure, toData(failed), { willRetry: true });
      answer = undefined;
      answered = undefined;
      attempt++;
      onRetry(entry.attempts + attempt, delayMs, error);
      return delayMs;
    };

    try {
      const response = await ky.post(config.apiHost + config.endpoints[entry.kind], {
        ...OWN_REQUEST_OPTIONS,
        // A fresh object each time: ky may write to it.
        context: {},
        fetch: fetchWith(transport, config, entry),
        keepalive: entry.body.length < KEEPALIVE_LIMIT,
        timeout: retry.timeoutMs,
        retry: {
          ...RETRY,
          limit: retry.limit,
          // Full jitter: a random wait up to the exponential delay capped at backoffLimitMs (so ky's
          // own backoffLimit has nothing left to cap), unless the endpoint asked for a wait. ky
          // calls this only once it has decided to retry, so it is where the retry is announced.
          jitter: (delay) =>
            announce(asked ?? Math.random() * Math.min(delay, retry.backoffLimitMs)),
          // Non-2xx answers are read here, where ky decides about a retry, and not in an
          // afterResponse hook: ky clones every response for such a hook (a tee of its body,
          // then a cancel), about a tenth of what each event cost in a burst.
          shouldRetry: async ({ error }) => {
            failed = error;
            asked = undefined;
            if (!isHTTPError(error)) return undefined;
            const status = await read(error);
            if (!RETRIED_STATUSES.includes(status)) return false;
            // A readable Retry-After wins; a 429 without one waits past the limit's window.
            const after =
              retryAfterMs(error.response.headers.get('retry-after')) ??
              (status === 429
                ? RATE_LIMIT_MIN_WAIT_MS + Math.random() * RATE_LIMIT_WINDOW_MS
                : undefined);
            if (after === undefined) return undefined;
            if (after > MAX_IN_PAGE_WAIT_MS) {
              notBefore = Date.now() + after;
              return false;
            }
            asked = after;
            return true;
          },
        },
        // A page frozen in the back/forward cache during the wait may have lost the event, and a
        // leaving page holds the retry until it stays.
        hooks: {
          beforeRetry: [
            async () => {
              if (!(await onResume())) throw new Error('the event was taken over by another page');
            },
          ],
        },
      });
      const data = parse(await response.text());
      // Dub's 200 for a sale it did not record: `{"customer": null, "sale": null}`.
      const recorded = (data as { sale?: unknown } | null)?.sale !== null;
      if (!recorded) config.debug?.unrecorded(entry.id, entry.body);
      return { ok: true, result: { eventId: entry.id, status: response.status, data, recorded } };
    } catch (error) {
      // The last answer (no retry left, or none allowed) has not been read yet.
      const status = isHTTPError(error) && (await read(error));
      return {
        ok: false,
        error: toData(error),
        retry: !status || RETRIED_STATUSES.includes(status),
        notBefore,
      };
    }
  };
}
