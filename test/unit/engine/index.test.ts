// createEngine: reports, and calls whose engine arrived after another tab may have replayed them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrackerOptions } from '../../../src/config/options.js';
import { debug } from '../../../src/engine/debug.js';
import { HANDED_GRACE_MS } from '../../../src/engine/handover.js';
import { createEngine } from '../../../src/engine/index.js';
import { DubTrackError } from '../../../src/outcome/DubTrackError.js';
import type { TrackerEvents } from '../../../src/outcome/events.js';

const engineWith = (options: TrackerOptions = {}) => {
  const errors: TrackerEvents['error'][] = [];
  const engine = createEngine(
    {
      // Dub's API (the default apiHost) takes nothing without a key.
      options: { publishableKey: 'dub_pk_test', ...options },
      emit: (type, detail) => {
        if (type === 'error') errors.push(detail as TrackerEvents['error']);
      },
      DubTrackError,
      getClickId: () => null,
      consent: () => 'granted',
    },
    // Debug mode's printing, which the engine uses only when the options ask for it.
    debug,
  );
  return { engine, errors };
};

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
});
afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
});

describe('engine.report', () => {
  it("prints nothing outside debug mode, though debug mode's printing is at hand", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const { engine, errors } = engineWith({ publishableKye: 'x' } as TrackerOptions);
    engine.report(['readOnly']);
    expect(errors).toHaveLength(1);
    expect(warn).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
    warn.mockRestore();
    info.mockRestore();
  });

  it('prints every ConfigError, each ignored option and the installed line in debug mode', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const { engine, errors } = engineWith({ publishableKye: 'x', debug: true } as TrackerOptions);
    engine.report(['readOnly']);
    expect(errors).toHaveLength(2);
    expect(warn.mock.calls.map(([line]) => line)).toEqual([
      expect.stringContaining('did you mean publishableKey?'),
      `[dub-track] ConfigError: ${errors[1].message}`,
    ]);
    expect(info).toHaveBeenCalledTimes(1);
    warn.mockRestore();
    info.mockRestore();
  });

  it('emits the message as a ConfigError of the host class, tied to no call', () => {
    const { engine, errors } = engineWith();
    engine.report(['json', 'retry']);
    expect(errors).toHaveLength(1);
    const [error] = errors;
    expect(error).toBeInstanceOf(DubTrackError);
    expect(error).toMatchObject({
      name: 'ConfigError',
      message: 'retry: not JSON (quote its keys: {"limit": 3}), using the default',
      kind: null,
      eventId: null,
      willRetry: false,
    });
  });

  it('emits what option resolution finds through the same channel', () => {
    const { engine, errors } = engineWith({ retry: { limit: -1 } });
    expect(errors.map((error) => error.name)).toEqual(['ConfigError']);
    expect(errors[0].message).toContain('retry.limit');
    engine.report(['readOnly']);
    expect(errors.map((error) => error.message)).toEqual([
      errors[0].message,
      'window.dubTrack is read-only: use window[Symbol.for("dub-track")]',
    ]);
  });
});

