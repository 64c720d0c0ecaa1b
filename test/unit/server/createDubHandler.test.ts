// @vitest-environment node
// The first-party endpoint with the real `dub` SDK, sending to the Dub stand-in on loopback.
import { Dub } from 'dub';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createDubHandler,
  createMemoryStore,
  type DubHandlerOptions,
  type IdempotencyStore,
} from '../../../src/server/index.js';
import { startDubStandin } from '../../fixtures/dub-standin.mjs';
import { idempotencyStores } from './redisServer.js';

const SECRET = 'dub_secretTestKey1234567890';
const SITE = 'https://shop.example';
// Dub as the SDK reaches it: the secret key's routes, with customer user_1 who came by click_1.
const upstream = await startDubStandin({
  secretKeys: [SECRET],
  customers: [{ externalId: 'user_1', clickId: 'click_1' }, { externalId: 'user 1/2' }],
});

/** Every response and log line the tests saw, searched for the secret key at the end. */
const seen: string[] = [];
const logLines: string[] = [];

const handlerWith = (options: Partial<DubHandlerOptions> = {}) =>
  createDubHandler({
    secretKey: SECRET,
    serverURL: upstream.url,
    allowedOrigins: [SITE],
    log: (line) => logLines.push(line),
    ...options,
  });

interface Sent {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON answer, read field by field
  json: any;
}

