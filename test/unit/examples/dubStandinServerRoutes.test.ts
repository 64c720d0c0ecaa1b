// @vitest-environment node
// The stand-in's secret-key routes, what the `dub` SDK calls from a server: Dub's key checks in
// Dub's order, the per-key rate limit, and customers addressed by external ID.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDubStandin } from '../../fixtures/dub-standin.mjs';

const SECRET = 'dub_standinServerKey';
type Standin = Awaited<ReturnType<typeof startDubStandin>>;
let standin: Standin;

beforeAll(async () => {
  standin = await startDubStandin({
    keys: { dub_pk_shop: ['shop.test'] },
    secretKeys: [SECRET],
    rateLimit: { requests: 3, windowMs: 60_000 },
    customers: [{ externalId: 'user_1', clickId: 'click_1', name: 'Ada' }],
  });
});
afterEach(() => {
  standin.reset();
});
afterAll(async () => {
  await standin.close();
});

const send = (method: string, path: string, body: unknown, authorization?: string) =>
  fetch(`${standin.url}${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...(authorization === undefined ? {} : { Authorization: authorization }),
    },
    body: JSON.stringify(body),
  });

const lead = { clickId: 'click_2', eventName: 'Sign up', customerExternalId: 'user_2' };

describe('secret-key checks', () => {
  it('refuses in Dub’s order: no header, no Bearer, unknown key (a publishable one too)', async () => {
    const cases: [string | undefined, number, string, string][] = [
      [undefined, 401, 'unauthorized', 'Unauthorized: Login required.'],
      [
        SECRET,
        400,
        'bad_request',
        "Misconfigured authorization header. Did you forget to add 'Bearer '? Learn more: https://d.to/auth",
      ],
      ['Bearer dub_unknown', 401, 'unauthorized', 'Unauthorized: Invalid API key.'],
      ['Bearer dub_pk_shop', 401, 'unauthorized', 'Unauthorized: Invalid API key.'],
    ];
    for (const [authorization, status, code, message] of cases) {
      const response = await send('POST', '/track/lead', lead, authorization);
      expect(response.status, String(authorization)).toBe(status);
      expect((await response.json()).error).toMatchObject({ code, message });
    }
    expect(standin.state.leads).toHaveLength(0);
  });

  it('limits each key per minute with Retry-After as epoch milliseconds', async () => {
    for (let i = 0; i < 3; i++)
      expect((await send('POST', '/track/lead', lead, `Bearer ${SECRET}`)).status).toBe(200);
    const limited = await send('POST', '/track/lead', lead, `Bearer ${SECRET}`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(Date.now());
    expect(limited.headers.get('x-ratelimit-limit')).toBe('3');
  });

  it('answers other methods with 405', async () => {
    const response = await fetch(`${standin.url}/track/sale`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('OPTIONS, POST');
  });
});

describe('routes', () => {
  it('records a lead and a sale as the browser routes do, taking the older name externalId', async () => {
    const { customerExternalId, ...older } = lead;
    const tracked = await send(
      'POST',
      '/track/lead',
      { ...older, externalId: customerExternalId },
      `Bearer ${SECRET}`,
    );
    expect(tracked.status).toBe(200);
    expect(await tracked.json()).toMatchObject({ customer: { externalId: 'user_2' } });
    const sold = await send(
      'POST',
      '/track/sale',
      { customerExternalId: 'user_2', amount: 500, invoiceId: 'inv_9' },
      `Bearer ${SECRET}`,
    );
    expect(await sold.json()).toMatchObject({ sale: { amount: 500, invoiceId: 'inv_9' } });
    expect(standin.state.leads).toHaveLength(1);
    expect(standin.state.sales).toHaveLength(1);
    expect(standin.tracked().map((record) => record.path)).toEqual(['/track/lead', '/track/sale']);
  });

  it('updates a customer addressed as ext_<externalId> or by Dub’s id', async () => {
    const byExternalId = await send(
      'PATCH',
      '/customers/ext_user_1',
      { email: 'ada@example.com' },
      `Bearer ${SECRET}`,
    );
    expect(byExternalId.status).toBe(200);
    const customer = await byExternalId.json();
    expect(customer).toMatchObject({
      id: expect.stringMatching(/^cus_/),
      externalId: 'user_1',
      name: 'Ada',
      email: 'ada@example.com',
      createdAt: expect.any(String),
    });
    const byId = await send(
      'PATCH',
      `/customers/${customer.id}`,
      { name: null },
      `Bearer ${SECRET}`,
    );
    expect(await byId.json()).toMatchObject({ name: null, email: 'ada@example.com' });
    expect(standin.tracked()).toHaveLength(2);
  });

  it('answers 404 for a customer it does not know, and 422 for a bad e-mail', async () => {
    const unknown = await send('PATCH', '/customers/ext_nobody', { name: 'X' }, `Bearer ${SECRET}`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toBe('Customer not found.');
    const invalid = await send(
      'PATCH',
      '/customers/ext_user_1',
      { email: 'nope' },
      `Bearer ${SECRET}`,
    );
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.code).toBe('unprocessable_entity');
  });
});
