// createSender's decisions on an answer, with fetch stubbed: how long a 429 waits when its
// Retry-After cannot be read (Dub's CORS hides it), that a readable one wins, and `recorded` for
// a success that recorded nothing. (What reaches a real endpoint is tested in the browser.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSender, type Sent } from '../../../src/delivery/send.js';
import { debug } from '../../../src/engine/debug.js';
import type { DeliveryConfig } from '../../../src/engine/options.js';
import { DubTrackError } from '../../../src/outcome/DubTrackError.js';

const config = (overrides: Partial<DeliveryConfig> = {}): DeliveryConfig => ({
  apiHost: 'https://api.dub.co',
  publishableKey: 'dub_pk_x',
  endpoints: { lead: '/track/lead/client', sale: '/track/sale/client', customer: '/c' },
  retry: { limit: 2, backoffLimitMs: 30_000, timeoutMs: 10_000 },
  idempotencyHeader: false,
  isDub: true,
  customerRefusal: '',
  keyRefusal: '',
  ...overrides,
});
const saleEntry = (body: object) => ({
  id: 'e1',
  kind: 'sale' as const,
  createdAt: Date.now(),
  attempts: 0,
  body: JSON.stringify(body),
});
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
const RATE_LIMITED = { error: { code: 'rate_limit_exceeded', message: 'Too many requests.' } };
const RECORDED = {
  eventName: 'Purchase',
  customer: { id: 'cus_1', name: 'A', email: null, avatar: null, externalId: 'u' },
  sale: {
    amount: 100,
    currency: 'usd',
    paymentProcessor: 'custom',
    invoiceId: null,
    metadata: null,
  },
};

let fetch: ReturnType<typeof vi.fn>;
beforeEach(() => {
  vi.useFakeTimers();
  fetch = vi.fn();
  vi.stubGlobal('fetch', fetch);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('a 429', () => {
  it('without a readable Retry-After waits 1 s plus its jitter over the one-minute window', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    fetch.mockResolvedValueOnce(json(429, RATE_LIMITED)).mockResolvedValueOnce(json(200, RECORDED));
    const delays: number[] = [];
    const sent = createSender(config(), DubTrackError)(saleEntry({ amount: 100 }), (_a, delay) =>
      delays.push(delay),
    );
    await vi.advanceTimersByTimeAsync(30_999);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(delays).toEqual([31_000]);
    await expect(sent).resolves.toMatchObject({
      ok: true,
      result: { status: 200, recorded: true },
    });
  });

  it('never waits less than 1 s, however small its jitter', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    fetch.mockResolvedValue(json(429, RATE_LIMITED));
    const delays: number[] = [];
    const sent = createSender(config(), DubTrackError)(saleEntry({ amount: 100 }), (_a, delay) =>
      delays.push(delay),
    );
    await vi.advanceTimersByTimeAsync(5_000);
    expect(delays).toEqual([1_000, 1_000]);
    // Returned as data, not thrown: the error's fields, and whether another attempt may succeed.
    expect(await sent).toMatchObject({
      ok: false,
      error: { name: 'RateLimitExceeded', status: 429, attempt: 3 },
      retry: true,
    });
  });

  it('whose wait would pass 60 s leaves the event for later (notBefore) instead of holding the page', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.99);
    fetch.mockResolvedValue(json(429, RATE_LIMITED));
    const before = Date.now();
    const failure = (await createSender(config(), DubTrackError)(
      saleEntry({ amount: 100 }),
      () => {},
    )) as Extract<Sent, { ok: false }>;
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(failure).toMatchObject({ ok: false, error: { name: 'RateLimitExceeded' }, retry: true });
    expect(failure.notBefore).toBe(before + 1_000 + 0.99 * 60_000);
  });

  it('with a readable Retry-After waits what it says, in any form', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    // Each value made when it is answered: delta-seconds, epoch ms (Dub's), an HTTP date.
    for (const [retryAfter, expected] of [
      [() => '2', 2_000],
      [() => String(Date.now() + 4_000), 4_000],
      [() => new Date(Date.now() + 3_000).toUTCString(), 3_000],
    ] as const) {
      fetch.mockReset();
      fetch
        .mockResolvedValueOnce(json(429, RATE_LIMITED, { 'retry-after': retryAfter() }))
        .mockResolvedValueOnce(json(200, RECORDED));
      const delays: number[] = [];
      const sent = createSender(config(), DubTrackError)(saleEntry({ amount: 100 }), (_a, delay) =>
        delays.push(delay),
      );
      await vi.advanceTimersByTimeAsync(5_000);
      await sent;
      expect(delays[0]).toBeGreaterThan(expected - 1_000);
      expect(delays[0]).toBeLessThanOrEqual(expected);
    }
  });
});

