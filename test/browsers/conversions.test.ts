// Conversions in every engine: lead, sale and customer reach the collector with the right
// paths, headers and bodies; bad input is refused with nothing sent; a retried event keeps
// its idempotency key on every attempt.
import { describe, expect, it } from 'vitest';
import {
  call,
  clickIdOf,
  ENGINE,
  EVENT_PREFIX,
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

/** Dub's error body. */
const dubBody = (code: string, message: string) => ({
  error: { code, message, doc_url: `https://dub.co/docs/api-reference/errors#${code}` },
});

/** Dub's rate-limit answer, with the headers that say how long to wait. */
const rateLimited = (headers: Record<string, string>) => ({
  status: 429,
  headers,
  body: dubBody('rate_limit_exceeded', 'Too many requests'),
});

// Each status Dub documents, with Dub's error body; 418 and 501 stand for every unmapped one.
const STATUSES = [
  { status: 400, name: 'BadRequest', code: 'bad_request', retried: false },
  { status: 401, name: 'Unauthorized', code: 'unauthorized', retried: false },
  { status: 403, name: 'Forbidden', code: 'exceeded_limit', retried: false },
  { status: 404, name: 'NotFound', code: 'not_found', retried: false },
  { status: 409, name: 'Conflict', code: 'invite_pending', retried: false },
  { status: 410, name: 'InviteExpired', code: 'invite_expired', retried: false },
  { status: 422, name: 'UnprocessableEntity', code: 'unprocessable_entity', retried: false },
  { status: 500, name: 'InternalServerError', code: 'internal_server_error', retried: true },
  { status: 418, name: 'SDKError', code: 'teapot', retried: false },
  { status: 501, name: 'SDKError', code: 'not_implemented', retried: false },
] as const;

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
    await until(() => page.evaluate(() => 'dub-track.engine' in window), 'the engine preloaded');
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
  it('a lead without a captured click sends clickId "" so Dub looks the customer up', async () => {
    const { page, collector } = world;
    await openCheckout('');
    await listen(page);
    expect(await clickIdOf(page)).toBe(null);

    const result = resolved(
      await call(page, 'lead', { eventName: 'Sign up', customerExternalId: 'user_2' }),
    );

    const [post, ...others] = collector.tracked();
    expect(others).toEqual([]);
    expect(post.path).toBe('/track/lead/client');
    expect(post.headers['idempotency-key']).toBe(result.eventId);
    expect(post.json).toStrictEqual({
      eventName: 'Sign up',
      customerExternalId: 'user_2',
      clickId: '',
    });
    expect(await uncaught(page)).toEqual([]);
  });

  it('older field names customerId and externalId are sent as customerExternalId', async () => {
    const { page, collector } = world;
    await openCheckout();
    await listen(page);

    resolved(await call(page, 'lead', { eventName: 'Sign up', customerId: 'legacy_1' }));
    resolved(await call(page, 'sale', { externalId: 'legacy_2', amount: 100 }));
    resolved(await call(page, 'customer', { customerId: 'legacy_3' }));

    expect(collector.tracked().map((post) => post.json)).toStrictEqual([
      { eventName: 'Sign up', customerExternalId: 'legacy_1', clickId: 'click_1' },
      {
        customerExternalId: 'legacy_2',
        amount: 100,
        currency: 'usd',
        eventName: 'Purchase',
        paymentProcessor: 'custom',
        clickId: 'click_1',
      },
      { customerExternalId: 'legacy_3' },
    ]);
    expect(await uncaught(page)).toEqual([]);
  });

  for (const { status, name, code, retried } of STATUSES) {
    const what = retried
      ? `is retried, then rejects with ${name} and keeps the event`
      : `rejects with ${name}, sent once and not kept`;
    it(`a ${status} answer ${what}`, async () => {
      const { page, collector } = world;
      const message = `${name} from the endpoint (${status})`;
      collector.respond(() => ({ status, body: dubBody(code, message) }));
      await openCheckout();
      await listen(page);

      const outcome = rejected(
        await call(page, 'sale', { customerExternalId: 'user_1', amount: 1999, invoiceId: 'i_1' }),
      );

      const attempts = retried ? RETRY.limit + 1 : 1;
      expect(outcome.error).toStrictEqual({
        name,
        message,
        kind: 'sale',
        eventId: expect.stringMatching(UUID),
        status,
        code,
        docUrl: `https://dub.co/docs/api-reference/errors#${code}`,
        issues: [],
        attempt: attempts,
        willRetry: retried,
        isError: true,
        // A kept event's error says where it is kept.
        ...(retried ? { kept: 'storage' } : {}),
      });
      expect(outcome.sameAsWindowEvent).toBe(true);
      expect(outcome.sameAsOnHandler).toBe(true);

      await settleDown(page);
      const posts = collector.tracked();
      expect(posts).toHaveLength(attempts);
      for (const post of posts) {
        expect(post.path).toBe('/track/sale/client');
        expect(post.headers['idempotency-key']).toBe(outcome.error.eventId);
        expect(post.body).toBe(posts[0].body);
      }
      const events = await seenBoth(page);
      expect(events.on.retry.map((retry) => retry.attempt)).toEqual(retried ? [2, 3] : []);
      expect(events.on.success).toEqual([]);
      const kept = await outbox(page);
      if (retried) {
        expect(kept).toHaveLength(1);
        expect(kept[0]).toMatchObject({
          id: outcome.error.eventId,
          kind: 'sale',
          attempts: 3,
          lastError: name,
        });
      } else expect(kept).toEqual([]);
      expect(await uncaught(page)).toEqual([]);
    });
  }

  it('a 429 with Retry-After in seconds waits that long before the next attempt', async () => {
    const { page, collector } = world;
    collector.failNext(1, rateLimited({ 'Retry-After': '1' }));
    await openCheckout();
    await listen(page);

    const result = resolved(
      await call(page, 'sale', { customerExternalId: 'user_1', amount: 500 }, 10_000),
    );

    const [first, second, ...others] = collector.tracked();
    expect(others).toEqual([]);
    expect([first.answer, second.answer]).toEqual([{ status: 429 }, { status: 200 }]);
    expect(second.headers['idempotency-key']).toBe(result.eventId);
    // The wait the script chose after reading the 429's header (its retry event): how long the
    // browser's timer then takes is load, not behaviour, and is not asserted.
    const events = await seenBoth(page);
    expect(events.on.retry).toEqual([
      expect.objectContaining({
        attempt: 2,
        delayMs: 1000,
        error: expect.objectContaining({ name: 'RateLimitExceeded', status: 429 }),
      }),
    ]);
    expect(await uncaught(page)).toEqual([]);
  });

  it("a 429 with Dub's epoch-milliseconds Retry-After waits until then, not 1.5e12 ms", async () => {
    const { page, collector } = world;
    // As Dub's rate limiter answers: both headers hold the reset time in epoch milliseconds.
    collector.failNext(1, () => {
      const reset = String(Date.now() + 1500);
      return rateLimited({ 'Retry-After': reset, 'X-RateLimit-Reset': reset });
    });
    await openCheckout();
    await listen(page);

    // Settles well within 10 s, or the wait was misread.
    const result = resolved(
      await call(page, 'lead', { eventName: 'Sign up', customerExternalId: 'user_1' }, 10_000),
    );

    const [first, second, ...others] = collector.tracked();
    expect(others).toEqual([]);
    expect([first.answer, second.answer]).toEqual([{ status: 429 }, { status: 200 }]);
    expect(second.headers['idempotency-key']).toBe(result.eventId);
    const [retry, ...moreRetries] = (await seenBoth(page)).on.retry;
    expect(moreRetries).toEqual([]);
    expect(retry).toMatchObject({ attempt: 2, error: { name: 'RateLimitExceeded' } });
    // Read as "1.5 s from now", neither as seconds (≈ 47,000 years) nor as a zero wait.
    expect(retry.delayMs).toBeGreaterThan(0);
    expect(retry.delayMs).toBeLessThanOrEqual(1500);
    expect(await uncaught(page)).toEqual([]);
  });

  it('a 429 asking to wait over 60 s rejects at once and keeps the event for later', async () => {
    const { page, collector } = world;
    collector.respond(() => rateLimited({ 'Retry-After': '120' }));
    await openCheckout();
    await listen(page);

    const outcome = rejected(
      await call(page, 'sale', { customerExternalId: 'user_1', amount: 500 }, 10_000),
    );

    expect(outcome.error).toMatchObject({
      name: 'RateLimitExceeded',
      status: 429,
      code: 'rate_limit_exceeded',
      willRetry: true,
      attempt: 1,
    });
    await settleDown(page);
    expect(collector.tracked()).toHaveLength(1);
    expect((await seenBoth(page)).on.retry).toEqual([]);
    const kept = await outbox(page);
    expect(kept).toHaveLength(1);
    expect((await outbox(page)).map((entry) => `${EVENT_PREFIX}${entry.id}`)).toEqual([
      `dub_track_event.v2:${outcome.error.eventId}`,
    ]);
    expect(kept[0]).toMatchObject({
      id: outcome.error.eventId,
      kind: 'sale',
      attempts: 1,
      lastError: 'RateLimitExceeded',
    });
    expect(kept[0].notBefore).toBeGreaterThan(Date.now() + 100_000);
    expect(await uncaught(page)).toEqual([]);
  });
});
