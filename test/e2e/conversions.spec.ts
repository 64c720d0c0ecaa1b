// Issue 4: what of lead, sale and customer needs Chromium's own tooling: the secret-key refusal
// (checked on every request the browser makes) and Dub's own API answered in the browser. The
// rest runs in all three engines (test/browsers/conversions.test.ts, snippet.test.ts).
import type { Page } from '@playwright/test';
import playwrightConfig from '../../playwright.config.js';
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
  rejected,
  resolved,
  settleDown,
  type TestWindow,
} from './page.js';

const PUBLISHABLE_KEY = 'dub_pk_test_conversions';
/** Small retry settings: three attempts in all, short backoff, so failures settle fast. */
const RETRY = { limit: 2, backoffLimitMs: 20, timeoutMs: 2000 };

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

test('a secret API key is refused: every call rejects with ConfigError, nothing is sent [Chromium only: reads every request the browser makes]', async ({
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
