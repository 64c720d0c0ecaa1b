// Issue 4: lead, sale and customer from a real page — exact requests, typed failures, retries,
// Retry-After, the secret-key refusal, the pre-load queue and the ES module. Every test checks
// what reached the collector and what did not.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import playwrightConfig from '../../playwright.config.js';
import type { TrackResult } from '../../src/outcome/events.js';
import {
  type Collector,
  expect,
  html,
  type Site,
  scriptTag,
  test,
  waitForTracker,
} from './fixtures.js';
import {
  answerAsDub,
  call,
  clickIdOf,
  instrument,
  outbox,
  outboxKeys,
  type PageTracker,
  rejected,
  resolved,
  type SeenError,
  type SeenSuccess,
  seen,
  settleDown,
  type TestWindow,
} from './page.js';

const PUBLISHABLE_KEY = 'dub_pk_test_conversions';
/** Small retry settings: three attempts in all, short backoff, so failures settle fast. */
const RETRY = { limit: 2, backoffLimitMs: 20, timeoutMs: 2000 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const preloadSnippet = readFileSync(new URL('../../examples/preload.js', import.meta.url), 'utf8');

// Safety net for every test here (besides page.route in the dub.co test): in this file's browser
// api.dub.co, the default apiHost, does not resolve, so no request can leave the machine for it.
const launchOptions = playwrightConfig.use?.launchOptions ?? {};
test.use({
  launchOptions: {
    ...launchOptions,
    args: [
      ...(launchOptions.args ?? []).filter((arg) => !arg.startsWith('--host-resolver-rules=')),
      '--host-resolver-rules=MAP *.shop.test 127.0.0.1, MAP api.dub.co ~NOTFOUND',
    ],
  },
});

interface OpenOptions {
  /** Query string of the page URL; the default arrives through a Dub link. */
  query?: string;
  attrs?: Record<string, string | boolean | object | undefined>;
  /** Register the harness's `on()` handlers right away (default true). */
  listen?: boolean;
}

/** A checkout page on www.shop.test with the script tag, the tracker ready, events recorded. */
async function openCheckout(
  page: Page,
  site: Site,
  collector: Collector,
  { query = '?dub_id=click_1', attrs = {}, listen = true }: OpenOptions = {},
) {
  await page.addInitScript(instrument);
  site.page(
    '/checkout',
    html(
      scriptTag(site, collector, {
        'data-publishable-key': PUBLISHABLE_KEY,
        'data-retry': RETRY,
        ...attrs,
      }),
    ),
  );
  await page.goto(`${site.url('www.shop.test')}/checkout${query}`);
  await waitForTracker(page);
  if (listen) await page.evaluate(() => (window as unknown as TestWindow).__test.listen());
}

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

test('a lead without a captured click sends clickId "" so Dub looks the customer up', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  await openCheckout(page, site, collector, { query: '' });
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
  expect(pageErrors.uncaught).toEqual([]);
});

test('older field names customerId and externalId are sent as customerExternalId', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  await openCheckout(page, site, collector);

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
  expect(pageErrors.uncaught).toEqual([]);
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

for (const { status, name, code, retried } of STATUSES) {
  const what = retried
    ? `is retried, then rejects with ${name} and keeps the event`
    : `rejects with ${name}, sent once and not kept`;
  test(`a ${status} answer ${what}`, async ({ page, site, collector, pageErrors }) => {
    const message = `${name} from the endpoint (${status})`;
    collector.respond(() => ({ status, body: dubBody(code, message) }));
    await openCheckout(page, site, collector);

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
    const events = await seen(page);
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
    expect(pageErrors.uncaught).toEqual([]);
  });
}

test('a 429 with Retry-After in seconds waits that long before the next attempt', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  collector.failNext(1, rateLimited({ 'Retry-After': '1' }));
  await openCheckout(page, site, collector);

  const result = resolved(
    await call(page, 'sale', { customerExternalId: 'user_1', amount: 500 }, 10_000),
  );

  const [first, second, ...others] = collector.tracked();
  expect(others).toEqual([]);
  expect([first.answer, second.answer]).toEqual([{ status: 429 }, { status: 200 }]);
  expect(second.headers['idempotency-key']).toBe(result.eventId);
  // The wait the script chose after reading the 429's header (its retry event): how long the
  // browser's timer then takes is load, not behaviour, and is not asserted.
  const events = await seen(page);
  expect(events.on.retry).toEqual([
    expect.objectContaining({
      attempt: 2,
      delayMs: 1000,
      error: expect.objectContaining({ name: 'RateLimitExceeded', status: 429 }),
    }),
  ]);
  expect(pageErrors.uncaught).toEqual([]);
});