describe('recorded', () => {
  it("is false for Dub's sale: null, with a debug warning that says why", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const nothing = { eventName: 'Purchase', customer: null, sale: null };
    fetch.mockResolvedValue(json(200, nothing));
    const send = createSender(config({ debug }), DubTrackError);
    await expect(send(saleEntry({ amount: 0 }), () => {})).resolves.toMatchObject({
      result: { recorded: false, data: nothing },
    });
    expect(warn.mock.calls[0][0]).toContain('its amount is 0');
    fetch.mockResolvedValue(json(200, nothing));
    await send(saleEntry({ amount: 5 }), () => {});
    expect(warn.mock.calls[1][0]).toContain('knows no customer');
  });

  it('is true for a recorded sale, a lead, an empty or a non-JSON answer, and warns only in debug', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const send = createSender(config(), DubTrackError);
    for (const response of [
      json(200, RECORDED),
      json(200, { click: { id: 'c' }, link: null, customer: {} }),
      new Response(null, { status: 204 }),
      new Response('ok', { status: 200 }),
    ]) {
      fetch.mockResolvedValueOnce(response);
      await expect(send(saleEntry({ amount: 1 }), () => {})).resolves.toMatchObject({
        result: { recorded: true },
      });
    }
    fetch.mockResolvedValueOnce(json(200, { customer: null, sale: null }));
    await expect(send(saleEntry({ amount: 1 }), () => {})).resolves.toMatchObject({
      result: { recorded: false },
    });
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('the transport', () => {
  it('carries the request when one is given (the warm-up), and the page fetch is not called', async () => {
    const transport = vi.fn(async () => json(200, RECORDED));
    const result = await createSender(
      config({ idempotencyHeader: 'Idempotency-Key' }),
      DubTrackError,
      transport,
    )(saleEntry({ amount: 100 }), () => {});
    expect(result).toMatchObject({
      ok: true,
      result: { eventId: 'e1', status: 200, recorded: true },
    });
    expect(fetch).not.toHaveBeenCalled();
    expect(transport).toHaveBeenCalledTimes(1);
    const [request, init] = transport.mock.calls[0] as unknown as [Request, RequestInit];
    expect(request.url).toBe('https://api.dub.co/track/sale/client');
    expect(request.method).toBe('POST');
    expect(new Headers(init.headers).get('idempotency-key')).toBe('e1');
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer dub_pk_x');
    expect(new Headers(init.headers).get('content-type')).toBe('application/json');
    expect(init.body).toBe('{"amount":100}');
  });

  it('is the page fetch by default, looked up at each request', async () => {
    fetch.mockResolvedValueOnce(json(200, RECORDED));
    await createSender(config(), DubTrackError)(saleEntry({ amount: 1 }), () => {});
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe('a failure', () => {
  it('is returned as data, never thrown: a refusal is not worth another attempt', async () => {
    fetch.mockResolvedValue(json(422, { error: { code: 'unprocessable_entity', message: 'bad' } }));
    const sent = await createSender(config(), DubTrackError)(saleEntry({ amount: 1 }), () => {});
    expect(sent).toEqual({
      ok: false,
      error: expect.objectContaining({ name: 'UnprocessableEntity', message: 'bad', attempt: 1 }),
      retry: false,
      notBefore: undefined,
    });
    // Data, not an error built before its fate is known.
    expect((sent as { error: object }).error).not.toBeInstanceOf(Error);
  });

  it('without an answer is worth another attempt, and each retry event carries an error of its own', async () => {
    fetch.mockRejectedValue(new TypeError('Failed to fetch'));
    const errors: DubTrackError[] = [];
    const sent = createSender(
      config({ retry: { limit: 1, backoffLimitMs: 10, timeoutMs: 1_000 } }),
      DubTrackError,
    )(saleEntry({ amount: 1 }), (_attempt, _delay, error) => errors.push(error));
    await vi.advanceTimersByTimeAsync(100);
    expect(await sent).toMatchObject({
      ok: false,
      error: { name: 'NetworkError', attempt: 2 },
      retry: true,
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(DubTrackError);
    expect(errors[0]).toMatchObject({ name: 'NetworkError', attempt: 1, willRetry: true });
  });
});
