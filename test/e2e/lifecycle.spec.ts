// Each conversion recorded once through a page's whole life, in real Chromium with default
// delivery settings: navigation right after a call, a tab closed mid-retry, the back/forward
// cache, a long-lived page through an outage, storage that fails, a burst, and nothing left
// running once the work is done.
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
import { call, EVENT_PREFIX, instrument, pause, rejected, type TestWindow } from './page.js';

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

/** Resolves once `predicate` holds for the collector, polling; fails after `timeoutMs`. */
async function until(predicate: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await pause(100);
  }
}

/**
 * Lets `ms` of the browser's time pass at once, as if the visitor came back that much later: the
 * context's clock is installed that far ahead (or moved on, when it already is), and timers that
 * fall due meanwhile fire. What the tracker compares (its stored times against `Date.now()`) is
 * then as after a real wait, without the test waiting for it.
 */
const withClock = new WeakSet<Page>();
async function comeBackLater(page: Page, ms: number) {
  if (withClock.has(page)) {
    await page.clock.fastForward(ms);
    return;
  }
  await page.clock.install({ time: Date.now() + ms });
  withClock.add(page);
}

/** The page's outbox keys in localStorage. */
const storedEvents = (page: Page) =>
  page.evaluate(
    (prefix) => Object.keys(localStorage).filter((key) => key.startsWith(prefix)),
    EVENT_PREFIX,
  );

/** Fires a sale and leaves the page at once, as the README's checkout recipe does. */
const saleThenLeave = (page: Page, customer: string, to: string, invoiceId?: string) =>
  page.evaluate(
    ([customer, to, invoiceId]) => {
      const w = window as unknown as TestWindow;
      void w.dubTrack
        .sale({ customerExternalId: customer, amount: 4200, invoiceId })
        .catch(() => {});
      location.href = to;
    },
    [customer, to, invoiceId] as const,
  );

test.describe('a sale fired just before location.href changes', () => {
  for (const latencyMs of [0, 150, 400]) {
    test(`reaches an endpoint that cannot de-duplicate it once (API latency ${latencyMs} ms), also on a page view 5 s later`, async ({
      page,
      site,
      collector,
      pageErrors,
    }) => {
      test.setTimeout(60_000);
      // No idempotency key: like Dub with a sale without invoiceId, a second arrival counts twice.
      servePages(
        site,
        collector,
        { 'data-idempotency-header': 'false' },
        '/checkout',
        '/thanks',
        '/later',
      );
      collector.respond(() => ({ delayMs: latencyMs }));
      await open(page, site, '/checkout');
      const customer = `nav_${latencyMs}`;
      await saleThenLeave(page, customer, '/thanks');
      await page.waitForURL('**/thanks');
      await waitForTracker(page);
      await until(() => postsFor(collector, customer).some(isOk), 10_000, 'the sale arrived');

      await comeBackLater(page, 5_000);
      await open(page, site, '/later');
      await pause(2_000);
      expect(postsFor(collector, customer)).toHaveLength(1);
      // Nothing stays behind to be sent by a later page.
      expect(await storedEvents(page)).toEqual([]);
      expect(pageErrors.uncaught).toEqual([]);
    });
  }

  test('is sent once, and not again on a page view 50 s later (API latency 400 ms)', async ({
    page,
    site,
    collector,
    pageErrors,
  }) => {
    test.setTimeout(120_000);
    servePages(
      site,
      collector,
      { 'data-idempotency-header': 'false' },
      '/checkout',
      '/thanks',
      '/later',
    );
    collector.respond(() => ({ delayMs: 400 }));
    await open(page, site, '/checkout');
    await saleThenLeave(page, 'nav_50s', '/thanks');
    await page.waitForURL('**/thanks');
    await until(() => postsFor(collector, 'nav_50s').some(isOk), 10_000, 'the sale arrived');
    await comeBackLater(page, 5_000);
    await open(page, site, '/later');
    await comeBackLater(page, 45_000);
    await open(page, site, '/later?again');
    await pause(2_000);
    expect(postsFor(collector, 'nav_50s')).toHaveLength(1);
    expect(pageErrors.uncaught).toEqual([]);
  });

  test('to an endpoint that honours the idempotency key (the default for one), carries one key however often it arrives', async ({
    page,
    site,
    collector,
  }) => {
    test.setTimeout(60_000);
    servePages(site, collector, {}, '/checkout', '/thanks', '/later');
    collector.respond(() => ({ delayMs: 400 }));
    await open(page, site, '/checkout');
    await saleThenLeave(page, 'nav_keyed', '/thanks');
    await page.waitForURL('**/thanks');
    await until(() => postsFor(collector, 'nav_keyed').some(isOk), 10_000, 'the sale arrived');
    await comeBackLater(page, 5_000);
    await open(page, site, '/later');
    await pause(2_000);
    const keys = new Set(
      postsFor(collector, 'nav_keyed').map((post) => post.headers['idempotency-key']),
    );
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
  });
});