test("a 429 with Dub's epoch-milliseconds Retry-After waits until then, not 1.5e12 ms", async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  // As Dub's rate limiter answers: both headers hold the reset time in epoch milliseconds.
  collector.failNext(1, () => {
    const reset = String(Date.now() + 1500);
    return rateLimited({ 'Retry-After': reset, 'X-RateLimit-Reset': reset });
  });
  await openCheckout(page, site, collector);

  // Settles well within 10 s, or the wait was misread.
  const result = resolved(
    await call(page, 'lead', { eventName: 'Sign up', customerExternalId: 'user_1' }, 10_000),
  );

  const [first, second, ...others] = collector.tracked();
  expect(others).toEqual([]);
  expect([first.answer, second.answer]).toEqual([{ status: 429 }, { status: 200 }]);
  expect(second.headers['idempotency-key']).toBe(result.eventId);
  const [retry, ...moreRetries] = (await seen(page)).on.retry;
  expect(moreRetries).toEqual([]);
  expect(retry).toMatchObject({ attempt: 2, error: { name: 'RateLimitExceeded' } });
  // Read as "1.5 s from now", neither as seconds (≈ 47,000 years) nor as a zero wait.
  expect(retry.delayMs).toBeGreaterThan(0);
  expect(retry.delayMs).toBeLessThanOrEqual(1500);
  expect(pageErrors.uncaught).toEqual([]);
});

test('a 429 asking to wait over 60 s rejects at once and keeps the event for later', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  collector.respond(() => rateLimited({ 'Retry-After': '120' }));
  await openCheckout(page, site, collector);

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
  expect((await seen(page)).on.retry).toEqual([]);
  const kept = await outbox(page);
  expect(kept).toHaveLength(1);
  expect(await outboxKeys(page)).toEqual([`dub_track_event:${outcome.error.eventId}`]);
  expect(kept[0]).toMatchObject({
    id: outcome.error.eventId,
    kind: 'sale',
    attempts: 1,
    lastError: 'RateLimitExceeded',
  });
  expect(kept[0].notBefore).toBeGreaterThan(Date.now() + 100_000);
  expect(pageErrors.uncaught).toEqual([]);
});

