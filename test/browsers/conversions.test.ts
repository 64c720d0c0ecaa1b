// Conversions in every engine: lead, sale and customer reach the collector with the right
// paths, headers and bodies; bad input is refused with nothing sent; a retried event keeps
// its idempotency key on every attempt.
import { describe, expect, it } from 'vitest';
import {
  call,
  ENGINE,
  HOST,
  outbox,
  rejected,
  resolved,
  seen,
  servePage,
  settleDown,
  setUpWorld,
  uncaught,
  visit,
} from './harness.js';

const world = setUpWorld();
const PUBLISHABLE_KEY = 'dub_pk_test_engines';
/** Three attempts in all, short backoff: failures settle fast. */
const RETRY = { limit: 2, backoffLimitMs: 50, timeoutMs: 5000 };

const openCheckout = async (query = '?dub_id=click_1') => {
  servePage(world, '/checkout', {
    attrs: { 'data-publishable-key': PUBLISHABLE_KEY, 'data-retry': RETRY },
  });
  await visit(world.page, `${world.site.url(HOST)}/checkout${query}`);
};

const expectedHeaders = (eventId: string) => ({
  authorization: `Bearer ${PUBLISHABLE_KEY}`,
  'content-type': 'application/json',
  'idempotency-key': eventId,
});

describe(`[${ENGINE}] conversions`, () => {
  it('a sign-up sends the lead with the landing click, the key and an idempotency key', async () => {
    const { page, collector } = world;
    await openCheckout();
    const result = resolved(
      await call(page, 'lead', {
        eventName: 'Sign up',
        customerExternalId: 'user_1',
        customerEmail: 'ada@example.com',
      }),
    );

    // A lowercase UUID v4 on this plain-http page, where crypto.randomUUID does not exist.
    expect(result.eventId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const [post, ...others] = collector.tracked();
    expect(others).toEqual([]);
    expect(post.path).toBe('/track/lead/client');
    expect(post.headers).toMatchObject(expectedHeaders(result.eventId));
    // Cross-origin without credentials: the site's cookies stay on the site.
    expect(post.headers.cookie).toBeUndefined();
    expect(post.json).toStrictEqual({
      eventName: 'Sign up',
      customerExternalId: 'user_1',
      customerEmail: 'ada@example.com',
      clickId: 'click_1',
    });
    expect(result.status).toBe(200);
    expect(collector.requests.map((record) => `${record.method} ${record.path}`)).toEqual([
      'OPTIONS /track/lead/client',
      'POST /track/lead/client',
    ]);
    expect((await seen(page)).success).toEqual([{ kind: 'lead', ...result }]);
    expect(await outbox(page)).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  it('a purchase sends the sale with Dub defaults, and the customer call its own body', async () => {
    const { page, collector } = world;
    await openCheckout();
    const sale = resolved(
      await call(page, 'sale', {
        customerExternalId: 'user_1',
        amount: 4999,
        currency: 'EUR',
        invoiceId: 'inv_42',
        metadata: { plan: 'pro' },
      }),
    );
    const customer = resolved(
      await call(page, 'customer', { customerExternalId: 'user_1', customerName: 'Ada' }),
    );

    const posts = collector.tracked();
    expect(posts.map((post) => post.path)).toEqual(['/track/sale/client', '/track/customer']);
    expect(posts[0].headers).toMatchObject(expectedHeaders(sale.eventId));
    expect(posts[0].json).toStrictEqual({
      customerExternalId: 'user_1',
      amount: 4999,
      currency: 'eur',
      eventName: 'Purchase',
      paymentProcessor: 'custom',
      invoiceId: 'inv_42',
      metadata: { plan: 'pro' },
      clickId: 'click_1',
    });
    expect(posts[1].headers).toMatchObject(expectedHeaders(customer.eventId));
    expect(posts[1].json).toStrictEqual({ customerExternalId: 'user_1', customerName: 'Ada' });
    expect([sale.status, customer.status]).toEqual([200, 200]);
    expect(await uncaught(page)).toEqual([]);
  });

  it('invalid input rejects with a ValidationError and sends nothing', async () => {
    const { page, collector } = world;
    await openCheckout();
    const { error } = rejected(await call(page, 'sale', { customerExternalId: 'u', amount: -5 }));
    expect(error).toMatchObject({ name: 'ValidationError', kind: 'sale', isError: true });
    await settleDown(page);
    expect(collector.requests).toEqual([]);
    expect(await outbox(page)).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  it('a 503 answered twice is retried with the same idempotency key and body, then resolves', async () => {
    const { page, collector } = world;
    collector.failNext(2, { status: 503 });
    await openCheckout();
    const result = resolved(
      await call(page, 'sale', { customerExternalId: 'user_1', amount: 1200, invoiceId: 'inv_1' }),
    );

    const posts = collector.tracked();
    expect(posts.map((post) => post.answer)).toEqual([
      { status: 503 },
      { status: 503 },
      { status: 200 },
    ]);
    expect(posts.map((post) => post.headers['idempotency-key'])).toEqual([
      result.eventId,
      result.eventId,
      result.eventId,
    ]);
    expect(new Set(posts.map((post) => post.body)).size).toBe(1);
    const events = await seen(page);
    expect(events.retry.map((retry) => [retry.eventId, retry.attempt])).toEqual([
      [result.eventId, 2],
      [result.eventId, 3],
    ]);
    await settleDown(page);
    expect(collector.tracked()).toHaveLength(3);
    expect(await outbox(page)).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });
  it('a page that preloads warms the engine up, sending and keeping nothing, and its first sale goes out', async () => {
    const { page, collector } = world;
    servePage(world, '/checkout', {
      attrs: {
        'data-publishable-key': PUBLISHABLE_KEY,
        'data-retry': RETRY,
        'data-preload': 'engine',
      },
    });
    await visit(page, `${world.site.url(HOST)}/checkout?dub_id=click_1`);
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          const check = () => ('dubTrackEngine' in window ? resolve(true) : setTimeout(check, 20));
          check();
        }),
    );
    await settleDown(page, 500);
    expect(collector.requests).toEqual([]);
    expect(await outbox(page)).toEqual([]);
    expect(await seen(page)).toMatchObject({ success: [], error: [], retry: [] });

    const result = resolved(await call(page, 'sale', { customerExternalId: 'user_1', amount: 5 }));
    expect(collector.tracked().map((post) => post.json)).toEqual([
      expect.objectContaining({ customerExternalId: 'user_1', amount: 5, clickId: 'click_1' }),
    ]);
    expect((await seen(page)).success).toEqual([{ kind: 'sale', ...result }]);
    expect(await uncaught(page)).toEqual([]);
  });
});
