// What the specs do inside the page under test: record the tracker's `dubtrack:*` events, make a
// call and read how it settled, and look at what the tracker kept (outbox, click id, engine).
// The fixtures (site, collector) are in fixtures.ts; this file only talks to the page.
import type { Page } from '@playwright/test';
import type { OutboxEntry } from '../../src/outbox/entry.js';
import type { TrackResult } from '../../src/outcome/events.js';

// Helpers the engine-neutral harness uses too.
export { engineFile, pause, postsOf } from '../fixtures/site.js';

/** The three calls a site makes. */
export type Kind = 'lead' | 'sale' | 'customer';

/** A call's input as a test writes it: untyped, so that invalid input can be passed as well. */
export type Input = Record<string, unknown>;

/** A `DubTrackError` as the page sees it, copied field by field out of the browser by `serialize`. */
export interface SeenError {
  name: string;
  message: string;
  kind: Kind | null;
  eventId: string | null;
  status: number | null;
  code: string | null;
  docUrl: string | null;
  issues: { path: string; message: string }[];
  attempt: number;
  willRetry: boolean;
  /** Where a failed event is kept for its next attempt, if it is. */
  kept?: 'storage' | 'memory';
  /** `error instanceof Error` in the page. */
  isError: boolean;
}

/** A `retry` event's detail, its error serialized. */
export interface SeenRetry {
  kind: Kind;
  eventId: string;
  attempt: number;
  delayMs: number;
  error: SeenError;
}

/** A `success` event's detail. */
export interface SeenSuccess extends TrackResult {
  kind: Kind;
}

/** The events one page received, oldest first, by type. */
export interface Seen {
  success: SeenSuccess[];
  error: SeenError[];
  retry: SeenRetry[];
}

/**
 * How a `call` settled: resolved; rejected, with whether the rejected error is the very object the
 * `dubtrack:error` event and the `on('error')` handlers received; or still pending after `withinMs`.
 */
export type Outcome =
  | { ok: true; result: TrackResult }
  | { ok: false; error: SeenError; sameAsWindowEvent: boolean; sameAsOnHandler: boolean }
  | { ok?: never; pending: true };

/** `window.dubTrack` or a `createTracker()` result, typed loosely so tests can pass any input. */
export interface PageTracker {
  lead(input: Input): Promise<TrackResult>;
  sale(input: Input): Promise<TrackResult>;
  customer(input: Input): Promise<TrackResult>;
  on(type: keyof Seen, handler: (detail: unknown) => void): () => void;
  getClickId(): string | null;
  consent(granted: boolean): void;
  flush(): Promise<void>;
  version?: string;
}

/** What `instrument` puts on the page as `window.__test`. */
export interface Harness {
  /** What the `dubtrack:*` window events carried, and what `on()` handlers received. */
  window: Seen;
  on: Seen;
  rawErrors: { window: unknown[]; on: unknown[] };
  serialize(error: unknown): SeenError;
  /** Listens with `tracker.on()` (default `window.dubTrack`); until then `on` stays empty. */
  listen(tracker?: PageTracker): void;
  /** The call's outcome; `{pending: true}` when it has not settled within `withinMs`. */
  settle(promise: Promise<TrackResult>, withinMs?: number): Promise<Outcome>;
}

/** The page's window once `instrument` has run and the tracker is there. */
export type TestWindow = Window & {
  dubTrack: PageTracker;
  /** What an ES module page assigned `createTracker()` to. */
  tracker?: PageTracker;
  __test: Harness;
};

/** The localStorage key prefix of outbox entries (the outbox of SPEC §7). */
export const EVENT_PREFIX = 'dub_track_event.v2:';

/** An outbox entry as stored under `dub_track_event.v2:<id>`. */
export type KeptEntry = OutboxEntry;

/**
 * Test instrumentation, not a page script: pass it to `page.addInitScript` (or the context's)
 * before the page loads, so every `dubtrack:*` event of every document is recorded in `__test`.
 */
export function instrument() {
  const w = window as unknown as TestWindow;
  const serialize = (error: unknown): SeenError => {
    const e = error as SeenError;
    return {
      name: e?.name,
      message: e?.message,
      kind: e?.kind,
      eventId: e?.eventId,
      status: e?.status,
      code: e?.code,
      docUrl: e?.docUrl,
      issues: e?.issues,
      attempt: e?.attempt,
      willRetry: e?.willRetry,
      isError: error instanceof Error,
      // Only on errors of events that are kept, as the tracker sets it.
      ...(e?.kept ? { kept: e.kept } : {}),
    };
  };
  const record = (seen: Seen, raw: unknown[], type: keyof Seen, detail: unknown) => {
    if (type === 'error') {
      raw.push(detail);
      seen.error.push(serialize(detail));
    } else if (type === 'retry') {
      const retry = detail as SeenRetry;
      seen.retry.push({ ...retry, error: serialize(retry.error) });
    } else seen.success.push(detail as SeenSuccess);
  };
  const harness: Harness = {
    window: { success: [], error: [], retry: [] },
    on: { success: [], error: [], retry: [] },
    rawErrors: { window: [], on: [] },
    serialize,
    listen(tracker = w.dubTrack) {
      for (const type of ['success', 'error', 'retry'] as const)
        tracker.on(type, (detail) => record(harness.on, harness.rawErrors.on, type, detail));
    },
    settle(promise, withinMs = 20_000) {
      const outcome = promise.then(
        (result): Outcome => ({ ok: true, result }),
        (error): Outcome => ({
          ok: false,
          error: serialize(error),
          sameAsWindowEvent: harness.rawErrors.window.includes(error),
          sameAsOnHandler: harness.rawErrors.on.includes(error),
        }),
      );
      const late = new Promise<Outcome>((resolve) =>
        setTimeout(() => resolve({ pending: true }), withinMs),
      );
      return Promise.race([outcome, late]);
    },
  };
  for (const type of ['success', 'error', 'retry'] as const) {
    addEventListener(`dubtrack:${type}`, (event) =>
      record(harness.window, harness.rawErrors.window, type, (event as CustomEvent).detail),
    );
  }
  w.__test = harness;
}

