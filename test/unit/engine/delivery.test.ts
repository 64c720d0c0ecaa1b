// The engine's delivery rules with a fake clock and happy-dom's in-memory localStorage: leases
// and takeover, hand-over at unload, the replay backoff, consent, the back/forward cache and late
// calls. Each engine's page listeners are caught (not left on the shared window), and each test
// fires the page's events at the engine under test only.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsentState } from '../../../src/contract.js';
import { HANDED_GRACE_MS } from '../../../src/engine/handover.js';
import { createEngine } from '../../../src/engine/index.js';
import { REPLAY_MAX_MS } from '../../../src/engine/replay.js';
import { LEASE_MS } from '../../../src/outbox/lease.js';
import { recordKey } from '../../../src/outbox/record.js';
import { DubTrackError } from '../../../src/outcome/DubTrackError.js';
import type { TrackerEvents } from '../../../src/outcome/events.js';

const TAB = 'dub_track_tab:';
const OUTCOME = 'dub_track_outcome:';
const LEAD = { eventName: 'Sign up', customerExternalId: 'cus_1' };
const BODY = JSON.stringify(LEAD);
/** A first-party endpoint that reads the idempotency key: a resend cannot count twice. */
const ENDPOINT = { apiHost: 'https://track.shop.test', retry: { limit: 0 } };

type Listener = (event: Event) => void;
let listeners: Map<string, Listener[]>;
/** Fires a page event at the engine under test. */
const fire = (type: string, fields: Record<string, unknown> = {}) => {
  for (const listener of listeners.get(type) ?? [])
    listener(Object.assign(new Event(type), fields));
};

const engineWith = (options = {}, consent: () => ConsentState = () => 'granted') => {
  const errors: TrackerEvents['error'][] = [];
  const engine = createEngine({
    options: { ...ENDPOINT, ...options },
    emit: (type, detail) => {
      if (type === 'error') errors.push(detail as TrackerEvents['error']);
    },
    DubTrackError,
    getClickId: () => null,
    consent,
  });
  return { engine, errors };
};
/** An event another tab kept (validated), with `fields` over it. */
const kept = (id: string, fields: Record<string, unknown> = {}) =>
  localStorage.setItem(
    recordKey(id),
    JSON.stringify({ id, kind: 'lead', createdAt: Date.now(), attempts: 0, body: BODY, ...fields }),
  );
const stored = (id: string) => JSON.parse(localStorage.getItem(recordKey(id)) ?? 'null');

let fetch: ReturnType<typeof vi.fn>;
beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
  listeners = new Map();
  vi.spyOn(window, 'addEventListener').mockImplementation(((type: string, listener: Listener) => {
    listeners.set(type, [...(listeners.get(type) ?? []), listener]);
  }) as typeof window.addEventListener);
  fetch = vi.fn(async () => new Response('{}'));
  vi.stubGlobal('fetch', fetch);
});
afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('leases', () => {
  it("leaves another live tab's event alone, and takes it over once that tab's lease runs out", async () => {
    // The other tab beat last just now and then vanished (a crash): no pagehide, no more beats.
    localStorage.setItem(`${TAB}other`, `${Date.now() + LEASE_MS}`);
    kept('l1', { owner: 'other' });
    engineWith();
    await vi.advanceTimersByTimeAsync(LEASE_MS - 100);
    expect(fetch).not.toHaveBeenCalled();
    expect(stored('l1')?.owner).toBe('other');
    await vi.advanceTimersByTimeAsync(LEASE_MS);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(stored('l1')).toBeNull();
  });

  it('never takes the event of a tab that keeps beating', async () => {
    localStorage.setItem(`${TAB}other`, `${Date.now() + 60 * LEASE_MS}`);
    kept('l2', { owner: 'other' });
    engineWith();
    await vi.advanceTimersByTimeAsync(10 * LEASE_MS);
    expect(fetch).not.toHaveBeenCalled();
    expect(stored('l2')?.owner).toBe('other');
  });
});

