// @vitest-environment node
// The Dub stand-in answers as Dub's server does: a real HTTP server on loopback, driven with fetch.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  dubErrorSchema,
  startDubStandin,
  takeToken,
  trackLeadRequestSchema,
  trackLeadResponseSchema,
  trackSaleRequestSchema,
  trackSaleResponseSchema,
} from '../../fixtures/dub-standin.mjs';

const KEY = 'dub_pk_shop';
const ORIGIN = 'https://www.shop.test';

type Standin = Awaited<ReturnType<typeof startDubStandin>>;
let standin: Standin;

beforeAll(async () => {
  standin = await startDubStandin({
    keys: { [KEY]: ['shop.test'], dub_pk_free: { plan: 'pro' } },
    clicks: ['click_1', 'click_2'],
  });
});
afterEach(() => {
  standin.reset();
});
afterAll(async () => {
  await standin.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${standin.url}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${KEY}`,
      Origin: ORIGIN,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const lead = { clickId: 'click_1', eventName: 'Sign up', customerExternalId: 'user_1' };
const sale = { customerExternalId: 'user_1', amount: 4200, currency: 'EUR', invoiceId: ' inv_1 ' };

describe('routes and CORS', () => {
  it("answers a preflight with Dub's exact CORS headers and no Expose-Headers", async () => {
    const response = await fetch(`${standin.url}/track/lead/client`, {
      method: 'OPTIONS',
      headers: {
        Origin: ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type, authorization, idempotency-key',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    // Idempotency-Key is not allowed, so a browser fails this preflight.
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'Content-Type, Authorization',
    );
    expect(response.headers.get('access-control-expose-headers')).toBeNull();
  });

  it.each(['/track/customer', '/track/customers', '/'])(
    'answers %s with an HTML 404 and no CORS headers',
    async (path) => {
      for (const method of ['OPTIONS', 'POST']) {
        const response = await fetch(`${standin.url}${path}`, {
          method,
          headers: { Origin: ORIGIN },
        });
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toContain('text/html');
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
        expect(await response.text()).toContain('This page could not be found.');
      }
    },
  );

  it.each(['/track/lead', '/track/sale'])(
    'answers the secret-key route %s without CORS headers, refusing a publishable key',
    async (path) => {
      const preflight = await fetch(`${standin.url}${path}`, {
        method: 'OPTIONS',
        headers: { Origin: ORIGIN },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const response = await post(path, lead);
      expect(response.status).toBe(401);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect((await response.json()).error.message).toBe('Unauthorized: Invalid API key.');
      expect(standin.state.leads).toHaveLength(0);
    },
  );

  it('answers other methods on a track route with an empty 405', async () => {
    const response = await fetch(`${standin.url}/track/sale/client`);
    expect(response.status).toBe(405);
    expect(await response.text()).toBe('');
  });

  it('records every request with the collector’s record shape', async () => {
    await post('/track/lead/client?x=1', lead, { 'X-Extra': 'yes' });
    const [record] = standin.tracked();
    expect(record).toMatchObject({
      method: 'POST',
      path: '/track/lead/client',
      query: { x: '1' },
      json: lead,
      body: JSON.stringify(lead),
      answer: { status: 200 },
    });
    expect(record.headers['x-extra']).toBe('yes');
    expect(typeof record.time).toBe('number');
  });
});

describe('publishable key checks', () => {
  const cases: [string, Record<string, string>, number, string, string][] = [
    ['missing', { Authorization: '' }, 401, 'unauthorized', 'Missing publishable key.'],
    [
      'not Bearer',
      { Authorization: `Basic ${KEY}` },
      400,
      'bad_request',
      'Invalid or missing publishable key.',
    ],
    [
      'a secret key',
      { Authorization: 'Bearer dub_secret' },
      400,
      'bad_request',
      'Invalid or missing publishable key.',
    ],
    [
      'unknown',
      { Authorization: 'Bearer dub_pk_nope' },
      401,
      'unauthorized',
      'Invalid publishable key.',
    ],
    [
      'on a lower plan',
      { Authorization: 'Bearer dub_pk_free' },
      403,
      'forbidden',
      'Unauthorized: Need higher plan.',
    ],
    [
      'from a host not allowed',
      { Origin: 'https://evil.test' },
      403,
      'forbidden',
      "Request origin 'evil.test' is not included",
    ],
  ];
  it.each(cases)('a key %s → %i', async (_name, headers, status, code, message) => {
    const response = await post('/track/lead/client', lead, headers);
    expect(response.status).toBe(status);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = dubErrorSchema.parse(await response.json());
    expect(body.error.code).toBe(code);
    expect(body.error.message).toContain(message);
    expect(body.error.doc_url).toBe(
      `https://dub.co/docs/api-reference/errors#${code.replace('_', '-')}`,
    );
  });

  it('reads the host from Referer before Origin, without www.', async () => {
    expect(
      (
        await post('/track/lead/client', lead, {
          Referer: 'https://www.shop.test/a',
          Origin: 'https://evil.test',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await post(
          '/track/lead/client',
          { ...lead, eventName: 'b' },
          { Referer: 'https://evil.test/', Origin: ORIGIN },
        )
      ).status,
    ).toBe(403);
  });

  it('answers invalid JSON with 400 before it checks the host', async () => {
    const response = await post('/track/sale/client', '{nope', { Origin: 'https://evil.test' });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/^Invalid JSON format/);
  });
});