test('20 sales, each fired just before leaving the page, at latencies from 0 to 400 ms: each arrives once', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  test.setTimeout(180_000);
  servePages(
    site,
    collector,
    { 'data-idempotency-header': 'false' },
    '/checkout',
    '/thanks',
    '/later',
  );
  let latencyMs = 0;
  collector.respond(() => ({ delayMs: latencyMs }));
  const customers = Array.from({ length: 20 }, (_, i) => `loop_${i}`);
  for (const [i, customer] of customers.entries()) {
    latencyMs = (i * 83) % 401;
    await open(page, site, '/checkout');
    await saleThenLeave(page, customer, '/thanks');
    await page.waitForURL('**/thanks');
    await waitForTracker(page);
  }
  await until(
    () => customers.every((customer) => postsFor(collector, customer).some(isOk)),
    30_000,
    'every sale arrived',
  );
  await comeBackLater(page, 5_000);
  await open(page, site, '/later');
  await pause(2_000);
  expect(customers.map((customer) => postsFor(collector, customer).length)).toEqual(
    customers.map(() => 1),
  );
  expect(pageErrors.uncaught).toEqual([]);
});

test('a page closed while its event waits between retries: a page opened 2 s later delivers it, not held back by the 30 s Retry-After', async ({
  context,
  site,
  collector,
  pageErrors,
}) => {
  test.setTimeout(60_000);
  servePages(site, collector, {}, '/checkout', '/next');
  // The first attempt is answered 503 with a 30 s Retry-After: the event waits in the page.
  collector.failNext(1, { status: 503, headers: { 'retry-after': '30' } });
  const first = await context.newPage();
  await first.addInitScript(instrument);
  await open(first, site, '/checkout');
  // Fired without waiting: the call settles only after the page is gone.
  await first.evaluate(() => {
    void (window as unknown as TestWindow).dubTrack
      .lead({ eventName: 'Sign up', customerExternalId: 'closed' })
      .catch(() => {});
  });
  await first.waitForFunction(
    () => (window as unknown as TestWindow).__test.window.retry.length > 0,
  );
  await first.close();

  await pause(2_000);
  const next = await context.newPage();
  await open(next, site, '/next');
  await until(() => postsFor(collector, 'closed').some(isOk), 30_000, 'the next page delivered it');
  const [failed, delivered, ...more] = postsFor(collector, 'closed');
  expect([failed, delivered].map((post) => (post.answer as { status: number }).status)).toEqual([
    503, 200,
  ]);
  expect(more).toEqual([]);
  // Not held back by the closed page's 30 s Retry-After (that page's own wait): the next page
  // sends it on opening. The bound is that wait, not a guess at how fast the machine is.
  expect(delivered.time - failed.time).toBeLessThan(30_000);
  expect(pageErrors.uncaught).toEqual([]);
});

