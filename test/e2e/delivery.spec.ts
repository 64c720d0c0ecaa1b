// Durable delivery where only Chromium's powers can stage it: answering api.dub.co itself in the
// browser (request routing). Every other delivery scenario runs in every engine: a reload, a
// navigation, an outage, broken storage and two tabs in test/browsers/delivery.test.ts; the
// outbox's single-page scenarios (a retried key, a 400, flush(), a cut attempt, the 7-day expiry)
// in test/browsers/outbox.test.ts; its limits (a full outbox, a burst, more calls than it holds,
// a lease, the late-engine calls, a long Retry-After) in test/browsers/outboxLimits.test.ts.
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
import { answerAsDub, call, type Input, instrument, resolved } from './page.js';

const PUBLISHABLE_KEY = 'dub_pk_test_delivery';
/** Three attempts in all, short backoff; a request timeout no loaded machine reaches. */
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