describe('rate limit', () => {
  it('refuses the 601st request of a minute with 429 and epoch-ms Retry-After, per key', async () => {
    const limited = await startDubStandin({ keys: { [KEY]: [], dub_pk_other: [] }, rateLimit: 3 });
    // The window is the clock's minute: four requests that straddle its end would meet a new
    // window, where the last minute's three weigh less than three (Upstash rounds them down).
    const leftMs = 60_000 - (Date.now() % 60_000);
    if (leftMs < 5_000) await new Promise((resolve) => setTimeout(resolve, leftMs + 50));
    try {
      const send = (key: string) =>
        fetch(`${limited.url}/track/sale/client`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}` },
          body: JSON.stringify({ customerExternalId: 'u', amount: 1 }),
        });
      for (let i = 0; i < 3; i += 1) expect((await send(KEY)).status).toBe(200);
      const refused = await send(KEY);
      expect(refused.status).toBe(429);
      expect((await refused.json()).error).toMatchObject({
        code: 'rate_limit_exceeded',
        message: 'Too many requests.',
      });
      const reset = Number(refused.headers.get('retry-after'));
      expect(refused.headers.get('x-ratelimit-reset')).toBe(String(reset));
      expect(reset).toBeGreaterThan(Date.now());
      expect(reset).toBeLessThanOrEqual(Date.now() + 60_000);
      expect(reset % 60_000).toBe(0);
      // Not exposed to scripts: the header is there, but CORS does not list it.
      expect(refused.headers.get('access-control-expose-headers')).toBeNull();
      // Another key has its own budget.
      expect((await send('dub_pk_other')).status).toBe(200);
    } finally {
      await limited.close();
    }
  }, 15_000);

  it("weighs the previous window as Upstash's sliding window does", () => {
    const windows = new Map<string, number>();
    const limit = { requests: 10, windowMs: 1000 };
    for (let i = 0; i < 10; i += 1) expect(takeToken(windows, 'k', limit, 500).success).toBe(true);
    expect(takeToken(windows, 'k', limit, 999)).toMatchObject({ success: false, reset: 1000 });
    // A quarter into the next window, three quarters of the previous ten still count.
    const verdicts = Array.from({ length: 4 }, () => takeToken(windows, 'k', limit, 1250).success);
    expect(verdicts).toEqual([true, true, true, false]);
  });
});

describe('validation (422 in Dub’s message format)', () => {
  const cases: [string, object, string][] = [
    [
      '/track/lead/client',
      { ...lead, eventName: '  ' },
      'too_small: eventName: eventName is required',
    ],
    [
      '/track/lead/client',
      { eventName: 'a', customerExternalId: 'u' },
      'invalid_type: clickId: Invalid input: expected string, received undefined',
    ],
    [
      '/track/lead/client',
      { ...lead, customerEmail: 'nope' },
      'invalid_format: customerEmail: Invalid email address',
    ],
    [
      '/track/lead/client',
      { ...lead, mode: null },
      'invalid_value: mode: Invalid option: expected one of "async"|"wait"|"deferred"',
    ],
    [
      '/track/lead/client',
      { ...lead, eventQuantity: 0 },
      'too_small: eventQuantity: Too small: expected number to be >0',
    ],
    ['/track/sale/client', { customerExternalId: 'u' }, 'invalid_type: amount: amount is required'],
    [
      '/track/sale/client',
      { customerExternalId: 'u', amount: -1 },
      'too_small: amount: amount cannot be negative',
    ],
    [
      '/track/sale/client',
      { customerExternalId: 'u', amount: 1, paymentProcessor: 'lemonsqueezy' },
      'invalid_value: paymentProcessor',
    ],
    [
      '/track/sale/client',
      { customerExternalId: 'u', amount: 1, metadata: { a: 'x'.repeat(10_000) } },
      'custom: metadata: Metadata must be less than 10,000 characters when stringified',
    ],
  ];
  it.each(cases)('%s %j → %s', async (path, body, message) => {
    const response = await post(path, body);
    expect(response.status).toBe(422);
    const answer = dubErrorSchema.parse(await response.json());
    expect(answer.error.code).toBe('unprocessable_entity');
    expect(answer.error.message.startsWith(message)).toBe(true);
    expect(answer.error.doc_url).toBe(
      'https://dub.co/docs/api-reference/errors#unprocessable-entity',
    );
  });

  it('accepts what Dub accepts: null optionals, zod 4 e-mails, base64 avatars, Date-free JSON metadata', () => {
    expect(
      trackLeadRequestSchema.safeParse({
        ...lead,
        customerEmail: "o'brien@example.com",
        customerAvatar: 'data:image/png;base64,iVBORw0KGgo=',
        customerName: null,
        eventQuantity: null,
        metadata: null,
        unknown: 'dropped',
      }).success,
    ).toBe(true);
    const parsed = trackSaleRequestSchema.parse({
      customerExternalId: 'u',
      amount: 0,
      invoiceId: ' x ',
      currency: 'EUR',
    });
    expect(parsed).toMatchObject({
      invoiceId: ' x ',
      currency: 'eur',
      eventName: 'Purchase',
      paymentProcessor: 'custom',
    });
  });
});

describe('what Dub records and answers', () => {
  it('records a lead, then answers a duplicate (same customer, event name in any case) without recording', async () => {
    const first = await post('/track/lead/client', { ...lead, customerName: 'Ada' });
    expect(first.status).toBe(200);
    const body = trackLeadResponseSchema.parse(await first.json());
    expect(body.click.id).toBe('click_1');
    expect(body.link).not.toBeNull();
    expect(body.customer).toMatchObject({ name: 'Ada', externalId: 'user_1' });

    const again = await post('/track/lead/client', {
      ...lead,
      eventName: 'SIGN UP',
      clickId: 'click_2',
    });
    expect(again.status).toBe(200);
    expect(trackLeadResponseSchema.parse(await again.json()).link).toBeNull();
    expect(standin.state.leads).toHaveLength(1);
  });

  it('answers an unknown click with 404', async () => {
    const response = await post('/track/lead/client', { ...lead, clickId: 'click_unknown' });
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toBe(
      'Click event not found for clickId: click_unknown',
    );
  });

  it('answers a sale for an unknown customer without clickId with customer and sale null', async () => {
    const response = await post('/track/sale/client', sale);
    expect(response.status).toBe(200);
    expect(trackSaleResponseSchema.parse(await response.json())).toEqual({
      eventName: 'Purchase',
      customer: null,
      sale: null,
    });
    expect(standin.state.sales).toHaveLength(0);
  });

  it('records a sale after a lead, keeps invoiceId as sent, and answers a re-sent invoice as the first time', async () => {
    await post('/track/lead/client', lead);
    const first = await post('/track/sale/client', sale);
    const body = trackSaleResponseSchema.parse(await first.json());
    expect(body.sale).toMatchObject({
      amount: 4200,
      currency: 'eur',
      invoiceId: ' inv_1 ',
      paymentProcessor: 'custom',
    });
    expect(body.customer?.externalId).toBe('user_1');
    const again = await post('/track/sale/client', sale);
    expect(await again.json()).toEqual(body);
    expect(standin.state.sales).toHaveLength(1);
  });

  it('records nothing for amount 0', async () => {
    await post('/track/lead/client', lead);
    const response = await post('/track/sale/client', { ...sale, amount: 0 });
    expect(await response.json()).toEqual({ eventName: 'Purchase', customer: null, sale: null });
    expect(standin.state.sales).toHaveLength(0);
  });

  it('records a direct sale from a clickId, creating the customer', async () => {
    const response = await post('/track/sale/client', {
      ...sale,
      clickId: 'click_2',
      customerEmail: 'a@b.co',
    });
    const body = trackSaleResponseSchema.parse(await response.json());
    expect(body.customer).toMatchObject({ name: 'a@b.co', email: 'a@b.co', externalId: 'user_1' });
    expect(standin.state.leads[0]).toMatchObject({ eventName: 'Direct sale tracking lead event' });
  });

  it('answers 404 for a known customer without the named lead event', async () => {
    await post('/track/lead/client', lead);
    const response = await post('/track/sale/client', { ...sale, leadEventName: 'Trial' });
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toBe(
      'Lead event not found for externalId: user_1 and leadEventName: Trial',
    );
  });
});

describe('/track/click and /track/visit', () => {
  it('mints a click ID that leads can then use, and reuses it for the same visitor', async () => {
    const click = await post(
      '/track/click',
      { domain: 'www.dub.sh', key: 'promo' },
      { Authorization: '' },
    );
    expect(click.status).toBe(200);
    const { clickId } = await click.json();
    expect(clickId).toMatch(/^[0-9A-Za-z]{16}$/);
    const again = await post(
      '/track/click',
      { domain: 'dub.sh', key: 'promo' },
      { Authorization: '' },
    );
    expect((await again.json()).clickId).toBe(clickId);
    expect((await post('/track/lead/client', { ...lead, clickId })).status).toBe(200);
  });

  it('answers a click without key with 422 and a visit with an unparsable url with 500', async () => {
    const click = await post('/track/click', { domain: 'dub.sh' });
    expect(click.status).toBe(422);
    expect((await click.json()).error.message).toBe('invalid_type: key: key is required.');
    const visit = await post('/track/visit', { domain: 'shop.test', url: 'not a url' });
    expect(visit.status).toBe(500);
    const missing = await post('/track/visit', { domain: 'shop.test' });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.message).toBe('Missing domain or url');
  });

  it('answers partner links with partner and discount, and unknown links with 404', async () => {
    const partnered = await startDubStandin({
      links: [
        {
          domain: 'dub.sh',
          key: 'p',
          partner: { id: 'pn_1', name: 'P', image: null },
          discount: null,
        },
      ],
    });
    try {
      const ok = await fetch(`${partnered.url}/track/click`, {
        method: 'POST',
        body: JSON.stringify({ domain: 'dub.sh', key: 'p' }),
      });
      expect(await ok.json()).toMatchObject({ partner: { id: 'pn_1' }, discount: null });
      const missing = await fetch(`${partnered.url}/track/click`, {
        method: 'POST',
        body: JSON.stringify({ domain: 'dub.sh', key: 'q' }),
      });
      expect(missing.status).toBe(404);
    } finally {
      await partnered.close();
    }
  });
});