test('a secret API key is refused: every call rejects with ConfigError, nothing is sent', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  const secret = 'dub_live_secret';
  const requests: string[] = [];
  page.on('request', (request) =>
    requests.push(
      [request.method(), request.url(), JSON.stringify(request.headers()), request.postData()].join(
        ' ',
      ),
    ),
  );
  await openCheckout(page, site, collector, { attrs: { 'data-publishable-key': secret } });

  const outcomes = [
    rejected(await call(page, 'lead', { eventName: 'Sign up', customerExternalId: 'u_1' })),
    rejected(await call(page, 'sale', { customerExternalId: 'u_1', amount: 1 })),
    rejected(await call(page, 'customer', { customerExternalId: 'u_1' })),
  ];

  expect(outcomes.map((outcome) => [outcome.error.name, outcome.error.kind])).toEqual([
    ['ConfigError', 'lead'],
    ['ConfigError', 'sale'],
    ['ConfigError', 'customer'],
  ]);
  for (const { error, sameAsWindowEvent } of outcomes) {
    expect(error).toMatchObject({ isError: true, eventId: null, status: null, willRetry: false });
    expect(error.message).not.toContain(secret);
    expect(sameAsWindowEvent).toBe(true);
  }
  await settleDown(page);
  expect(collector.requests).toEqual([]);
  expect(await outbox(page)).toEqual([]);
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.filter((request) => request.includes(secret))).toEqual([]);
  expect(requests.filter((request) => request.includes(collector.url))).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('calls made before the script loads are queued by the snippet and all settle', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  await page.addInitScript(instrument);
  site.page('/preload.js', preloadSnippet);
  // A page script that runs before the deferred tag: only the snippet's stub exists yet.
  site.page(
    '/early-calls.js',
    `
    var stubBefore = { version: typeof dubTrack.version, queued: dubTrack.q.length };
    var settled = [];
    var handled = [];
    var note = function (label) {
      return [
        function (result) { settled.push({ label: label, ok: true, result: result }); },
        function (error) { settled.push({ label: label, ok: false, error: __test.serialize(error) }); },
      ];
    };
    var lead = note('lead');
    dubTrack.lead({ eventName: 'Sign up', customerExternalId: 'early_1' }).then(lead[0], lead[1]);
    dubTrack.on('success', function (detail) { handled.push(detail); });
    var sale = note('sale');
    dubTrack.sale({ customerExternalId: 'early_1', amount: 1200 }).then(sale[0], sale[1]);
    var bad1 = note('bad customer');
    dubTrack.customer({ customerExternalId: 'early_1', customerEmail: 'nope' }).then(bad1[0], bad1[1]);
    var bad2 = note('bad lead');
    dubTrack.lead({ customerExternalId: 'early_1' }).then(bad2[0], bad2[1]);
    window.early = { stubBefore: stubBefore, queuedAfter: dubTrack.q.length, settled: settled, handled: handled };
    `,
  );
  site.page(
    '/checkout',
    html(
      `<script src="/preload.js"></script><script src="/early-calls.js"></script>${scriptTag(
        site,
        collector,
        { defer: true, 'data-publishable-key': PUBLISHABLE_KEY, 'data-retry': RETRY },
      )}`,
    ),
  );
  await page.goto(`${site.url('www.shop.test')}/checkout?dub_id=click_q`);
  await waitForTracker(page);

  type Early = {
    stubBefore: { version: string; queued: number };
    queuedAfter: number;
    settled: ({ label: string } & (
      | { ok: true; result: TrackResult }
      | { ok: false; error: SeenError }
    ))[];
    handled: SeenSuccess[];
  };
  const early = () => page.evaluate(() => (window as unknown as { early: Early }).early);
  await expect.poll(async () => (await early()).settled.length).toBe(4);
  const { stubBefore, queuedAfter, settled, handled } = await early();

  expect(stubBefore).toEqual({ version: 'undefined', queued: 0 });
  expect(queuedAfter).toBe(5);
  expect(await page.evaluate(() => typeof (window as unknown as TestWindow).dubTrack.version)).toBe(
    'string',
  );
  // Validation happens as each queued call is drained: the invalid ones reject in queue order.
  expect(settled.filter((entry) => !entry.ok).map((entry) => entry.label)).toEqual([
    'bad customer',
    'bad lead',
  ]);
  const byLabel = Object.fromEntries(settled.map((entry) => [entry.label, entry]));
  expect(byLabel['bad customer']).toMatchObject({
    ok: false,
    error: { name: 'ValidationError', kind: 'customer', isError: true },
  });
  expect(byLabel['bad lead']).toMatchObject({
    ok: false,
    error: { name: 'ValidationError', kind: 'lead' },
  });
  const lead = byLabel.lead as { ok: true; result: TrackResult };
  const sale = byLabel.sale as { ok: true; result: TrackResult };
  expect(lead).toMatchObject({ ok: true, result: { status: 200 } });
  expect(sale).toMatchObject({ ok: true, result: { status: 200 } });

  const posts = collector.tracked();
  expect(
    posts.map((post) => [post.path, post.headers['idempotency-key'], post.json]).sort(),
  ).toEqual([
    [
      '/track/lead/client',
      lead.result.eventId,
      { eventName: 'Sign up', customerExternalId: 'early_1', clickId: 'click_q' },
    ],
    [
      '/track/sale/client',
      sale.result.eventId,
      {
        customerExternalId: 'early_1',
        amount: 1200,
        currency: 'usd',
        eventName: 'Purchase',
        paymentProcessor: 'custom',
        clickId: 'click_q',
      },
    ],
  ]);
  // The queued `on('success')` handler received both deliveries.
  expect(handled).toHaveLength(2);
  expect(handled).toEqual(
    expect.arrayContaining([
      { kind: 'lead', ...lead.result },
      { kind: 'sale', ...sale.result },
    ]),
  );
  await settleDown(page);
  expect(collector.tracked()).toHaveLength(2);
  expect(pageErrors.uncaught).toEqual([]);
});

