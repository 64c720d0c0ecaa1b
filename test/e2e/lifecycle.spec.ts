// Each conversion recorded once through a page's whole life, in real Chromium with default
// delivery settings: the two scenarios that move the page's timers by hand (Playwright's clock),
// so that what they count or bound is page time, whatever the machine's load. Every other
// lifecycle scenario runs in all three engines (test/browsers/lifecycle.test.ts).
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
import { call, instrument, pause, rejected, type TestWindow } from './page.js';

const HOST = 'www.shop.test';
const KEY = 'dub_pk_test_lifecycle';

/** A page with the script tag (default retry settings) and `body`. */
const pageWith = (site: Site, collector: Collector, attrs = {}, body = '') =>
  html(scriptTag(site, collector, { 'data-publishable-key': KEY, ...attrs }), body);

/** Serves the same tracked page at every path a test visits. */
function servePages(site: Site, collector: Collector, attrs = {}, ...paths: string[]) {
  for (const path of paths) site.page(path, pageWith(site, collector, attrs));
}

async function open(page: Page, site: Site, path: string) {
  await page.goto(`${site.url(HOST)}${path}`);
  await waitForTracker(page);
}

/** The POSTs whose body names `customer`: every attempt of that customer's events. */
const postsFor = (collector: Collector, customer: string) =>
  collector
    .tracked()
    .filter(
      (post) => (post.json as { customerExternalId?: string })?.customerExternalId === customer,
    );

const isOk = (post: CollectorRecord) =>
  typeof post.answer === 'object' && post.answer.status >= 200 && post.answer.status < 300;

test('[Chromium only: a controlled clock] a long-lived page delivers an event after an outage ends, without reload or flush(), and without hammering', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  test.setTimeout(120_000);
  servePages(site, collector, {}, '/app');
  // The outage and the app run on the page's clock, which the test moves on in steps of 500 ms,
  // each given 50 ms of real time for the requests it starts: 30 s of outage pass in a few
  // seconds, and the count of attempts does not depend on how fast the machine is.
  const OUTAGE_MS = 30_000;
  let outage = true;
  collector.respond(() => (outage ? { status: 503 } : undefined));
  await page.clock.install();
  await page.addInitScript(instrument);
  await open(page, site, '/app');
  let pageMs = 0;
  const step = async () => {
    await page.clock.runFor(500);
    pageMs += 500;
    await pause(50);
  };
  let settled = false;
  const calling = call(
    page,
    'lead',
    { eventName: 'Sign up', customerExternalId: 'spa' },
    600_000,
  ).finally(() => {
    settled = true;
  });
  while (!settled) {
    if (pageMs > OUTAGE_MS) throw new Error('the in-page retries outlasted the outage');
    await step();
  }
  // The in-page retries are spent: the call says the event is kept for later.
  expect(rejected(await calling).error).toMatchObject({ willRetry: true, kept: 'storage' });

  // The app keeps navigating in-page; nobody reloads or calls flush().
  const navigating = page.evaluate(async () => {
    for (let i = 0; i < 240; i++) {
      history.pushState({}, '', `/app?step=${i}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  });
  while (pageMs < OUTAGE_MS) await step();
  outage = false;
  const during = postsFor(collector, 'spa').length;
  const outageOver = pageMs;
  while (!postsFor(collector, 'spa').some(isOk)) {
    if (pageMs - outageOver > 120_000)
      throw new Error('not delivered within 120 s after the outage');
    await step();
  }
  // A naive loop would have sent hundreds: the in-page retries and then a backoff schedule.
  expect(during).toBeLessThan(30);
  expect(postsFor(collector, 'spa').filter(isOk)).toHaveLength(1);
  navigating.catch(() => {});
  expect(pageErrors.uncaught).toEqual([]);
});

test('[Chromium only: a controlled clock] a page shown again sends an event whose retries are spent at once, before its backoff schedule would', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  test.setTimeout(90_000);
  servePages(site, collector, {}, '/app');
  // Every in-page attempt fails (1 + the default 5 retries); the endpoint is back after that.
  collector.failNext(6, { status: 503 });
  // The page's timers run only when the test moves its clock: the backoff schedule cannot have
  // come round, however slow the machine, unless the test lets it.
  await page.clock.install();
  await page.clock.pauseAt(new Date('2030-01-01T00:00:00Z'));
  await open(page, site, '/app');
  await page.evaluate(() => {
    const w = window as unknown as TestWindow & { __failed?: { willRetry: boolean } | null };
    w.dubTrack.lead({ eventName: 'Sign up', customerExternalId: 'shown' }).then(
      () => {
        w.__failed = null;
      },
      (thrown: { willRetry: boolean }) => {
        w.__failed = { willRetry: thrown.willRetry };
      },
    );
  });
  // Moves the clock in small steps until the in-page retries are spent: stops within 50 ms of the
  // failure, far before the schedule's first round (2.5 s of page time after it at the earliest).
  const failed = () => page.evaluate(() => (window as unknown as { __failed?: unknown }).__failed);
  for (let step = 0; (await failed()) === undefined; step++) {
    if (step > 2_000) throw new Error('the in-page retries did not end within 100 s');
    await page.clock.runFor(50);
  }
  expect(await failed()).toEqual({ willRetry: true });
  expect(postsFor(collector, 'shown')).toHaveLength(6);

  // The tab comes back to the foreground (the page is visible: headless pages are). The clock
  // moves on in the same steps: the event must be delivered within less page time than the
  // schedule's first round, however long that takes on the machine's own clock.
  await page.evaluate(() => {
    const w = window as unknown as { __delivered?: boolean };
    addEventListener('dubtrack:success', () => {
      w.__delivered = true;
    });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  const delivered = () =>
    page.evaluate(() => (window as unknown as { __delivered?: boolean }).__delivered === true);
  let pageMs = 0;
  while (!(await delivered())) {
    expect(pageMs, 'page time before delivery').toBeLessThan(2_500);
    await page.clock.runFor(50);
    pageMs += 50;
  }
  expect(postsFor(collector, 'shown').filter(isOk)).toHaveLength(1);
  expect(pageErrors.uncaught).toEqual([]);
});
