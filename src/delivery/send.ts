import ky, { isTimeoutError } from 'ky';
import type { EngineHost } from '../engine/contract.js';
import type { DeliveryConfig } from '../engine/options.js';
import type { OutboxEntry } from '../outbox/entry.js';
import type { DubTrackError } from '../outcome/DubTrackError.js';
import type { TrackResult } from '../outcome/events.js';
import { dubErrorBody, errorNameOf, RETRIED_STATUSES } from './httpErrors.js';
import { retryAfterMs } from './retryAfter.js';

/** A `Retry-After` beyond this leaves the event in the outbox for later instead of holding the page. */
export const MAX_IN_PAGE_WAIT_MS = 60_000;
/** Chrome refuses `keepalive` bodies of 64 KiB and more (in flight together). */
const KEEPALIVE_LIMIT = 60_000;

/** A failed delivery: the typed error, plus when the endpoint asked to be left alone until. */
export interface Undelivered {
  error: DubTrackError;
  notBefore?: number;
}

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
 * for a success, a `credentials` or `mode` change how it is sent. These are their defaults
 * (and ky's `fetch`, below).
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
  // ky hands fetch a second argument, a plain object of "unknown" options, which the browser
  // reads as a RequestInit: a page's `Object.prototype.credentials` would fill it in. The Request
  // ky built carries everything. Looked up at each call: a page's fetch wrapper still runs.
  fetch: (request: Parameters<typeof fetch>[0]) => fetch(request),
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

/**
 * Sends kept events with ky: retries with full-jitter exponential backoff, `Retry-After` in any
 * of its forms, a timeout per attempt, `keepalive`, and the event id as idempotency key.
 */
export function createSender(config: DeliveryConfig, Failure: EngineHost['DubTrackError']) {
  const { retry } = config;

  return async function send(
    entry: OutboxEntry & { body: string },
    onRetry: (attempt: number, delayMs: number, error: DubTrackError) => void,
  ): Promise<TrackResult> {
    let attempt = 1;
    let notBefore: number | undefined;
    // This attempt's non-2xx answer as its error (ky 1 leaves the body of an HTTPError unread);
    // cleared when the next attempt is announced, so a later failure without one is no answer.
    let answer: DubTrackError | undefined;
    // What ky is about to retry: the error it passed to shouldRetry, or the answer a Retry-After forced.
    let failed: unknown;

    const fields = () => ({
      kind: entry.kind,
      eventId: entry.id,
      attempt: entry.attempts + attempt,
      willRetry: true,
    });
    // A timeout ends an attempt before any answer; every other failure after one is that answer.
    const toError = (error: unknown): DubTrackError =>
      isTimeoutError(error)
        ? new Failure('TimeoutError', `no answer within ${retry.timeoutMs} ms`, fields())
        : (answer ??
          new Failure(
            'NetworkError',
            `the request failed: ${(error as Error)?.message ?? error}`,
            fields(),
          ));

    /** Announces the next attempt before waiting `delayMs` for it (a `retry` event). */
    const announce = (delayMs: number) => {
      const error = toError(failed);
      answer = undefined;
      attempt++;
      onRetry(entry.attempts + attempt, delayMs, error);
      return delayMs;
    };

    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (config.publishableKey) headers.authorization = `Bearer ${config.publishableKey}`;
    if (config.idempotencyHeader) headers[config.idempotencyHeader] = entry.id;

    try {
      const response = await ky.post(config.apiHost + config.endpoints[entry.kind], {
        ...OWN_REQUEST_OPTIONS,
        // A fresh object each time: ky may write to it.
        context: {},
        body: entry.body,
        headers,
        keepalive: entry.body.length < KEEPALIVE_LIMIT,
        timeout: retry.timeoutMs,
        retry: {
          limit: retry.limit,
          methods: ['post'],
          statusCodes: RETRIED_STATUSES,
          // Retry-After is read by the afterResponse hook below, which knows Dub's epoch milliseconds.
          afterStatusCodes: [],
          retryOnTimeout: true,
          // Full jitter: a random wait up to the exponential delay capped at backoffLimitMs (so ky's
          // own backoffLimit has nothing left to cap). ky calls this only once it has decided to
          // retry, so it is where the retry is announced.
          jitter: (delay) => announce(Math.random() * Math.min(delay, retry.backoffLimitMs)),
          shouldRetry: ({ error }) => {
            failed = error;
            return notBefore ? false : undefined;
          },
        },
        hooks: {
          afterResponse: [
            async (_request, _options, response) => {
              const { status } = response;
              if (response.ok) return;
              const body = dubErrorBody(parse(await response.clone().text()));
              answer = new Failure(
                errorNameOf(status),
                body.message ?? `the endpoint answered ${status}`,
                {
                  ...fields(),
                  status,
                  code: body.code,
                  docUrl: body.docUrl,
                  willRetry: RETRIED_STATUSES.includes(status),
                },
              );
              if (!answer.willRetry) return;
              const after = retryAfterMs(response.headers.get('retry-after'));
              if (after === undefined || attempt > retry.limit) return;
              if (after > MAX_IN_PAGE_WAIT_MS) {
                notBefore = Date.now() + after;
                return;
              }
              failed = answer;
              return ky.retry({ delay: announce(after) });
            },
          ],
        },
      });
      return { eventId: entry.id, status: response.status, data: parse(await response.text()) };
    } catch (error) {
      const failure: Undelivered = { error: toError(error), notBefore };
      throw failure;
    }
  };
}