describe('hand-over at unload', () => {
  it('marks a request on the wire at pagehide as handed over (no owner), and a next page resends it after HANDED_GRACE_MS', async () => {
    // The request never answers: the page unloads with it on the wire.
    fetch.mockImplementation(() => new Promise(() => {}));
    const { engine } = engineWith({ idempotencyHeader: 'Idempotency-Key' });
    // (It times out on the next page's clock: this page is gone by then.)
    engine.track('lead', LEAD, 'h1', false).catch(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    fire('pagehide');
    expect(stored('h1')).toMatchObject({ handed: Date.now(), attempts: 0 });
    expect(stored('h1').owner).toBeUndefined();

    // The next page: nothing before the grace period, one resend after it.
    listeners = new Map();
    fetch.mockReset().mockImplementation(async () => new Response('{}'));
    engineWith({ idempotencyHeader: 'Idempotency-Key' });
    await vi.advanceTimersByTimeAsync(HANDED_GRACE_MS - 100);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(stored('h1')).toBeNull();
  });
});

describe('the replay backoff', () => {
  it('replays a failing event after 5 s, doubling each round up to one minute', async () => {
    // The random half of each wait at its top: the whole wait.
    vi.spyOn(Math, 'random').mockReturnValue(0.999_999);
    fetch.mockImplementation(async () => new Response('{}', { status: 503 }));
    const { engine } = engineWith();
    // The page's first replay round (nothing kept yet) is over before the call.
    await vi.advanceTimersByTimeAsync(0);
    await engine.track('lead', LEAD, 'r1', false).catch(() => {});
    const times: number[] = [];
    let start = Date.now();
    fetch.mockImplementation(async () => {
      times.push(Date.now() - start);
      start = Date.now();
      return new Response('{}', { status: 503 });
    });
    await vi.advanceTimersByTimeAsync(4 * REPLAY_MAX_MS);
    // The first wait is counted from the call's failure; rounding: the waits are whole seconds
    // less a microsecond's share of randomness.
    expect(times.slice(0, 6).map((ms) => Math.round(ms / 1_000))).toEqual([5, 10, 20, 40, 60, 60]);
    expect(stored('r1')).toMatchObject({ attempts: times.length + 1, lastError: 'SDKError' });
  });
});

describe('consent', () => {
  it('holds a call in memory until consent is given, then delivers it and resolves', async () => {
    let state: ConsentState = 'pending';
    const { engine } = engineWith({}, () => state);
    let settled: unknown;
    const call = engine.track('lead', LEAD, 'c1', false).then((result) => {
      settled = result;
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetch).not.toHaveBeenCalled();
    expect(localStorage.length).toBe(0);
    expect(settled).toBeUndefined();
    state = 'granted';
    engine.consent(true);
    await call;
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(settled).toMatchObject({ eventId: 'c1', status: 200 });
  });

  it('rejects a held call when consent is refused, and forgets its event', async () => {
    let state: ConsentState = 'pending';
    const { engine } = engineWith({}, () => state);
    const call = engine.track('lead', LEAD, 'c2', false).catch((thrown) => thrown);
    await vi.advanceTimersByTimeAsync(0);
    state = 'denied';
    engine.consent(false);
    expect(await call).toMatchObject({ name: 'ConfigError', message: 'consent was refused' });
    state = 'granted';
    await engine.flush();
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('the back/forward cache', () => {
  it('starts no request while the page is hidden, and sends once it is shown again', async () => {
    const { engine } = engineWith();
    fire('pagehide');
    const call = engine.track('lead', LEAD, 'b1', false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).not.toHaveBeenCalled();
    fire('pageshow', { persisted: true });
    await expect(call).resolves.toMatchObject({ eventId: 'b1', status: 200 });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('does not send an event another page took while this one was frozen: the call fails, still kept', async () => {
    const { engine, errors } = engineWith();
    fire('pagehide');
    const call = engine.track('lead', LEAD, 'b2', false).catch((thrown) => thrown);
    await vi.advanceTimersByTimeAsync(0);
    // Another page, alive, took the event over meanwhile.
    localStorage.setItem(`${TAB}other`, `${Date.now() + 60_000}`);
    kept('b2', { owner: 'other' });
    fire('pageshow', { persisted: true });
    expect(await call).toMatchObject({ name: 'NetworkError', eventId: 'b2', willRetry: true });
    expect(errors).toHaveLength(1);
    expect(fetch).not.toHaveBeenCalled();
    expect(stored('b2')?.owner).toBe('other');
  });
});

describe('a call whose engine came late', () => {
  const raw = (id: string, ageMs: number, fields = {}) =>
    kept(id, { createdAt: Date.now() - ageMs, body: undefined, input: LEAD, ...fields });

  it('is sent by its own page when nobody took its raw call', async () => {
    raw('t1', 2_000);
    const { engine } = engineWith();
    const call = engine.track('lead', LEAD, 't1', true);
    // Its claim is confirmed after a short settling time.
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(call).resolves.toMatchObject({ eventId: 't1' });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(stored('t1')).toBeNull();
  });

  it('waits while another tab sends it, then settles with the result that tab left', async () => {
    localStorage.setItem(`${TAB}other`, `${Date.now() + 60_000}`);
    raw('t2', 2_000, { owner: 'other' });
    const { engine } = engineWith();
    let settled: unknown;
    const call = engine.track('lead', LEAD, 't2', true).then((result) => {
      settled = result;
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(settled).toBeUndefined();
    // The other tab delivers it: it leaves the outcome, then removes the event.
    const result = { eventId: 't2', status: 200, data: { ok: 1 }, recorded: true };
    localStorage.setItem(`${OUTCOME}t2`, JSON.stringify({ at: Date.now(), result }));
    localStorage.removeItem(recordKey('t2'));
    await vi.advanceTimersByTimeAsync(1_000);
    await call;
    expect(settled).toEqual(result);
    expect(fetch).not.toHaveBeenCalled();
    expect(localStorage.getItem(`${OUTCOME}t2`)).toBeNull();
  });

  it('that another page replayed and the endpoint refused leaves that page the refusal, as data', async () => {
    raw('t3', 5_000);
    fetch.mockImplementation(
      async () =>
        new Response(JSON.stringify({ error: { code: 'unprocessable_entity', message: 'bad' } }), {
          status: 422,
        }),
    );
    const { errors } = engineWith();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(errors).toEqual([
      expect.objectContaining({ name: 'UnprocessableEntity', eventId: 't3' }),
    ]);
    const outcome = JSON.parse(localStorage.getItem(`${OUTCOME}t3`) ?? 'null');
    expect(outcome.error).toMatchObject({
      name: 'UnprocessableEntity',
      message: 'bad',
      status: 422,
    });
    expect(stored('t3')).toBeNull();
  });
});
