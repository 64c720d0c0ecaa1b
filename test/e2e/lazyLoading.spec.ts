// Issue 6: a landing page pays for the core only; the engine (validation, outbox, ky) loads the
// first time a conversion needs it, pinned by SRI, and a failed load loses nothing.

import { readFileSync } from 'node:fs';
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
  call,
  clickIdOf,
  engineFile,
  instrument,
  outbox,
  rejected,
  settleDown,
  type TestWindow,
} from './page.js';

const distDir = new URL('../../dist/', import.meta.url);
const distRequests = (requests: { path: string }[]) =>
  requests.map((request) => request.path).filter((path) => path.startsWith('/dist/'));

/** Serves a page with the tag on www.shop.test and opens it with `query`, the tracker ready. */
const open = async (page: Page, site: Site, collector: Collector, query = '') => {
  site.page('/', html(scriptTag(site, collector, { 'data-publishable-key': 'dub_pk_test' })));
  await page.goto(`${site.url('www.shop.test')}/${query}`);
  await waitForTracker(page);
};

const sale = (page: Page) =>
  call(page, 'sale', { customerExternalId: 'cus_1', amount: 1999, invoiceId: 'inv_1' });

test.beforeEach(async ({ page }) => {
  await page.addInitScript(instrument);
});

test('a landing page with an empty outbox downloads only the core', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  await open(page, site, collector, '?dub_id=landing_1');
  await settleDown(page);

  expect(await clickIdOf(page)).toBe('landing_1');
  expect(distRequests(site.requests)).toEqual(['/dist/dub-track.js']);
  expect(await page.evaluate(() => 'dubTrackEngine' in window)).toBe(false);
  expect(collector.requests).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('a checkout page loads the engine once, pinned by SRI, and the sale is delivered', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  await open(page, site, collector, '?dub_id=checkout_1');

  const [first, second] = [await sale(page), await sale(page)];
  expect(first.ok && second.ok).toBe(true);
  expect(distRequests(site.requests)).toEqual(['/dist/dub-track.js', `/dist/${engineFile()}`]);

  const engineTag = await page.evaluate(() => {
    const script = document.querySelector<HTMLScriptElement>('script[src*="dub-track.engine."]');
    return script && { integrity: script.integrity, crossOrigin: script.crossOrigin };
  });
  const expected = `sha256-${(await import('node:crypto'))
    .createHash('sha256')
    .update(readFileSync(new URL(engineFile(), distDir)))
    .digest('base64')}`;
  expect(engineTag).toEqual({ integrity: expected, crossOrigin: 'anonymous' });
  expect(collector.tracked().map((record) => record.json)).toEqual([
    expect.objectContaining({ amount: 1999, clickId: 'checkout_1' }),
    expect.objectContaining({ amount: 1999, clickId: 'checkout_1' }),
  ]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('the engine is found next to the core when the core comes from a CDN host', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  site.page(
    '/',
    html(scriptTag(site, collector, { crossorigin: 'anonymous' }, { from: 'cdn.shop.test' })),
  );
  await page.goto(`${site.url('www.shop.test')}/`);
  await waitForTracker(page);
  expect((await sale(page)).ok).toBe(true);

  const engineRequest = site.requests.find((request) => request.path === `/dist/${engineFile()}`);
  expect(engineRequest?.host).toBe(`cdn.shop.test:${site.port}`);
  expect(pageErrors.uncaught).toEqual([]);
});

for (const [failure, breakEngine] of [
  [
    'answers 404',
    (site: { failPath(path: string, status?: number): void }) =>
      site.failPath(`/dist/${engineFile()}`, 404),
  ],
  [
    'does not match its hash',
    (site: { page(path: string, body: string): void }) =>
      site.page(
        `/dist/${engineFile()}`,
        `${readFileSync(new URL(engineFile(), distDir), 'utf8')};window.tampered=1;`,
      ),
  ],
] as const) {
  test(`an engine chunk that ${failure} rejects the call with NetworkError and keeps the event`, async ({
    page,
    site,
    collector,
    pageErrors,
  }) => {
    (breakEngine as (s: typeof site) => void)(site);
    await open(page, site, collector, '?dub_id=broken_1');

    const outcome = await sale(page);
    expect(outcome).toMatchObject({ ok: false, error: { name: 'NetworkError', willRetry: true } });
    const { eventId } = rejected(outcome).error;
    expect(await page.evaluate(() => 'tampered' in window)).toBe(false);
    expect(collector.tracked()).toEqual([]);
    // flush() needs the engine too: it is refused the same way, as a typed error.
    const flushed = await page.evaluate(() => {
      const w = window as unknown as TestWindow;
      return w.__test.settle(w.dubTrack.flush() as never);
    });
    expect(flushed).toMatchObject({ ok: false, error: { name: 'NetworkError', kind: null } });
    const kept = await outbox(page);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({
      kind: 'sale',
      id: eventId,
      input: { amount: 1999 },
    });

    // The engine is healthy again: the next page load validates the kept call and delivers it.
    site.reset();
    await open(page, site, collector);
    const [delivered] = await collector.waitForTracked(1, 10_000);
    expect(delivered.headers['idempotency-key']).toBe(eventId);
    expect(delivered.json).toEqual({
      customerExternalId: 'cus_1',
      amount: 1999,
      invoiceId: 'inv_1',
      currency: 'usd',
      eventName: 'Purchase',
      paymentProcessor: 'custom',
      clickId: 'broken_1',
    });
    await expect.poll(() => outbox(page)).toEqual([]);
    expect(pageErrors.uncaught).toEqual([]);
  });
}
