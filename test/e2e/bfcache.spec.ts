// The back/forward cache in real Chromium: a page frozen while its event waits lets it go, and
// once restored never sends what another page delivered meanwhile. Its own file: Playwright's
// default launch disables the cache, and launch options can only change per file.
import type { Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../fixtures/chromium.mjs';
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
import { EVENT_PREFIX, instrument, pause, type TestWindow } from './page.js';

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

/** Each page records whether its `pageshow` came from the back/forward cache. */
const watchRestored = (page: Page) =>
  page.addInitScript(() => {
    addEventListener('pageshow', (event) => {
      (window as unknown as { restored?: boolean }).restored = event.persisted;
    });
  });

/** Goes back and waits for the page restored from the cache: it fires no `load`, only `pageshow`. */
async function backFromCache(page: Page) {
  await page.goBack({ waitUntil: 'commit' });
  await page.waitForFunction(
    () => (window as unknown as { restored?: boolean }).restored === true,
    undefined,
    { timeout: 10_000 },
  );
}

test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
    args: [
      ...CHROMIUM_ARGS,
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
  await watchRestored(page);
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
  // And knows it: the answer has reached it and the event left the outbox. Going back before that
  // would leave the other page with the event on the wire, which it hands over at pagehide (a
  // different scenario: lifecycle and handover).
  await page.waitForFunction(
    (prefix) => !Object.keys(localStorage).some((key) => key.startsWith(prefix)),
    EVENT_PREFIX,
  );
  await backFromCache(page);

  // Past the restored page's Retry-After: its retry would have gone out by now.
  await pause(8_000);
  expect(
    postsFor(collector, 'bfcache').map((post) => (post.answer as { status: number }).status),
  ).toEqual([503, 200]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('A page that left before its engine loaded, restored from the cache, settles its sale once; the next page sent it once', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  test.setTimeout(60_000);
  servePages(site, collector, {}, '/checkout', '/other');
  await watchRestored(page);
  await page.addInitScript(instrument);
  // The checkout page's engine is held back: its sale is still a raw call as the page leaves.
  let first = true;
  const held = site.hold((url) => {
    if (!/\/dub-track\.engine\.[\da-f]+\.js$/.test(url.pathname) || !first) return false;
    first = false;
    return true;
  });
  await open(page, site, '/checkout');
  await page.evaluate(() => {
    const w = window as unknown as TestWindow & { settled: unknown[] };
    w.settled = [];
    w.dubTrack.sale({ customerExternalId: 'bf_left', amount: 900, invoiceId: 'inv_bf_left' }).then(
      (result) => w.settled.push({ ok: result.eventId }),
      (error: { name: string }) => w.settled.push({ error: error.name }),
    );
  });
  await held.arrived(1);

  // The next page sends the abandoned raw call.
  await open(page, site, '/other');
  // Now the engine may come: to the next page, and to the frozen one, which runs it only once
  // it is shown again. (Chromium's HTTP cache makes a second request for the same script wait
  // for the first, so holding it longer would hold the next page's engine too.)
  held.release();
  await until(
    () => postsFor(collector, 'bf_left').some(isOk),
    10_000,
    'the next page delivered it',
  );
  // And knows it (as in the test above): going back while its answer is on the way would leave
  // the event on the wire, which the next page hands over at pagehide and the restored page sends
  // again with the same key: the hand-over scenario, not this one.
  await page.waitForFunction(
    (prefix) => !Object.keys(localStorage).some((key) => key.startsWith(prefix)),
    EVENT_PREFIX,
  );
  await backFromCache(page);
  // Its engine arrives now, late: the call settles with what the next page left.
  await page.waitForFunction(
    () => (window as unknown as { settled: unknown[] }).settled.length > 0,
    undefined,
    { timeout: 15_000 },
  );
  const sent = postsFor(collector, 'bf_left');
  const settled = await page.evaluate(() => (window as unknown as { settled: unknown[] }).settled);
  await pause(1_000);
  expect(await page.evaluate(() => (window as unknown as { settled: unknown[] }).settled)).toEqual(
    settled,
  );
  expect(settled).toEqual([{ ok: sent[0].headers['idempotency-key'] }]);
  expect(postsFor(collector, 'bf_left')).toHaveLength(1);
  expect(isOk(sent[0])).toBe(true);
  expect(pageErrors.uncaught).toEqual([]);
});