test('the global works without the snippet for scripts that run after the tag', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  site.page(
    '/after.js',
    `window.afterTag = { queue: 'q' in dubTrack, version: typeof dubTrack.version };
    window.afterTag.call = dubTrack.lead({ eventName: 'Sign up', customerExternalId: 'late_1' });`,
  );
  site.page(
    '/checkout',
    html(
      `${scriptTag(site, collector, {
        defer: true,
        'data-publishable-key': PUBLISHABLE_KEY,
        'data-retry': RETRY,
      })}<script src="/after.js" defer></script>`,
    ),
  );
  await page.goto(`${site.url('www.shop.test')}/checkout?dub_id=click_late`);
  await waitForTracker(page);

  const outcome = await page.evaluate(async () => {
    const { afterTag } = window as unknown as {
      afterTag: { queue: boolean; version: string; call: Promise<TrackResult> };
    };
    return { queue: afterTag.queue, version: afterTag.version, result: await afterTag.call };
  });

  expect(outcome).toMatchObject({ queue: false, version: 'string', result: { status: 200 } });
  const [post, ...others] = collector.tracked();
  expect(others).toEqual([]);
  expect(post.headers['idempotency-key']).toBe(outcome.result.eventId);
  expect(post.json).toStrictEqual({
    eventName: 'Sign up',
    customerExternalId: 'late_1',
    clickId: 'click_late',
  });
  expect(pageErrors.uncaught).toEqual([]);
});

test('the ES module in a page delivers a sale and its errors are DubTrackError', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  await page.addInitScript(instrument);
  site.page(
    '/app.js',
    `import { createTracker, DubTrackError } from '/dist/index.js';
    window.tracker = createTracker({
      apiHost: ${JSON.stringify(collector.url)},
      publishableKey: 'dub_pk_x',
      idempotencyHeader: 'Idempotency-Key',
      retry: ${JSON.stringify(RETRY)},
    });
    window.DubTrackError = DubTrackError;`,
  );
  site.page('/checkout', html('<script type="module" src="/app.js"></script>'));
  await page.goto(`${site.url('www.shop.test')}/checkout?dub_id=click_esm`);
  await page.waitForFunction(() => 'tracker' in window);

  const outcomes = await page.evaluate(async () => {
    const w = window as unknown as TestWindow & {
      tracker: PageTracker;
      DubTrackError: new (...args: never[]) => Error;
    };
    w.__test.listen(w.tracker);
    const delivered = await w.__test.settle(
      w.tracker.sale({ customerExternalId: 'esm_1', amount: 2500, currency: 'GBP' }),
    );
    const failure = await w.tracker.sale({ customerExternalId: 'esm_1', ammount: 2500 }).then(
      () => null,
      (error: unknown) => ({
        ...w.__test.serialize(error),
        isDubTrackError: error instanceof w.DubTrackError,
      }),
    );
    return { delivered, failure, clickId: w.tracker.getClickId() };
  });

  expect(outcomes.clickId).toBe('click_esm');
  const result = resolved(outcomes.delivered);
  expect(outcomes.failure).toMatchObject({
    name: 'ValidationError',
    isDubTrackError: true,
    isError: true,
    kind: 'sale',
  });
  expect(outcomes.failure?.issues.map((issue) => issue.path)).toContain('ammount');
  const [post, ...others] = collector.tracked();
  expect(others).toEqual([]);
  expect(post.path).toBe('/track/sale/client');
  expect(post.headers).toMatchObject({
    authorization: 'Bearer dub_pk_x',
    'content-type': 'application/json',
    'idempotency-key': result.eventId,
  });
  expect(post.json).toStrictEqual({
    customerExternalId: 'esm_1',
    amount: 2500,
    currency: 'gbp',
    eventName: 'Purchase',
    paymentProcessor: 'custom',
    clickId: 'click_esm',
  });
  // The script-tag build was never involved.
  expect(site.requests.map((request) => request.path)).not.toContain('/dist/dub-track.js');
  expect(pageErrors.uncaught).toEqual([]);
});