test('a long-lived page delivers an event after an outage ends, without reload or flush(), and without hammering', async ({
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

test('a page shown again sends an event whose retries are spent at once, before its backoff schedule would', async ({
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

test('with storage full, a failed call says it is kept in memory only, is written to storage once it frees up, and is delivered by the same page', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  test.setTimeout(120_000);
  // Storage is full until the test frees it.
  await page.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    (window as unknown as { full: boolean }).full = true;
    Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
      if ((window as unknown as { full: boolean }).full)
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  await page.addInitScript(instrument);
  servePages(site, collector, {}, '/checkout');
  collector.respond(() => ({ status: 503 }));
  await open(page, site, '/checkout');
  const outcome = await call(page, 'sale', { customerExternalId: 'full', amount: 100 }, 60_000);
  // No later page load can find it: it must not claim it will be sent then.
  expect(rejected(outcome).error).toMatchObject({ willRetry: false, kept: 'memory' });
  expect(await storedEvents(page)).toEqual([]);

  await page.evaluate(() => {
    (window as unknown as { full: boolean }).full = false;
  });
  await page.waitForFunction(
    (prefix) => Object.keys(localStorage).some((key) => key.startsWith(prefix)),
    EVENT_PREFIX,
    { timeout: 30_000 },
  );

  collector.respond(null);
  await until(() => postsFor(collector, 'full').some(isOk), 90_000, 'delivered by the same page');
  await page.waitForFunction(
    (prefix) => !Object.keys(localStorage).some((key) => key.startsWith(prefix)),
    EVENT_PREFIX,
  );
  expect(postsFor(collector, 'full').filter(isOk)).toHaveLength(1);
  expect(pageErrors.uncaught).toEqual([]);
});

test('with storage throwing on every write, the event is still delivered by the same page once the endpoint recovers', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
  });
  await page.addInitScript(instrument);
  servePages(site, collector, {}, '/checkout');
  collector.respond(() => ({ status: 503 }));
  await open(page, site, '/checkout');
  const outcome = await call(
    page,
    'lead',
    { eventName: 'x', customerExternalId: 'throws' },
    60_000,
  );
  expect(rejected(outcome).error).toMatchObject({ willRetry: false, kept: 'memory' });
  collector.respond(null);
  await until(() => postsFor(collector, 'throws').some(isOk), 90_000, 'delivered by the same page');
  expect(postsFor(collector, 'throws').filter(isOk)).toHaveLength(1);
  expect(pageErrors.uncaught).toEqual([]);
});

test('1,000 calls in a loop: every event delivered once', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  test.setTimeout(180_000);
  servePages(site, collector, {}, '/burst');
  await open(page, site, '/burst');
  // The engine is loaded first (one call), so the burst goes through the outbox and delivery.
  // (How long its tasks are is measured by `npm run bench`, not asserted here.)
  await page.evaluate(() =>
    (window as unknown as TestWindow).dubTrack.lead({
      eventName: 'warm',
      customerExternalId: 'warm',
    }),
  );
  const statuses = await page.evaluate(async () => {
    const w = window as unknown as TestWindow;
    const calls = [];
    for (let i = 0; i < 1000; i++)
      calls.push(w.dubTrack.lead({ eventName: 'Burst', customerExternalId: `burst_${i}` }));
    return (await Promise.allSettled(calls)).map((outcome) => outcome.status);
  });
  expect(statuses.filter((status) => status === 'fulfilled')).toHaveLength(1000);
  const burst = collector
    .tracked()
    .filter((post) => (post.json as { eventName?: string })?.eventName === 'Burst');
  expect(burst).toHaveLength(1000);
  expect(new Set(burst.map((post) => post.headers['idempotency-key'])).size).toBe(1000);
  expect(pageErrors.uncaught).toEqual([]);
});

test('nothing is left running once the outbox is empty and nothing is in flight', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  test.setTimeout(60_000);
  servePages(site, collector, {}, '/checkout');
  // Every timer and interval the tracker's own files start, and whether it is still alive.
  await page.addInitScript(() => {
    const live = new Map<number, string>();
    const started: string[] = [];
    (window as unknown as { liveTimers: () => string[] }).liveTimers = () => [...live.values()];
    (window as unknown as { startedTimers: string[] }).startedTimers = started;
    const fromTracker = () => /\/dist\//.test(new Error().stack ?? '');
    const { setTimeout: st, setInterval: si, clearTimeout: ct, clearInterval: ci } = window;
    window.setTimeout = ((fn: () => void, ms?: number, ...rest: unknown[]) => {
      if (!fromTracker()) return st(fn, ms, ...rest);
      const id = st(() => {
        live.delete(id);
        fn();
      }, ms);
      live.set(id, `timeout ${ms ?? 0} ms`);
      started.push(`timeout ${ms ?? 0} ms`);
      return id;
    }) as typeof setTimeout;
    window.setInterval = ((fn: () => void, ms?: number, ...rest: unknown[]) => {
      const id = si(fn, ms, ...rest);
      if (fromTracker()) {
        live.set(id, `interval ${ms ?? 0} ms`);
        started.push(`interval ${ms ?? 0} ms`);
      }
      return id;
    }) as typeof setInterval;
    window.clearTimeout = ((id?: number) => {
      if (id !== undefined) live.delete(id);
      ct(id);
    }) as typeof clearTimeout;
    window.clearInterval = ((id?: number) => {
      if (id !== undefined) live.delete(id);
      ci(id);
    }) as typeof clearInterval;
  });
  await open(page, site, '/checkout');
  // One call retried once (so the heartbeat and the backoff both ran), then delivered.
  collector.failNext(1, { status: 503 });
  await page.evaluate(() =>
    (window as unknown as TestWindow).dubTrack.sale({ customerExternalId: 'idle', amount: 1 }),
  );
  expect(
    postsFor(collector, 'idle').map((post) => (post.answer as { status: number }).status),
  ).toEqual([503, 200]);
  // While it was sending, the heartbeat ran: the instrumentation does see the tracker's timers.
  const started = await page.evaluate(
    () => (window as unknown as { startedTimers: string[] }).startedTimers,
  );
  expect(started.some((timer) => timer.startsWith('interval'))).toBe(true);
  await page.waitForFunction(
    () => (window as unknown as { liveTimers: () => string[] }).liveTimers().length === 0,
    undefined,
    { timeout: 5_000 },
  );
  await pause(3_000);
  expect(
    await page.evaluate(() => (window as unknown as { liveTimers: () => string[] }).liveTimers()),
  ).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});