/** Calls `window.dubTrack[kind](input)` in an instrumented page and returns how it settled. */
export function call(page: Page, kind: Kind, input: Input, withinMs?: number): Promise<Outcome> {
  return page.evaluate(
    ([kind, input, withinMs]) => {
      const w = window as unknown as TestWindow;
      if (!w.__test) throw new Error('call() needs page.addInitScript(instrument) first');
      return w.__test.settle(w.dubTrack[kind](input), withinMs);
    },
    [kind, input, withinMs] as const,
  );
}

/** The result of a call that must have resolved; throws with the outcome otherwise. */
export function resolved(outcome: Outcome): TrackResult {
  if (!outcome.ok) throw new Error(`expected the call to resolve, got ${JSON.stringify(outcome)}`);
  return outcome.result;
}

/** The outcome of a call that must have rejected; throws with the outcome otherwise. */
export function rejected(outcome: Outcome) {
  if (outcome.ok !== false)
    throw new Error(`expected the call to reject, got ${JSON.stringify(outcome)}`);
  return outcome;
}

/**
 * The events an instrumented page has received so far, as `dubtrack:*` window events and through
 * `on()` (empty until `__test.listen()`): read after the calls whose events a test checks.
 */
export const seen = (page: Page) =>
  page.evaluate(() => {
    const { window: onWindow, on } = (window as unknown as TestWindow).__test;
    return { window: onWindow, on };
  });

/** The entries of the page's localStorage outbox: what waits to be sent, e.g. after a failed call. */
export const outbox = (page: Page): Promise<KeptEntry[]> =>
  page.evaluate(
    (prefix) =>
      Object.keys(localStorage)
        .filter((key) => key.startsWith(prefix))
        .map((key) => JSON.parse(localStorage.getItem(key) ?? 'null')),
    EVENT_PREFIX,
  );

/** The keys of the page's localStorage outbox (`dub_track_event.v2:<id>`), when only they matter. */
export const outboxKeys = (page: Page): Promise<string[]> =>
  page.evaluate(
    (prefix) => Object.keys(localStorage).filter((key) => key.startsWith(prefix)),
    EVENT_PREFIX,
  );

/** `window.dubTrack.flush()`: tries to deliver every waiting event now. */
export const flush = (page: Page) =>
  page.evaluate(() => (window as unknown as TestWindow).dubTrack.flush());

/** The click the page's tracker attributes to: `dubTrack.getClickId()` (`tracker`'s on an ES module page). */
export const clickIdOf = (page: Page, target: 'dubTrack' | 'tracker' = 'dubTrack') =>
  page.evaluate((target) => (window as unknown as TestWindow)[target]?.getClickId(), target);

/**
 * Lets the page go idle, then `ms` longer: the engine's load, replays and anything queued have
 * had their chance to run. Use it before asserting that something was not sent.
 */
export const settleDown = (page: Page, ms = 300) =>
  page.evaluate(
    (ms) => new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, ms))),
    ms,
  );

/** A request the page made to Dub's own API, as `answerAsDub` recorded it. */
export interface DubApiRequest {
  method: string;
  url: string;
  /** The URL's pathname, e.g. `/track/sale/client`. */
  path: string;
  /** Every header the browser sent (`allHeaders()`), names lower-cased. */
  headers: Record<string, string>;
  body: unknown;
}

/**
 * Answers every request to https://api.dub.co, the default apiHost, in the browser: 200 with `body`
 * and open CORS, so nothing leaves the machine. Call before the page loads; returns the requests,
 * filled in as they come.
 */
export async function answerAsDub(page: Page, body: unknown): Promise<DubApiRequest[]> {
  const requests: DubApiRequest[] = [];
  await page.route('https://api.dub.co/**', async (route) => {
    const request = route.request();
    requests.push({
      method: request.method(),
      url: request.url(),
      path: new URL(request.url()).pathname,
      headers: await request.allHeaders(),
      body: request.postDataJSON(),
    });
    await route.fulfill({
      status: 200,
      headers: { 'access-control-allow-origin': '*' },
      contentType: 'application/json',
      body: JSON.stringify(body),
    });
  });
  return requests;
}
