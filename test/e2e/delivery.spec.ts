// Issue 5: durable delivery in real Chromium against the scripted collector. No conversion is
// lost to a retry, a reload, a navigation, an outage, broken storage or a second tab, and none
// is sent twice. Every test checks what reached the collector and what must not have. The
// outbox's single-page scenarios (a retried key, a 400, flush(), a cut attempt, the 7-day expiry)
// run in every engine: test/browsers/outbox.test.ts; its limits (a full outbox, a burst, more calls
// than it holds, a lease, the late-engine calls, a long Retry-After): test/browsers/outboxLimits.test.ts.
import type { Page } from '@playwright/test';
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
  flush,
  type Input,
  instrument,
  outbox,
  pause,
  postsOf,
  resolved,
  settleDown,
} from './page.js';

const PUBLISHABLE_KEY = 'dub_pk_test_delivery';
/**
 * Three attempts in all, short backoff: failures settle fast. The request timeout is one no loaded
 * machine reaches: the collector's slowest answer here takes 1.5 s, and no test waits for a timeout.
 */
const RETRY = { limit: 2, backoffLimitMs: 50, timeoutMs: 10_000 };

interface CheckoutOptions {
  /** Host of the page URL (default www.shop.test, a plain-http page). */
  host?: string;
  query?: string;
  attrs?: Record<string, string | boolean | object | undefined>;
  body?: string;
}

/** Serves /checkout with the script tag (small retries) and opens it, tracker ready. */
async function openCheckout(
  page: Page,
  site: Site,
  collector: Collector,
  { host = 'www.shop.test', query = '', attrs = {}, body = '' }: CheckoutOptions = {},
) {
  await page.addInitScript(instrument);
  site.page('/checkout', checkoutHtml(site, collector, attrs, body));
  await page.goto(`${site.url(host)}/checkout${query}`);
  await waitForTracker(page);
}

function checkoutHtml(
  site: Site,
  collector: Collector,
  attrs: CheckoutOptions['attrs'] = {},
  body = '',
) {
  return html(
    scriptTag(site, collector, {
      'data-publishable-key': PUBLISHABLE_KEY,
      'data-retry': RETRY,
      ...attrs,
    }),
    body,
  );
}

test("a call whose engine is still loading is left to its own tab by a tab replaying meanwhile [Chromium only: holds one tab's engine download]", async ({
  page,
  context,
  site,
  collector,
  pageErrors,
}) => {
  // The replaying tab: its engine is loaded and it flushes the outbox on demand.
  await openCheckout(page, site, collector);
  resolved(await call(page, 'lead', { eventName: 'Warm up', customerExternalId: 'warm' }));
  // The calling tab: its engine download takes 1.5 s, so its sale waits in the outbox raw.
  const slow = await context.newPage();
  await slow.addInitScript(instrument);
  await slow.route('**/dist/dub-track.engine.*.js', async (route) => {
    await pause(1500);
    await route.continue();
  });
  await slow.goto(`${site.url('www.shop.test')}/checkout`);
  await waitForTracker(slow);
  const pending = call(slow, 'sale', {
    customerExternalId: 'slow',
    amount: 500,
    invoiceId: 'inv_s',
  });
  await pause(300);
  expect(await outbox(page)).toEqual([
    expect.objectContaining({ kind: 'sale', input: expect.objectContaining({ amount: 500 }) }),
  ]);
  await flush(page);

  const { eventId } = resolved(await pending);
  await settleDown(page, 3000);
  expect(postsOf(collector, eventId)).toHaveLength(1);
  expect(await outbox(page)).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('in debug mode a sale to Dub without invoiceId logs that Dub will not de-duplicate it [Chromium only: answers api.dub.co in the browser]', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  const reached = await answerAsDub(page, { sale: { ok: true } });
  await openCheckout(page, site, collector, {
    attrs: { 'data-api-host': undefined, 'data-debug': true },
  });

  resolved(await call(page, 'sale', { customerExternalId: 'u12', amount: 1200 }));
  const dubWarnings = () => warnings.filter((text) => text.includes('invoiceId'));
  expect(dubWarnings()).toHaveLength(1);
  expect(dubWarnings()[0]).toContain('de-duplicates sales by invoiceId');

  resolved(
    await call(page, 'sale', { customerExternalId: 'u12', amount: 1200, invoiceId: 'inv_12' }),
  );
  expect(dubWarnings()).toHaveLength(1);

  const posts = reached.filter((request) => request.method === 'POST');
  expect(posts.map((post) => [post.path, (post.body as Input).invoiceId])).toEqual([
    ['/track/sale/client', undefined],
    ['/track/sale/client', 'inv_12'],
  ]);
  // Dub's CORS allows no idempotency header, so none is sent there.
  expect(posts.every((post) => !('idempotency-key' in post.headers))).toBe(true);
  expect(collector.tracked()).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});