describe('engine.track of a call whose engine came late', () => {
  const OUTCOME = 'dub_track_outcome:';
  const EVENT = 'dub_track_event.v2:';
  const rawCall = (id: string, ageMs: number, fields = {}) =>
    localStorage.setItem(
      EVENT + id,
      JSON.stringify({
        id,
        kind: 'lead',
        createdAt: Date.now() - ageMs,
        attempts: 0,
        input: {},
        ...fields,
      }),
    );
  const LEAD = { eventName: 'Sign up', customerExternalId: 'cus_1' };
  let fetch: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    fetch = vi.fn(() => Promise.reject(new Error('nothing may be sent')));
    vi.stubGlobal('fetch', fetch);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('settles with the result another tab left, once, and sends nothing', async () => {
    const { engine } = engineWith();
    const result = { eventId: 'e1', status: 200, data: { ok: 1 } };
    localStorage.setItem(`${OUTCOME}e1`, JSON.stringify({ at: Date.now(), result }));
    await expect(engine.track('lead', LEAD, 'e1', true)).resolves.toEqual(result);
    expect(localStorage.getItem(`${OUTCOME}e1`)).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });

  it("rejects with the error another tab left, rebuilt as the host's class", async () => {
    const { engine, errors } = engineWith();
    const error = {
      name: 'UnprocessableEntity',
      message: 'bad',
      kind: 'lead',
      eventId: 'e2',
      status: 422,
      code: 'unprocessable_entity',
      docUrl: null,
      issues: [],
      attempt: 1,
      willRetry: false,
    };
    localStorage.setItem(`${OUTCOME}e2`, JSON.stringify({ at: Date.now(), error }));
    const failure = await engine.track('lead', LEAD, 'e2', true).catch((thrown) => thrown);
    expect(failure).toBeInstanceOf(DubTrackError);
    expect({ ...failure, message: failure.message }).toEqual(error);
    expect(errors).toEqual([failure]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('rejects as kept for later when another tab already tried it and kept it', async () => {
    const { engine } = engineWith();
    rawCall('e3', 10_000, { attempts: 3, lastError: 'InternalServerError' });
    const settled = engine.track('lead', LEAD, 'e3', true).catch((thrown) => thrown);
    // A call may wait a task before it is validated (a burst yields to the page).
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled).toMatchObject({
      name: 'InternalServerError',
      eventId: 'e3',
      attempt: 3,
      willRetry: true,
      kept: 'storage',
    });
    expect(localStorage.getItem(`${EVENT}e3`)).not.toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });

  it("sends a young raw call at once, without another tab's claim delay", async () => {
    const { engine } = engineWith({ retry: { limit: 0 } });
    rawCall('e4', 100);
    const settled = engine.track('lead', LEAD, 'e4', true).catch((thrown) => thrown);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect((await settled).name).toBe('NetworkError');
  });

  it('a call back from the back/forward cache, its raw call marked abandoned, settles with the outcome the next page left', async () => {
    const { engine } = engineWith();
    const result = { eventId: 'e5', status: 200, data: { ok: 1 } };
    // The next page sent it at once and left the outcome; the record is gone.
    localStorage.setItem(`${OUTCOME}e5`, JSON.stringify({ at: Date.now(), result }));
    await expect(engine.track('lead', LEAD, 'e5', true)).resolves.toEqual(result);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a call back from the back/forward cache waits while another tab holds its abandoned raw call, then takes its outcome', async () => {
    const { engine } = engineWith();
    // Young, but abandoned: the next page took it at once and is sending it (its heartbeat lives).
    rawCall('e6', 10, { owner: 'next' });
    localStorage.setItem('dub_track_left:e6', '');
    localStorage.setItem('dub_track_tab:next', `${Date.now() + 60_000}`);
    let settled: unknown;
    void engine.track('lead', LEAD, 'e6', true).then((value) => {
      settled = value;
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(settled).toBeUndefined();
    expect(fetch).not.toHaveBeenCalled();
    // That tab delivers it: the record goes, the outcome stays for this page.
    const result = { eventId: 'e6', status: 200, data: null };
    localStorage.setItem(`${OUTCOME}e6`, JSON.stringify({ at: Date.now(), result }));
    localStorage.removeItem(`${EVENT}e6`);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(settled).toEqual(result);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("the next page sends an abandoned raw call on its first round, and leaves a young one to its page's engine", async () => {
    rawCall('left', 10, { input: { ...LEAD, customerExternalId: 'left' } });
    localStorage.setItem('dub_track_left:left', '');
    rawCall('loading', 10, { input: { ...LEAD, customerExternalId: 'loading' } });
    engineWith({ retry: { limit: 0 } });
    // The starting engine's flush (a timer), then the claim's settling time.
    await vi.advanceTimersByTimeAsync(100);
    const sent = () =>
      fetch.mock.calls.map(
        ([, init]) => JSON.parse((init as RequestInit).body as string).customerExternalId,
      );
    expect(sent()).toEqual(['left']);
    // The young one is sent once its page's engine has had its 3 s (the failed one may be retried).
    await vi.advanceTimersByTimeAsync(2_800);
    expect(sent()).not.toContain('loading');
    await vi.advanceTimersByTimeAsync(300);
    expect(sent().filter((id) => id === 'loading')).toEqual(['loading']);
  });

  // Once as the engine starts (the only whole-storage read), no longer on every flush.
  it('the starting engine removes outcomes older than 10 minutes and keeps younger ones', async () => {
    localStorage.setItem(`${OUTCOME}old`, JSON.stringify({ at: Date.now() - 10 * 60_000 - 1 }));
    localStorage.setItem(`${OUTCOME}new`, JSON.stringify({ at: Date.now() - 60_000 }));
    localStorage.setItem(`${OUTCOME}junk`, '{');
    engineWith();
    await vi.advanceTimersByTimeAsync(0);
    expect(Object.keys(localStorage).sort()).toEqual([`${OUTCOME}new`]);
  });
});

describe("engine and customer() with Dub's API", () => {
  const EVENT = 'dub_track_event.v2:';
  let fetch: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    fetch = vi.fn(() => Promise.reject(new Error('nothing may be sent')));
    vi.stubGlobal('fetch', fetch);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('rejects a customer call with ConfigError and removes what the core kept for it', async () => {
    const { engine, errors } = engineWith();
    localStorage.setItem(
      `${EVENT}c1`,
      JSON.stringify({ id: 'c1', kind: 'customer', createdAt: Date.now(), attempts: 0, input: {} }),
    );
    const failure = await engine
      .track('customer', { customerExternalId: 'cus_1' }, 'c1', true)
      .catch((thrown) => thrown);
    expect(failure).toMatchObject({ name: 'ConfigError', kind: 'customer', willRetry: false });
    expect(failure.message).toContain('Dub has no browser endpoint for customers');
    expect(errors).toEqual([failure]);
    expect(localStorage.getItem(`${EVENT}c1`)).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('drops a customer an earlier page kept for Dub instead of sending it on every load', async () => {
    // Kept before this page's engine starts: the engine lists storage once, as it starts.
    localStorage.setItem(
      `${EVENT}c2`,
      JSON.stringify({
        id: 'c2',
        kind: 'customer',
        createdAt: Date.now() - 60_000,
        attempts: 2,
        body: '{"customerExternalId":"cus_1"}',
      }),
    );
    const { engine, errors } = engineWith();
    // A tab claims an event it lists after a short wait (the lease); fake time moves it along.
    const flushed = engine.flush();
    await vi.advanceTimersByTimeAsync(5_000);
    await flushed;
    expect(localStorage.getItem(`${EVENT}c2`)).toBeNull();
    expect(errors.map((error) => [error.name, error.eventId])).toEqual([['ConfigError', 'c2']]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('still sends customer() to a first-party endpoint', async () => {
    const { engine } = engineWith({
      apiHost: 'https://track.shop.test',
      customerEndpoint: true,
      retry: { limit: 0 },
    });
    const settled = engine
      .track('customer', { customerExternalId: 'cus_1' }, 'c3', false)
      .catch((thrown) => thrown);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect((await settled).name).toBe('NetworkError');
  });
});

describe('the next page and an event handed over at unload', () => {
  const EVENT = 'dub_track_event.v2:';
  const OWN_ENDPOINT = { apiHost: 'https://track.shop.test', idempotencyHeader: false as const };
  const handed = (id: string, fields: Record<string, unknown>) =>
    localStorage.setItem(
      EVENT + id,
      JSON.stringify({
        id,
        kind: 'lead',
        createdAt: Date.now(),
        attempts: 0,
        body: '{"eventName":"Sign up","customerExternalId":"cus_1"}',
        handed: Date.now(),
        ...fields,
      }),
    );
  let fetch: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    fetch = vi.fn(async () => new Response('{}'));
    vi.stubGlobal('fetch', fetch);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('sends an event whose attempts all failed again once HANDED_GRACE_MS has passed, not before', async () => {
    handed('h1', { attempts: 2, lastError: 'SDKError' });
    engineWith(OWN_ENDPOINT);
    await vi.advanceTimersByTimeAsync(HANDED_GRACE_MS - 100);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(localStorage.getItem(`${EVENT}h1`)).toBeNull();
  });

  it('reports, and does not send, a first attempt an older page handed over to an endpoint that cannot de-duplicate', async () => {
    handed('h2', {});
    const { errors } = engineWith({ ...OWN_ENDPOINT, debug: true });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await vi.advanceTimersByTimeAsync(HANDED_GRACE_MS * 2);
    expect(fetch).not.toHaveBeenCalled();
    expect(localStorage.getItem(`${EVENT}h2`)).toBeNull();
    expect(errors).toEqual([
      expect.objectContaining({ name: 'NetworkError', eventId: 'h2', willRetry: false }),
    ]);
    expect(errors[0].message).toContain('idempotency header');
    // Once, as debug mode prints every dropped event.
    expect(warn.mock.calls).toEqual([[`[dub-track] NetworkError (lead): ${errors[0].message}`]]);
    warn.mockRestore();
  });

  it('leaves an event on the wire of another live tab to that tab', async () => {
    localStorage.setItem('dub_track_tab:other', `${Date.now() + 60_000}`);
    handed('h3', { owner: 'other' });
    const { errors } = engineWith(OWN_ENDPOINT);
    await vi.advanceTimersByTimeAsync(HANDED_GRACE_MS);
    expect(fetch).not.toHaveBeenCalled();
    expect(errors).toEqual([]);
    expect(localStorage.getItem(`${EVENT}h3`)).not.toBeNull();
  });
});
