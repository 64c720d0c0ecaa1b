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
  instrument,
  outbox,
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
