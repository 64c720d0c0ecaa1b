// Conversions in every engine: lead, sale and customer reach the collector with the right
// paths, headers and bodies; bad input is refused with nothing sent; a retried event keeps
// its idempotency key on every attempt.
import { describe, expect, it } from 'vitest';
import {
  call,
  ENGINE,
  HOST,
  listen,
  outbox,
  rejected,
  resolved,
  type SeenError,
  seen,
  seenBoth,
  servePage,
  settleDown,
  setUpWorld,
  uncaught,
  until,
  visit,
} from './harness.js';

const world = setUpWorld();
const PUBLISHABLE_KEY = 'dub_pk_test_engines';
/** Three attempts in all, short backoff: failures settle fast. */
const RETRY = { limit: 2, backoffLimitMs: 50, timeoutMs: 5000 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

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
    await listen(page);
    const result = resolved(
      await call(page, 'lead', {
        eventName: 'Sign up',
        customerExternalId: 'user_1',
        customerName: 'Ada Lovelace',
        customerEmail: 'ada@example.com',
        mode: 'async',
      }),
    );

    // A lowercase UUID v4 on this plain-http page, where crypto.randomUUID does not exist.
    expect(result.eventId).toMatch(UUID);
    const [post, ...others] = collector.tracked();
    expect(others).toEqual([]);
    expect(post.path).toBe('/track/lead/client');
    expect(post.query).toEqual({});
    expect(post.headers).toMatchObject(expectedHeaders(result.eventId));
    // Cross-origin without credentials: the site's cookies stay on the site.
    expect(post.headers.cookie).toBeUndefined();
    expect(post.json).toStrictEqual({
      eventName: 'Sign up',
      customerExternalId: 'user_1',
      customerName: 'Ada Lovelace',
      customerEmail: 'ada@example.com',
      mode: 'async',
      clickId: 'click_1',
    });
    expect(result).toStrictEqual({
      eventId: result.eventId,
      status: 200,
      data: {
        click: { id: 'click_1' },
        link: null,
        customer: {
          name: 'Ada Lovelace',
          email: 'ada@example.com',
          avatar: null,
          externalId: 'user_1',
        },
      },
      recorded: true,
    });
    // Besides the POST, only its CORS preflight reached the collector.
    expect(collector.requests.map((record) => `${record.method} ${record.path}`)).toEqual([
      'OPTIONS /track/lead/client',
      'POST /track/lead/client',
    ]);
    const events = await seenBoth(page);
    expect(events.on.success).toEqual([{ kind: 'lead', ...result }]);
    expect(events.window.success).toEqual([{ kind: 'lead', ...result }]);
    expect(events.on.error).toEqual([]);
    expect(events.on.retry).toEqual([]);
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
        metadata: { plan: 'pro', seats: 3 },
      }),
    );
    const customer = resolved(
      await call(page, 'customer', {
        customerExternalId: 'user_1',
        customerName: 'Ada Lovelace',
        customerEmail: 'ada@example.com',
        customerAvatar: 'https://example.com/ada.png',
      }),
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
      metadata: { plan: 'pro', seats: 3 },
      clickId: 'click_1',
    });
    expect(sale.status).toBe(200);
    expect(sale.data).toMatchObject({
      eventName: 'Purchase',
      sale: { amount: 4999, currency: 'eur', paymentProcessor: 'custom', invoiceId: 'inv_42' },
    });

    expect(posts[1].headers).toMatchObject(expectedHeaders(customer.eventId));
    // No clickId, no defaults: exactly what was given.
    expect(posts[1].json).toStrictEqual({
      customerExternalId: 'user_1',
      customerName: 'Ada Lovelace',
      customerEmail: 'ada@example.com',
      customerAvatar: 'https://example.com/ada.png',
    });
    expect(customer.status).toBe(200);
    expect(customer.data).toMatchObject({ customer: { externalId: 'user_1' } });
    expect(customer.eventId).not.toBe(sale.eventId);
    expect(await uncaught(page)).toEqual([]);
  });

  it('invalid input and a misspelt key reject with a ValidationError and send nothing', async () => {
    const { page, collector } = world;
    await openCheckout();
    await listen(page);
    const invalid = rejected(
      await call(page, 'sale', {
        customerExternalId: 'user_1',
        amount: -1,
        customerEmail: 'not-an-email',
      }),
    );
    const misspelt = rejected(
      await call(page, 'sale', { customerExternalId: 'user_1', ammount: 1999 }),
    );
    const badLead = rejected(await call(page, 'lead', { customerExternalId: '  ' }));

    for (const outcome of [invalid, misspelt, badLead]) {
      expect(outcome.error).toMatchObject({
        name: 'ValidationError',
        isError: true,
        eventId: null,
        status: null,
        willRetry: false,
        attempt: 0,
      });
      // The very object that was rejected went to `on('error')` and to `dubtrack:error`.
      expect(outcome.sameAsWindowEvent).toBe(true);
      expect(outcome.sameAsOnHandler).toBe(true);
    }
    const paths = (error: SeenError) => (error.issues ?? []).map((issue) => issue.path);
    expect(invalid.error.kind).toBe('sale');
    expect(paths(invalid.error).sort()).toEqual(['amount', 'customerEmail']);
    expect(invalid.error.message).toContain('amount');
    expect(paths(misspelt.error)).toContain('ammount');
    expect(paths(misspelt.error)).toContain('amount');
    expect(misspelt.error.message).toContain('ammount');
    expect(badLead.error.kind).toBe('lead');
    expect(paths(badLead.error).sort()).toEqual(['customerExternalId', 'eventName']);
    for (const issue of [...(invalid.error.issues ?? []), ...(misspelt.error.issues ?? [])])
      expect(issue.message).toEqual(expect.any(String));

    const events = await seenBoth(page);
    expect(events.window.error).toEqual([invalid.error, misspelt.error, badLead.error]);
    expect(events.on.error).toEqual([invalid.error, misspelt.error, badLead.error]);
    expect(events.window.success).toEqual([]);

    await settleDown(page);
    // Not a POST, not even a preflight; and nothing kept to be sent later.
    expect(collector.requests).toEqual([]);
    expect(await outbox(page)).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  it('a 503 answered twice is retried with the same idempotency key and body, then resolves', async () => {
    const { page, collector } = world;
    collector.failNext(2, {
      status: 503,
      body: {
        error: {
          code: 'service_unavailable',
          message: 'Try again soon',
          doc_url: 'https://dub.co/docs/api-reference/errors#service_unavailable',
        },
      },
    });
    await openCheckout();
    await listen(page);
    const result = resolved(
      await call(page, 'lead', { eventName: 'Sign up', customerExternalId: 'user_1' }),
    );

    const posts = collector.tracked();
    expect(posts.map((post) => post.answer)).toEqual([
      { status: 503 },
      { status: 503 },
      { status: 200 },
    ]);
    for (const post of posts) {
      expect(post.headers['idempotency-key']).toBe(result.eventId);
      expect(post.json).toStrictEqual({
        eventName: 'Sign up',
        customerExternalId: 'user_1',
        clickId: 'click_1',
      });
    }
    expect(result.status).toBe(200);

    const retryError = (attempt: number) => ({
      name: 'SDKError',
      message: 'Try again soon',
      kind: 'lead',
      eventId: result.eventId,
      status: 503,
      code: 'service_unavailable',
      docUrl: 'https://dub.co/docs/api-reference/errors#service_unavailable',
      issues: [],
      attempt,
      willRetry: true,
      isError: true,
    });
    const retries = [2, 3].map((attempt) => ({
      kind: 'lead',
      eventId: result.eventId,
      attempt,
      delayMs: expect.any(Number),
      error: retryError(attempt - 1),
    }));
    const events = await seenBoth(page);
    expect(events.on.retry).toEqual(retries);
    expect(events.window.retry).toEqual(retries);
    for (const retry of events.on.retry) {
      expect(retry.delayMs).toBeGreaterThanOrEqual(0);
      expect(retry.delayMs).toBeLessThanOrEqual(RETRY.backoffLimitMs);
    }
    expect(events.on.error).toEqual([]);
    expect(events.on.success).toEqual([{ kind: 'lead', ...result }]);
    await settleDown(page);
    expect(collector.tracked()).toHaveLength(3);
    expect(await outbox(page)).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  it('a page that preloads warms the engine up, sending, keeping and reporting nothing, and its first sale goes out', async () => {
    const { page, collector } = world;
    // Counts the page's fetches and the Responses built in it: the warm-up answers itself with one.
    const before = `(() => {
  const counts = { fetch: 0, response: 0 };
  window.__counts = counts;
  const realFetch = window.fetch;
  window.fetch = function (...args) {
    counts.fetch++;
    return realFetch.apply(this, args);
  };
  window.Response = new Proxy(Response, {
    construct(target, args) {
      counts.response++;
      return Reflect.construct(target, args);
    },
  });
})();`;
    servePage(world, '/checkout', {
      attrs: {
        'data-publishable-key': PUBLISHABLE_KEY,
        'data-retry': RETRY,
        'data-preload': 'engine',
      },
      before,
    });
    await visit(page, `${world.site.url(HOST)}/checkout?dub_id=click_1`);
    await listen(page);
    await until(() => page.evaluate(() => 'dubTrackEngine' in window), 'the engine preloaded');
    await settleDown(page, 500);
    const counts = () => page.evaluate(() => (window as unknown as { __counts: object }).__counts);
    expect(await counts()).toEqual({ fetch: 0, response: 1 });
    expect(collector.requests).toEqual([]);
    expect(await outbox(page)).toEqual([]);
    expect(Object.keys(await page.localStorage()).filter((key) => key !== 'dub_id')).toEqual([]);
    expect(await seenBoth(page)).toEqual({
      window: { success: [], error: [], retry: [] },
      on: { success: [], error: [], retry: [] },
    });

    // The first sale then goes out as usual, with the page's own fetch.
    const result = resolved(await call(page, 'sale', { customerExternalId: 'user_1', amount: 5 }));
    expect(collector.tracked().map((post) => post.json)).toEqual([
      expect.objectContaining({ customerExternalId: 'user_1', amount: 5, clickId: 'click_1' }),
    ]);
    expect(await counts()).toMatchObject({ fetch: 1 });
    expect((await seen(page)).success).toEqual([{ kind: 'sale', ...result }]);
    expect(await uncaught(page)).toEqual([]);
  });
});
