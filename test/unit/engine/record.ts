// One engine's record (`createContext`) for the tests that drive one room alone: happy-dom's
// in-memory localStorage, the test's fake clock, `fetch` stubbed, no page listeners (only
// `lifecycle.ts` adds them), and the replay timer replaced by a spy unless a test keeps it.
import { vi } from 'vitest';
import type { ConsentState } from '../../../src/contract.js';
import type { Context } from '../../../src/engine/context.js';
import { createContext } from '../../../src/engine/createContext.js';
import { recordKey } from '../../../src/outbox/record.js';
import { DubTrackError } from '../../../src/outcome/DubTrackError.js';
import type { TrackerEvents } from '../../../src/outcome/events.js';

export const TAB = 'dub_track_tab:';
export const OUTCOME = 'dub_track_outcome:';
export const LEAD = { eventName: 'Sign up', customerExternalId: 'cus_1' };
export const BODY = JSON.stringify(LEAD);
/** A first-party endpoint that reads the idempotency key, without in-page retries. */
export const ENDPOINT = { apiHost: 'https://track.shop.test', retry: { limit: 0 } };

/** A record for `options` over ENDPOINT; `errors` and `successes` are what it emitted. */
export const recordWith = (options = {}, consent: () => ConsentState = () => 'granted') => {
  const errors: TrackerEvents['error'][] = [];
  const successes: TrackerEvents['success'][] = [];
  const flush = vi.fn(async (_ctx: Context) => {});
  const ctx = createContext({
    options: { ...ENDPOINT, ...options },
    emit: (type, detail) => {
      if (type === 'error') errors.push(detail as TrackerEvents['error']);
      if (type === 'success') successes.push(detail as TrackerEvents['success']);
    },
    DubTrackError,
    getClickId: () => null,
    consent,
  });
  // The replay, spied on: a room that starts it is seen doing so, and sends nothing by it.
  ctx.flush_ = () => flush(ctx);
  return { ctx, errors, successes, flush };
};

/** Replaces the record's replay timer with a spy: the waits a room asks for. */
export const spyLater = (ctx: Context) => {
  const later = vi.fn();
  ctx.later_ = later;
  return later;
};

/** A lead as `track` hands it over, validated (an outbox entry). */
export const call = (id: string) => ({
  id,
  kind: 'lead' as const,
  createdAt: Date.now(),
  attempts: 0,
  body: BODY,
});
/** An event another tab kept (validated), with `fields` over it. */
export const kept = (id: string, fields: Record<string, unknown> = {}) =>
  localStorage.setItem(recordKey(id), JSON.stringify({ ...call(id), ...fields }));
/** The event as storage holds it, or `null`. */
export const stored = (id: string) => JSON.parse(localStorage.getItem(recordKey(id)) ?? 'null');
/** Another tab that beats until `ms` from now. */
export const otherTab = (ms: number) => localStorage.setItem(`${TAB}other`, `${Date.now() + ms}`);

/** The fake clock, empty storage and a stubbed `fetch` (answering `{}`) for one test. */
export const freshPage = () => {
  vi.useFakeTimers();
  localStorage.clear();
  const fetch = vi.fn(async (..._: unknown[]) => new Response('{}'));
  vi.stubGlobal('fetch', fetch);
  return fetch;
};
export const leavePage = () => {
  vi.clearAllTimers();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
};