test("a lead to Dub's own API sends no idempotency header (its CORS would refuse it) [Chromium only: answers api.dub.co in the browser]", async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  // Answered in the browser: nothing leaves the machine.
  const routed = await answerAsDub(page, {
    click: { id: 'click_dub' },
    link: null,
    customer: { name: null, email: null, avatar: null, externalId: 'user_1' },
  });
  await openCheckout(page, site, collector, {
    query: '?dub_id=click_dub',
    attrs: { 'data-api-host': 'https://api.dub.co' },
  });

  const result = resolved(
    await call(page, 'lead', { eventName: 'Sign up', customerExternalId: 'user_1' }),
  );

  const posts = routed.filter((request) => request.method === 'POST');
  expect(posts).toHaveLength(1);
  const [post] = posts;
  expect(post.url).toBe('https://api.dub.co/track/lead/client');
  expect(post.body).toStrictEqual({
    eventName: 'Sign up',
    customerExternalId: 'user_1',
    clickId: 'click_dub',
  });
  // Of the headers the page chose (not the browser's own), only the two Dub's CORS allows.
  const browserOwn = /^(accept|accept-encoding|accept-language|origin|referer|user-agent|sec-.*)$/;
  expect(
    Object.keys(post.headers)
      .filter((name) => !browserOwn.test(name))
      .sort(),
  ).toEqual(['authorization', 'content-type']);
  expect(post.headers).toMatchObject({
    authorization: `Bearer ${PUBLISHABLE_KEY}`,
    'content-type': 'application/json',
  });
  expect(post.headers['idempotency-key']).toBeUndefined();
  expect(result).toMatchObject({ status: 200, data: { click: { id: 'click_dub' } } });
  expect(collector.requests).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('a site handler that throws breaks neither delivery nor the other handlers', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  collector.failNext(1, { status: 503 });
  await openCheckout(page, site, collector, { listen: false });
  await page.evaluate(() => {
    const w = window as unknown as TestWindow;
    for (const type of ['success', 'retry', 'error'] as const) {
      w.dubTrack.on(type, () => {
        throw new Error(`the site's own ${type} handler is broken`);
      });
    }
    // Registered after the broken ones: they must still be called.
    w.__test.listen();
  });

  const result = resolved(
    await call(page, 'lead', { eventName: 'Sign up', customerExternalId: 'user_1' }),
  );
  const failure = rejected(await call(page, 'lead', { customerExternalId: 'user_1' }));

  expect(collector.tracked().map((post) => post.answer)).toEqual([
    { status: 503 },
    { status: 200 },
  ]);
  const events = await seen(page);
  expect(events.on.retry).toEqual([
    expect.objectContaining({ attempt: 2, eventId: result.eventId }),
  ]);
  expect(events.on.success).toEqual([{ kind: 'lead', ...result }]);
  expect(events.window.success).toEqual([{ kind: 'lead', ...result }]);
  expect(events.on.error).toEqual([failure.error]);
  expect(failure.error.name).toBe('ValidationError');
  // The tracker still works after all that.
  resolved(await call(page, 'sale', { customerExternalId: 'user_1', amount: 1 }));
  expect(collector.tracked()).toHaveLength(3);
  expect(pageErrors.uncaught).toEqual([]);
});
