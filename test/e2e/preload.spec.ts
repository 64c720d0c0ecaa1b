// A checkout or sign-up page that asks for it (`data-preload="engine"`, `preload: 'engine'`) has
// the engine downloaded once it is idle, before any call; every other page still loads only the
// core until a call needs more.
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { type Collector, expect, html, type Site, scriptTag, test } from './fixtures.js';
import { call, engineFile, instrument, seen, settleDown, type TestWindow } from './page.js';

/** What the page has fetched from `dist/`, in order. */
const distRequests = (site: Site) =>
  site.requests.map((request) => request.path).filter((path) => path.startsWith('/dist/'));

const moduleEngine = /^\/dist\/chunks\/engine-\w+\.js$/;

/** Serves `/` with the tag (`preload` as its `data-preload`) and opens it with a click. */
const openTagPage = async (page: Page, site: Site, collector: Collector, preload?: string) => {
  site.page(
    '/',
    html(
      scriptTag(site, collector, {
        'data-publishable-key': 'dub_pk_test',
        'data-preload': preload,
        'data-debug': preload !== undefined && preload !== 'engine',
      }),
    ),
  );
  await page.goto(`${site.url('www.shop.test')}/?dub_id=preload_1`);
};

test.beforeEach(async ({ page }) => {
  await page.addInitScript(instrument);
});

test('with data-preload="engine" the engine is fetched once the page is idle, before any call', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  await openTagPage(page, site, collector, 'engine');
  await expect
    .poll(() => distRequests(site))
    .toEqual(['/dist/dub-track.js', `/dist/${engineFile()}`]);
  await page.waitForFunction(() => 'dubTrackEngine' in window);
  expect(collector.requests).toEqual([]);

  // The first sale uses it: no second download, and the sale is delivered.
  const outcome = await call(page, 'sale', {
    customerExternalId: 'cus_pre',
    amount: 4200,
    invoiceId: 'inv_pre',
  });
  expect(outcome).toMatchObject({ ok: true });
  expect(distRequests(site)).toEqual(['/dist/dub-track.js', `/dist/${engineFile()}`]);
  expect(collector.tracked().map((record) => record.json)).toEqual([
    expect.objectContaining({ amount: 4200, clickId: 'preload_1' }),
  ]);
  expect((await seen(page)).window.error).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('without it, a landing page fetches only the core, idle or not', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  await openTagPage(page, site, collector);
  await settleDown(page, 500);
  expect(distRequests(site)).toEqual(['/dist/dub-track.js']);
  expect(await page.evaluate(() => 'dubTrackEngine' in window)).toBe(false);
  expect(await page.evaluate(() => (window as unknown as TestWindow).dubTrack.getClickId())).toBe(
    'preload_1',
  );
  expect(collector.requests).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('an unknown data-preload value is reported as a ConfigError in debug mode', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  await openTagPage(page, site, collector, 'yes');
  // Debug mode loads the engine to check every option: that load is the one expected here.
  await expect
    .poll(async () => (await seen(page)).window.error.map((error) => error.message))
    .toEqual([expect.stringContaining('preload is invalid')]);
  expect((await seen(page)).window.error[0].name).toBe('ConfigError');
  expect(pageErrors.uncaught).toEqual([]);
});

test("the ES module's createTracker({preload: 'engine'}) imports the engine chunk before any call", async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  const page1 = (preload: boolean) =>
    html(
      `<script type="module">import { createTracker } from '/dist/index.js'; window.tracker = createTracker(${JSON.stringify({ apiHost: collector.url, publishableKey: 'dub_pk_test', ...(preload && { preload: 'engine' }) })});</script>`,
    );
  site.page('/plain', page1(false));
  site.page('/checkout', page1(true));

  await page.goto(`${site.url('www.shop.test')}/plain`);
  await page.waitForFunction(() => 'tracker' in window);
  await settleDown(page, 500);
  expect(distRequests(site).some((path) => moduleEngine.test(path))).toBe(false);

  site.reset();
  site.page('/checkout', page1(true));
  await page.goto(`${site.url('www.shop.test')}/checkout`);
  await expect.poll(() => distRequests(site).some((path) => moduleEngine.test(path))).toBe(true);
  expect(collector.requests).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});

test("the README's module preload of the engine chunk is the one download the first sale uses", async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  // The recipe: the one engine-<hash>.js of dist/chunks/, the chunk the ES module imports.
  const chunks = new URL('../../dist/chunks/', import.meta.url);
  const named = readdirSync(chunks).find((name) => /^engine-\w+\.js$/.test(name));
  const imports = readdirSync(chunks)
    .map((name) => readFileSync(new URL(name, chunks), 'utf8'))
    .join('\n');
  expect(imports).toContain(`import("./${named}")`);
  expect(named).toMatch(/^engine-\w+\.js$/);
  site.page(
    '/checkout',
    html(
      `<link rel="modulepreload" href="/dist/chunks/${named}">` +
        `<script type="module">import { createTracker } from '/dist/index.js'; window.tracker = createTracker(${JSON.stringify({ apiHost: collector.url, publishableKey: 'dub_pk_test' })});</script>`,
    ),
  );
  await page.goto(`${site.url('www.shop.test')}/checkout?dub_id=modulepreload_1`);
  await page.waitForFunction(() => 'tracker' in window);
  // Fetched while the page loads, before any call.
  await expect.poll(() => distRequests(site)).toContain(`/dist/chunks/${named}`);
  const outcome = await page.evaluate(() =>
    (window as unknown as { tracker: TestWindow['dubTrack'] }).tracker
      .sale({ customerExternalId: 'cus_mp', amount: 300 })
      .then(
        (result) => ({ ok: true, result }),
        (error) => ({ ok: false, error: String(error) }),
      ),
  );
  expect(outcome).toMatchObject({ ok: true });
  expect(collector.tracked().map((record) => record.json)).toEqual([
    expect.objectContaining({ customerExternalId: 'cus_mp', clickId: 'modulepreload_1' }),
  ]);
  // Downloaded once: the import found the preloaded module.
  expect(distRequests(site).filter((path) => path === `/dist/chunks/${named}`)).toHaveLength(1);
  expect(pageErrors.uncaught).toEqual([]);
});
