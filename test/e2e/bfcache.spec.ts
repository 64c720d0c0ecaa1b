// The back/forward cache in real Chromium: a page frozen while its event waits lets it go, and
// once restored never sends what another page delivered meanwhile. Its own file: Playwright's
// default launch disables the cache, and launch options can only change per file.
import type { Page } from '@playwright/test';
import {
  type Collector,
  type CollectorRecord,
  expect,
  html,
  type Site,
  scriptTag,
  test,
  waitForTracker,
} from './fixtures.js';
import { instrument, pause, type TestWindow } from './page.js';

const HOST = 'www.shop.test';

const postsFor = (collector: Collector, customer: string) =>
  collector
    .tracked()
    .filter(
      (post) => (post.json as { customerExternalId?: string })?.customerExternalId === customer,
    );
const isOk = (post: CollectorRecord) =>
  typeof post.answer === 'object' && post.answer.status >= 200 && post.answer.status < 300;

async function until(predicate: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await pause(100);
  }
}

/** Serves the tracked page at `paths`, cacheable: Chromium keeps no `no-store` page in the cache. */
function servePages(site: Site, collector: Collector, attrs = {}, ...paths: string[]) {
  for (const path of paths)
    site.page(
      path,
      html(scriptTag(site, collector, { 'data-publishable-key': 'dub_pk_test_bfcache', ...attrs })),
      { headers: { 'Cache-Control': 'max-age=0' } },
    );
}

async function open(page: Page, site: Site, path: string) {
  await page.goto(`${site.url(HOST)}${path}`);
  await waitForTracker(page);
}

test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP *.shop.test 127.0.0.1, MAP *.shop.test. 127.0.0.1',
    ],
  },
});

test('Back into a page restored mid-retry never re-sends the event another page delivered', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  test.setTimeout(60_000);
  servePages(site, collector, {}, '/checkout', '/other');
  await page.addInitScript(() => {
    addEventListener('pageshow', (event) => {
      (window as unknown as { restored?: boolean }).restored = event.persisted;
    });
  });
  await page.addInitScript(instrument);
  // 503 with a 5 s Retry-After: the page is frozen while its retry waits.
  collector.failNext(1, { status: 503, headers: { 'retry-after': '5' } });
  await open(page, site, '/checkout');
  // Fired without waiting: the call settles only after the page is gone.
  await page.evaluate(() => {
    void (window as unknown as TestWindow).dubTrack
      .lead({ eventName: 'Sign up', customerExternalId: 'bfcache' })
      .catch(() => {});
  });
  await page.waitForFunction(
    () => (window as unknown as TestWindow).__test.window.retry.length > 0,
  );

  // The next page takes the event over and delivers it while the first one is frozen.
  await open(page, site, '/other');
  await until(
    () => postsFor(collector, 'bfcache').some(isOk),
    10_000,
    'the other page delivered it',
  );
  // A page restored from the cache fires no `load`: wait for its `pageshow` instead.
  await page.goBack({ waitUntil: 'commit' });
  await page.waitForFunction(
    () => (window as unknown as { restored?: boolean }).restored === true,
    undefined,
    { timeout: 10_000 },
  );

  // Past the restored page's Retry-After: its retry would have gone out by now.
  await pause(8_000);
  expect(
    postsFor(collector, 'bfcache').map((post) => (post.answer as { status: number }).status),
  ).toEqual([503, 200]);
  expect(pageErrors.uncaught).toEqual([]);
});