async function call(
  handler: ReturnType<typeof createDubHandler>,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Sent> {
  const response = await handler(
    new Request(`${SITE}${path}`, {
      method: init.method ?? 'POST',
      headers: { origin: SITE, 'content-type': 'application/json', ...init.headers },
      body:
        init.body === undefined
          ? undefined
          : typeof init.body === 'string'
            ? init.body
            : JSON.stringify(init.body),
    }),
  );
  const text = await response.text();
  seen.push(text, JSON.stringify([...response.headers]));
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {}
  return { status: response.status, headers: response.headers, text, json };
}

const lead = { eventName: 'Sign up', customerExternalId: 'user_1', clickId: 'click_1' };
const sale = { amount: 4900, currency: 'EUR', customerExternalId: 'user_1', invoiceId: 'inv_1' };

beforeEach(() => {
  upstream.reset();
});
afterAll(async () => {
  await upstream.close();
  expect(seen.length).toBeGreaterThan(50);
  for (const text of [...seen, ...logLines]) expect(text).not.toContain(SECRET);
});

describe('forwarding with the dub SDK', () => {
  it('sends a lead with track.lead and answers what was recorded, no customer field', async () => {
    const result = await call(handlerWith(), '/track/lead/client', {
      body: { ...lead, eventName: 'Demo booked' },
    });
    expect(result.status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    const [request] = upstream.requests;
    // Dub's answer carries the customer; the page gets only what it sent was recorded.
    expect(request.answer?.body).toMatchObject({ customer: { externalId: 'user_1' } });
    expect(result.json).toEqual({
      recorded: 'lead',
      customerExternalId: 'user_1',
      eventName: 'Demo booked',
    });
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/track/lead');
    expect(request.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(request.headers['user-agent']).toMatch(/speakeasy-sdk\/typescript .* dub/);
    expect(request.json).toEqual({
      ...lead,
      eventName: 'Demo booked',
      mode: 'async',
      customerName: null,
      customerEmail: null,
      customerAvatar: null,
    });
    expect(upstream.state.leads).toHaveLength(1);
  });

  it('fills clickId with "" for a lead without one (Dub then finds the customer)', async () => {
    await call(handlerWith(), '/track/lead/client', {
      body: { eventName: 'Sign up', customerExternalId: 'user_1' },
    });
    expect(upstream.requests[0].json).toMatchObject({ clickId: '' });
  });

  it('sends a sale with track.sale, currency lowercased as the browser does', async () => {
    const result = await call(handlerWith(), '/track/sale/client', { body: sale });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({
      recorded: 'sale',
      customerExternalId: 'user_1',
      eventName: 'Purchase',
      amount: 4900,
      currency: 'eur',
      invoiceId: 'inv_1',
    });
    const [request] = upstream.requests;
    expect(upstream.state.sales).toHaveLength(1);
    expect(request.path).toBe('/track/sale');
    expect(request.json).toMatchObject({
      amount: 4900,
      currency: 'eur',
      customerExternalId: 'user_1',
      eventName: 'Purchase',
      paymentProcessor: 'custom',
      invoiceId: 'inv_1',
    });
  });

  it('updates the signed-in customer with customers.update, addressed as ext_<externalId>', async () => {
    const handler = handlerWith({ basePath: '/api', authorize: () => 'user 1/2' });
    const result = await call(handler, '/api/track/customer', {
      body: {
        customerExternalId: 'user 1/2',
        customerName: 'Ada',
        customerEmail: 'ada@example.com',
      },
    });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ recorded: 'customer', customerExternalId: 'user 1/2' });
    expect(result.text).not.toContain('ada@example.com');
    const [request] = upstream.requests;
    expect(request.method).toBe('PATCH');
    expect(request.path).toBe('/customers/ext_user%201%2F2');
    expect(request.json).toEqual({ name: 'Ada', email: 'ada@example.com' });
    const [workspace] = upstream.state.workspaces.values();
    expect(workspace.customers.get('user 1/2')).toMatchObject({ name: 'Ada' });
  });

  it('answers Dub’s own refusals with Dub’s status and body', async () => {
    const unknownCustomer = await call(
      handlerWith({ authorize: () => 'nobody' }),
      '/track/customer',
      {
        body: { customerExternalId: 'nobody', customerName: 'Ada' },
      },
    );
    expect(unknownCustomer.status).toBe(404);
    expect(unknownCustomer.json).toEqual(upstream.requests[0].answer?.body);
    expect(unknownCustomer.json.error).toMatchObject({
      code: 'not_found',
      message: 'Customer not found.',
    });

    const otherKey = 'dub_revokedKey000111222';
    const revoked = await call(handlerWith({ secretKey: otherKey }), '/track/lead/client', {
      body: lead,
    });
    expect(revoked.status).toBe(401);
    expect(revoked.json).toEqual(upstream.requests[1].answer?.body);
    expect(revoked.json.error.message).toBe('Unauthorized: Invalid API key.');
    expect(revoked.text + JSON.stringify([...revoked.headers])).not.toContain(otherKey);
  });

  it('answers Dub’s 4xx and 5xx with Dub’s status, body and Retry-After', async () => {
    const handler = handlerWith();
    const cases = [
      { status: 403, code: 'forbidden', message: 'Need higher plan.' },
      { status: 404, code: 'not_found', message: 'Customer not found.' },
      { status: 422, code: 'unprocessable_entity', message: 'invalid_type: eventName' },
      { status: 429, code: 'rate_limit_exceeded', message: 'Too many requests.' },
      { status: 500, code: 'internal_server_error', message: 'Boom.' },
      { status: 503, code: 'internal_server_error', message: 'Down.' },
    ];
    for (const { status, code, message } of cases) {
      const body = {
        error: { code, message, doc_url: `https://dub.co/docs/api-reference/errors#${code}` },
      };
      const headers: Record<string, string> =
        status === 429 ? { 'retry-after': '1764504000000' } : {};
      upstream.failNext(1, { status, body, headers });
      const result = await call(handler, '/track/sale/client', { body: sale });
      expect(result.status, `Dub's ${status}`).toBe(status);
      expect(result.json).toEqual(body);
      if (status === 429) expect(result.headers.get('retry-after')).toBe('1764504000000');
    }
    expect(upstream.requests).toHaveLength(cases.length);
  });

  it('scrubs the secret key from an answer that echoes it', async () => {
    upstream.failNext(1, {
      status: 400,
      body: { error: { code: 'bad_request', message: `Bad header: Bearer ${SECRET}` } },
    });
    const result = await call(handlerWith(), '/track/lead/client', { body: lead });
    expect(result.status).toBe(400);
    expect(result.json.error.message).toBe('Bad header: Bearer dub_[redacted]');
    expect(logLines.at(-1)).toContain('Bearer dub_[redacted]');
  });

  it('answers 502 when Dub cannot be reached, so the browser retries', async () => {
    const handler = handlerWith({ serverURL: 'http://127.0.0.1:9' });
    const result = await call(handler, '/track/lead/client', { body: lead });
    expect(result.status).toBe(502);
    expect(result.json.error.code).toBe('bad_gateway');
  });
});

describe('guards: each refused request has its status and reaches no one', () => {
  it('refuses a page of another origin with 403 and no CORS headers', async () => {
    const result = await call(handlerWith(), '/track/lead/client', {
      body: lead,
      headers: { origin: 'https://evil.example' },
    });
    expect(result.status).toBe(403);
    expect(result.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await call(handlerWith(), '/track/lead/client', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers an allowed preflight naming the origin, the key header and the exposed Retry-After', async () => {
    const result = await call(handlerWith(), '/track/sale/client', { method: 'OPTIONS' });
    expect(result.status).toBe(204);
    expect(result.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(result.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(result.headers.get('access-control-allow-headers')).toContain('Idempotency-Key');
    expect(result.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('by default allows only the origin the request was sent to', async () => {
    const handler = handlerWith({ allowedOrigins: undefined });
    expect((await call(handler, '/track/lead/client', { body: lead })).status).toBe(200);
    const other = await call(handler, '/track/lead/client', {
      body: lead,
      headers: { origin: 'https://other.example' },
    });
    expect(other.status).toBe(403);
    expect(upstream.requests).toHaveLength(1);
  });

  it('refuses an oversized body with 413', async () => {
    const handler = handlerWith({ maxBodyBytes: 1000 });
    const big = { ...lead, metadata: { note: 'x'.repeat(2000) } };
    expect((await call(handler, '/track/lead/client', { body: big })).status).toBe(413);
    // Without a Content-Length the stream is cut at the limit too.
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify(big)));
        controller.close();
      },
    });
    const response = await handler(
      new Request(`${SITE}/track/lead/client`, {
        method: 'POST',
        headers: { origin: SITE, 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    seen.push(await response.text());
    expect(response.status).toBe(413);
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses methods other than POST and OPTIONS with 405 and Allow', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const result = await call(handlerWith(), '/track/lead/client', { method });
      expect(result.status).toBe(405);
      expect(result.headers.get('allow')).toBe('POST, OPTIONS');
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses a body that is not JSON with 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', '']) {
      const result = await call(handlerWith(), '/track/lead/client', {
        body: lead,
        headers: { 'content-type': type },
      });
      expect(result.status).toBe(415);
    }
    const charset = await call(handlerWith(), '/track/lead/client', {
      body: lead,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(charset.status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
  });

  it('refuses malformed JSON with 400 and a broken rule with 422, in Dub’s error shape', async () => {
    const malformed = await call(handlerWith(), '/track/lead/client', { body: '{"eventName":' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe('bad_request');
    const typo = await call(handlerWith(), '/track/sale/client', {
      body: { ammount: 100, customerExternalId: 'user_1' },
    });
    expect(typo.status).toBe(422);
    expect(typo.json.error).toMatchObject({ code: 'unprocessable_entity' });
    expect(typo.json.error.message).toMatch(/amount/);
    expect(upstream.requests).toHaveLength(0);
  });

  it('limits each client with 429 and Retry-After, other clients unaffected', async () => {
    const handler = handlerWith({ rateLimit: { limit: 2, windowMs: 60_000 }, trustProxy: 1 });
    const from = (address: string) => ({ body: lead, headers: { 'x-forwarded-for': address } });
    expect((await call(handler, '/track/lead/client', from('10.0.0.1'))).status).toBe(200);
    expect((await call(handler, '/track/lead/client', from('10.0.0.1'))).status).toBe(200);
    const limited = await call(handler, '/track/lead/client', from('10.0.0.1'));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect((await call(handler, '/track/lead/client', from('10.0.0.2'))).status).toBe(200);
    expect(upstream.requests).toHaveLength(3);
  });

  it('answers 404 for other paths', async () => {
    const handler = handlerWith({ basePath: '/api' });
    expect((await call(handler, '/track/lead/client', { body: lead })).status).toBe(404);
    expect(handler.handles(`${SITE}/api/track/sale/client`)).toBe(true);
    expect(handler.handles(`${SITE}/api/track/sale`)).toBe(false);
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('startup', () => {
  it('is made without a secret key; each request then gets 500 and the log says why, once', async () => {
    const saved = process.env.DUB_API_KEY;
    delete process.env.DUB_API_KEY;
    try {
      const lines: string[] = [];
      const handler = createDubHandler({ log: (line) => lines.push(line) });
      for (let i = 0; i < 3; i++) {
        const result = await call(handler, '/track/sale/client', { body: sale });
        expect(result.status).toBe(500);
      }
      expect(lines.filter((line) => /no secret API key.*DUB_API_KEY/.test(line))).toHaveLength(1);
      expect(upstream.requests).toHaveLength(0);
    } finally {
      if (saved !== undefined) process.env.DUB_API_KEY = saved;
    }
  });

  it('refuses a publishable key at the first request, naming no key', async () => {
    const publishable = 'dub_pk_abcdefghijklmnop';
    const lines: string[] = [];
    const handler = createDubHandler({ secretKey: publishable, log: (line) => lines.push(line) });
    const result = await call(handler, '/track/sale/client', { body: sale });
    expect(result.status).toBe(500);
    expect(lines.join('\n')).toMatch(/publishable key/);
    expect(lines.join('\n') + result.text).not.toContain(publishable);
  });

  it('logs once that a Dub refusal of the secret key is a set-up problem', async () => {
    const lines: string[] = [];
    const handler = handlerWith({ secretKey: 'dub_wrongKey000', log: (line) => lines.push(line) });
    for (let i = 0; i < 3; i++)
      expect((await call(handler, '/track/lead/client', { body: lead })).status).toBe(401);
    expect(lines.filter((line) => /Dub refused the secret key \(401\)/.test(line))).toHaveLength(1);
  });

  it('warns under NODE_ENV=production that the default store is this process’s alone', () => {
    const env = process.env as Record<string, string | undefined>;
    const saved = env.NODE_ENV;
    env.NODE_ENV = 'production';
    try {
      const lines: string[] = [];
      handlerWith({ log: (line) => lines.push(line) });
      expect(lines.join('\n')).toMatch(/this process’s memory.*createRedisStore/);
      const quiet: string[] = [];
      handlerWith({
        log: (line) => quiet.push(line),
        idempotency: { store: createMemoryStore() },
      });
      expect(quiet).toEqual([]);
    } finally {
      env.NODE_ENV = saved;
    }
  });

  it('throws on deadlines it cannot keep: none, or a claim that would lapse before Dub answers', () => {
    expect(() => createDubHandler({ upstreamTimeoutMs: 0 })).toThrow(/upstreamTimeoutMs/);
    expect(() => createDubHandler({ bodyTimeoutMs: Number.NaN })).toThrow(/bodyTimeoutMs/);
    expect(() =>
      createDubHandler({ upstreamTimeoutMs: 8000, idempotency: { pendingTtlMs: 9000 } }),
    ).toThrow(/pendingTtlMs/);
    expect(() => createDubHandler({ trustProxy: -1 })).toThrow(/trustProxy/);
  });

  it('throws on a basePath or origin it cannot match', () => {
    expect(() => createDubHandler({ secretKey: SECRET, basePath: 'api/' })).toThrow(/basePath/);
    expect(() =>
      createDubHandler({ secretKey: SECRET, allowedOrigins: ['https://shop.example/'] }),
    ).toThrow(/allowedOrigins/);
  });
});

const stores = await idempotencyStores();

describe.each(stores)('exactly once by Idempotency-Key, with %s', (_name, makeStore) => {
  let handler: ReturnType<typeof createDubHandler>;
  beforeAll(() => {
    handler = handlerWith({ idempotency: { store: makeStore() } });
  });
  /** An SDK whose leads wait until `open()`, so repeats surely arrive while the first is out. */
  const gatedSdk = () => {
    const sdk = new Dub({ token: SECRET, serverURL: upstream.url });
    let open = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    let waiting = 0;
    const dub = {
      track: {
        lead: async (...args: Parameters<Dub['track']['lead']>) => {
          waiting++;
          await opened;
          return sdk.track.lead(...args);
        },
        sale: (...args: Parameters<Dub['track']['sale']>) => sdk.track.sale(...args),
      },
      customers: sdk.customers,
    } as unknown as Dub;
    return { dub, open, waiting: () => waiting };
  };
  const key = () => ({ 'Idempotency-Key': crypto.randomUUID() });

  it('answers a sequential repeat with the first answer, sent once', async () => {
    const headers = key();
    const first = await call(handler, '/track/sale/client', { body: sale, headers });
    const again = await call(handler, '/track/sale/client', { body: sale, headers });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(upstream.requests).toHaveLength(1);
    // A new key is a new conversion.
    await call(handler, '/track/sale/client', { body: sale, headers: key() });
    expect(upstream.requests).toHaveLength(2);
  });

  it('answers 20 concurrent repeats with one upstream call and the same answer', async () => {
    const gate = gatedSdk();
    const gated = handlerWith({ dub: gate.dub, idempotency: { store: makeStore() } });
    const headers = key();
    const pending = Array.from({ length: 20 }, () =>
      call(gated, '/track/lead/client', { body: lead, headers }),
    );
    await expect.poll(gate.waiting).toBe(1);
    gate.open();
    const results = await Promise.all(pending);
    expect(gate.waiting()).toBe(1);
    expect(upstream.requests).toHaveLength(1);
    for (const result of results) {
      expect(result.status).toBe(200);
      expect(result.text).toBe(results[0].text);
    }
    expect(results.filter((result) => !result.headers.get('idempotent-replayed'))).toHaveLength(1);
  });

  it('replays a final refusal, but frees the key after an answer the browser retries', async () => {
    const refused = key();
    upstream.failNext(1, {
      status: 422,
      body: { error: { code: 'unprocessable_entity', message: 'No.' } },
    });
    expect(
      (await call(handler, '/track/sale/client', { body: sale, headers: refused })).status,
    ).toBe(422);
    expect(
      (await call(handler, '/track/sale/client', { body: sale, headers: refused })).status,
    ).toBe(422);
    expect(upstream.requests).toHaveLength(1);

    const retried = key();
    upstream.failNext(1, {
      status: 500,
      body: { error: { code: 'internal_server_error', message: 'Boom.' } },
    });
    expect(
      (await call(handler, '/track/sale/client', { body: sale, headers: retried })).status,
    ).toBe(500);
    expect(
      (await call(handler, '/track/sale/client', { body: sale, headers: retried })).status,
    ).toBe(200);
    expect(
      (await call(handler, '/track/sale/client', { body: sale, headers: retried })).status,
    ).toBe(200);
    expect(upstream.requests).toHaveLength(3);
  });

  it('answers 503 busy with a readable Retry-After while the first request still runs past the wait', async () => {
    const store = makeStore();
    const gate = gatedSdk();
    const impatient = handlerWith({ dub: gate.dub, idempotency: { store, waitMs: 0 } });
    const headers = key();
    const first = call(impatient, '/track/lead/client', { body: lead, headers });
    // Another instance sharing the store: it has no local promise to wait on.
    const other = handlerWith({ idempotency: { store, waitMs: 0 } });
    await expect.poll(gate.waiting).toBe(1);
    const busy = await call(other, '/track/lead/client', { body: lead, headers });
    gate.open();
    // A status the browser retries, after the wait it reads.
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('2');
    expect(busy.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(busy.json.error.code).toBe('busy');
    expect((await first).status).toBe(200);
    const after = await call(other, '/track/lead/client', { body: lead, headers });
    expect(after.text).toBe((await first).text);
    expect(upstream.requests).toHaveLength(1);
  });

  it('refuses the same key with another body with 422, sending nothing', async () => {
    const headers = key();
    expect((await call(handler, '/track/sale/client', { body: sale, headers })).status).toBe(200);
    const other = await call(handler, '/track/sale/client', {
      body: { ...sale, amount: 9900, invoiceId: 'inv_2' },
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.json.error.message).toMatch(/another event/);
    expect(upstream.requests).toHaveLength(1);
    // The first body is still replayed, its fields in any order.
    const reordered = Object.fromEntries(Object.entries(sale).reverse());
    const again = await call(handler, '/track/sale/client', { body: reordered, headers });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('a failing idempotency store', () => {
  const failing = (method: keyof IdempotencyStore): IdempotencyStore => {
    const store = createMemoryStore();
    return {
      ...store,
      [method]: async () => {
        throw new Error(`store down (${method})`);
      },
    };
  };

  it('answers 503 before sending when it cannot claim the key, so the browser retries', async () => {
    const handler = handlerWith({ idempotency: { store: failing('claim') } });
    const result = await call(handler, '/track/sale/client', {
      body: sale,
      headers: { 'Idempotency-Key': 'k-claim' },
    });
    expect(result.status).toBe(503);
    expect(upstream.requests).toHaveLength(0);
    expect(logLines.at(-1)).toMatch(/store down \(claim\)/);
  });

  it('still answers with Dub’s answer when it cannot keep it (Dub has recorded the sale)', async () => {
    const handler = handlerWith({ idempotency: { store: failing('settle') } });
    const result = await call(handler, '/track/sale/client', {
      body: sale,
      headers: { 'Idempotency-Key': 'k-settle' },
    });
    expect(result.status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    expect(logLines.at(-1)).toMatch(
      /store failed after Dub answered: Error: store down \(settle\)/,
    );
  });
});

describe('behind proxies', () => {
  const behind = (options: Partial<DubHandlerOptions>) =>
    handlerWith({ allowedOrigins: undefined, ...options });

  it('lets a page the browser marks same-origin through, whatever the request URL says', async () => {
    // A TLS-terminating proxy: the handler sees http://internal, the page is https://shop.example.
    const response = await behind({})(
      new Request('http://10.0.0.5:3000/track/lead/client', {
        method: 'POST',
        headers: {
          origin: 'https://shop.example',
          'sec-fetch-site': 'same-origin',
          'content-type': 'application/json',
        },
        body: JSON.stringify(lead),
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });

  it('builds the public origin from Forwarded / X-Forwarded-* only under trustProxy', async () => {
    const send = (handler: ReturnType<typeof createDubHandler>, headers: Record<string, string>) =>
      handler(
        new Request('http://10.0.0.5:3000/track/lead/client', {
          method: 'POST',
          headers: {
            origin: 'https://shop.example',
            'content-type': 'application/json',
            ...headers,
          },
          body: JSON.stringify(lead),
        }),
      );
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shop.example' };
    expect((await send(behind({}), forwarded)).status).toBe(403);
    expect((await send(behind({ trustProxy: 1 }), forwarded)).status).toBe(200);
    expect(
      (
        await send(behind({ trustProxy: 1 }), {
          forwarded: 'for=1.2.3.4;proto=https;host="shop.example"',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await send(behind({ trustProxy: 1 }), {
          'x-forwarded-proto': 'https',
          'x-forwarded-host': 'evil.example',
        })
      ).status,
    ).toBe(403);
    expect(upstream.requests).toHaveLength(2);
  });

  it('rate-limits by the socket address, or under trustProxy the rightmost untrusted entry', async () => {
    const send = (
      handler: ReturnType<typeof createDubHandler>,
      forwardedFor: string,
      socket = '10.0.0.1',
    ) =>
      handler(
        new Request(`${SITE}/track/lead/client`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
          body: JSON.stringify(lead),
        }),
        { clientAddress: socket },
      ).then((response) => response.status);
    // Without trustProxy the header is the client's own: rotating it changes nothing.
    const direct = behind({ rateLimit: { limit: 2 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await send(direct, `192.0.2.${i}`));
    expect(statuses).toEqual([200, 200, 429, 429]);
    // One proxy: its entry (rightmost) names the client; entries left of it are the client's own.
    const proxied = behind({ rateLimit: { limit: 2 }, trustProxy: 1 });
    const forged = [];
    for (let i = 0; i < 3; i++) forged.push(await send(proxied, `192.0.2.${i}, 198.51.100.7`));
    expect(forged).toEqual([200, 200, 429]);
    expect(await send(proxied, '198.51.100.8')).toBe(200);
  });

  it('shares a rate-limiter-flexible limiter given to several handlers', async () => {
    const { RateLimiterMemory } = await import('rate-limiter-flexible');
    const limiter = new RateLimiterMemory({ points: 2, duration: 60 });
    const [a, b] = [behind({ rateLimit: { limiter } }), behind({ rateLimit: { limiter } })];
    const send = (handler: ReturnType<typeof createDubHandler>) =>
      call(handler, '/track/lead/client', { body: lead, headers: { origin: SITE } });
    expect((await send(a)).status).toBe(200);
    expect((await send(b)).status).toBe(200);
    expect((await send(a)).status).toBe(429);
    expect((await send(b)).status).toBe(429);
  });
});

describe('authorize: the site’s signed-in user', () => {
  it('keeps the customer route off without it: 403, nothing sent', async () => {
    const result = await call(handlerWith(), '/track/customer', {
      body: { customerExternalId: 'user_1' },
    });
    expect(result.status).toBe(403);
    expect(upstream.requests).toHaveLength(0);
  });

  it('lets a session change only its own customer', async () => {
    const asUser1 = handlerWith({
      authorize: (request) => (request.headers.get('cookie') === 'session=1' ? 'user_1' : null),
    });
    const own = { body: { customerExternalId: 'user_1', customerName: 'Ada' } };
    const other = { body: { customerExternalId: 'user 1/2', customerName: 'Mallory' } };
    const signedIn = { cookie: 'session=1' };
    expect((await call(asUser1, '/track/customer', { ...other, headers: signedIn })).status).toBe(
      403,
    );
    expect((await call(asUser1, '/track/customer', own)).status).toBe(403);
    const ok = await call(asUser1, '/track/customer', { ...own, headers: signedIn });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ recorded: 'customer', customerExternalId: 'user_1' });
    expect(upstream.requests).toHaveLength(1);
  });

  it('fills a missing customerExternalId of a lead or sale, and refuses another one', async () => {
    const asUser1 = handlerWith({ authorize: () => 'user_1' });
    const { customerExternalId: _, ...anonymous } = sale;
    const filled = await call(asUser1, '/track/sale/client', { body: anonymous });
    expect(filled.status).toBe(200);
    expect(upstream.requests[0].json).toMatchObject({ customerExternalId: 'user_1' });
    const other = await call(asUser1, '/track/lead/client', {
      body: { ...lead, customerExternalId: 'user 1/2' },
    });
    expect(other.status).toBe(403);
    expect(upstream.requests).toHaveLength(1);
  });

  it('answers 503 (retried) when the hook throws, sending nothing', async () => {
    const broken = handlerWith({
      authorize: () => {
        throw new Error('session store down');
      },
    });
    const result = await call(broken, '/track/sale/client', { body: sale });
    expect(result.status).toBe(503);
    expect(result.headers.get('retry-after')).toBe('2');
    expect(upstream.requests).toHaveLength(0);
  });
});
