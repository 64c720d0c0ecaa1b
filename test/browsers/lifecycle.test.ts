// Each conversion recorded once through a page's whole life, in every engine, with default
// delivery settings: navigation right after a call, a tab closed mid-retry, storage that fails, a
// burst, and nothing left running once the work is done. (Moved from test/e2e/lifecycle.spec.ts;
// the two scenarios that move the page's timers by hand stay there, [Chromium only: a controlled
// clock].)
import { describe, expect, it } from 'vitest';
import type { Collector, CollectorRecord } from '../fixtures/site.js';
import type { EnginePage } from './engines/types.js';
import {
  ENGINE,
  EVENT_PREFIX,
  HOST,
  type Input,
  type Kind,
  outbox,
  pause,
  seen,
  servePage,
  settleDown,
  setUpWorld,
  uncaught,
  until,
  visit,
  waitForTracker,
} from './harness.js';

const world = setUpWorld();
const KEY = 'dub_pk_test_lifecycle';

/** Serves the same tracked page (default retry settings) at every path a test visits. */
function servePages(attrs: Record<string, string>, ...paths: string[]) {
  for (const path of paths)
    servePage(world, path, { attrs: { 'data-publishable-key': KEY, ...attrs } });
}

/**
 * Serves `path` as a page opened `ms` after the others, as if the visitor came back that much
 * later: its clock (`Date`) runs `ms` ahead, so what the tracker compares (its stored times against
 * `Date.now()`) is as after a real wait, without the test waiting for it.
 */
function serveLater(ms: number, attrs: Record<string, string>, path: string) {
  servePage(world, path, {
    attrs: { 'data-publishable-key': KEY, ...attrs },
    before: `(() => {
  const RealDate = Date;
  const shift = ${ms};
  function LaterDate(...args) {
    if (!new.target) return new RealDate(RealDate.now() + shift).toString();
    return args.length ? new RealDate(...args) : new RealDate(RealDate.now() + shift);
  }
  LaterDate.prototype = RealDate.prototype;
  LaterDate.now = () => RealDate.now() + shift;
  LaterDate.parse = RealDate.parse;
  LaterDate.UTC = RealDate.UTC;
  window.Date = LaterDate;
})();`,
  });
}

const open = (page: EnginePage, path: string) => visit(page, `${world.site.url(HOST)}${path}`);

/** The POSTs whose body names `customer`: every attempt of that customer's events. */
const postsFor = (collector: Collector, customer: string) =>
  collector
    .tracked()
    .filter(
      (post) => (post.json as { customerExternalId?: string })?.customerExternalId === customer,
    );

const isOk = (post: CollectorRecord) =>
  typeof post.answer === 'object' && post.answer.status >= 200 && post.answer.status < 300;

/** The page's outbox keys in localStorage. */
const storedEvents = async (page: EnginePage) =>
  Object.keys(await page.localStorage()).filter((key) => key.startsWith(EVENT_PREFIX));

/**
 * Fires a sale and leaves the page at once, as the README's checkout recipe does (in a task of the
 * page's own, so the driver's call returns before the page goes).
 */
const saleThenLeave = (page: EnginePage, customer: string, to: string, invoiceId?: string) =>
  page.evaluate(
    (customer: string, to: string, invoiceId: string | null) =>
      void setTimeout(() => {
        const tracker = (
          window as unknown as { dubTrack: { sale(input: object): Promise<unknown> } }
        ).dubTrack;
        void tracker
          .sale({ customerExternalId: customer, amount: 4200, invoiceId: invoiceId ?? undefined })
          .catch(() => {});
        location.href = to;
      }),
    customer,
    to,
    invoiceId ?? null,
  );

/** Waits until the page shows `path` with its tracker. */
const arrivedAt = async (page: EnginePage, path: string) => {
  await until(async () => new URL(await page.url()).pathname === path, `on ${path}`, 30_000);
  await waitForTracker(page);
};

/**
 * Calls `dubTrack[kind](input)` without waiting in the driver (a call may take longer than a
 * driver's script timeout): its outcome is kept in the page, read by `outcome`.
 */
const start = (page: EnginePage, kind: Kind, input: Input) =>
  page.evaluate(
    (kind: Kind, input: Input) => {
      const w = window as unknown as {
        __outcome?: unknown;
        __test: { settle(promise: Promise<unknown>, withinMs: number): Promise<unknown> };
        dubTrack: Record<Kind, (input: Input) => Promise<unknown>>;
      };
      w.__outcome = undefined;
      void w.__test.settle(w.dubTrack[kind](input), 600_000).then((outcome) => {
        w.__outcome = outcome;
      });
    },
    kind,
    input,
  );
const outcome = async (page: EnginePage, what: string, timeoutMs = 90_000) => {
  await until(
    async () => (await page.evaluate(() => (window as { __outcome?: unknown }).__outcome)) != null,
    what,
    timeoutMs,
  );
  return page.evaluate(
    () =>
      (window as unknown as { __outcome: { ok: boolean; error?: Record<string, unknown> } })
        .__outcome,
  );
};

const NO_KEY = { 'data-idempotency-header': 'false' };

describe(`[${ENGINE}] a sale fired just before location.href changes`, () => {
  for (const latencyMs of [0, 150, 400]) {
    it(`reaches an endpoint that cannot de-duplicate it once (API latency ${latencyMs} ms), also on a page view 5 s later`, async () => {
      const { page, collector } = world;
      // No idempotency key: like Dub with a sale without invoiceId, a second arrival counts twice.
      servePages(NO_KEY, '/checkout', '/thanks');
      serveLater(5_000, NO_KEY, '/later');
      collector.respond(() => ({ delayMs: latencyMs }));
      await open(page, '/checkout');
      const customer = `nav_${latencyMs}`;
      await saleThenLeave(page, customer, '/thanks');
      await arrivedAt(page, '/thanks');
      await until(() => postsFor(collector, customer).some(isOk), 'the sale arrived');

      await open(page, '/later');
      await settleDown(page, 2_000);
      expect(postsFor(collector, customer)).toHaveLength(1);
      // Nothing stays behind to be sent by a later page.
      expect(await storedEvents(page)).toEqual([]);
      expect(await uncaught(page)).toEqual([]);
    }, 120_000);
  }

  it('is sent once, and not again on a page view 50 s later (API latency 400 ms)', async () => {
    const { page, collector } = world;
    servePages(NO_KEY, '/checkout', '/thanks');
    serveLater(5_000, NO_KEY, '/later');
    collector.respond(() => ({ delayMs: 400 }));
    await open(page, '/checkout');
    await saleThenLeave(page, 'nav_50s', '/thanks');
    await arrivedAt(page, '/thanks');
    await until(() => postsFor(collector, 'nav_50s').some(isOk), 'the sale arrived');
    await open(page, '/later');
    serveLater(50_000, NO_KEY, '/later');
    await open(page, '/later?again');
    expect(await page.evaluate(() => Date.now() - performance.timeOrigin)).toBeGreaterThan(45_000);
    await settleDown(page, 2_000);
    expect(postsFor(collector, 'nav_50s')).toHaveLength(1);
    expect(await storedEvents(page)).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  }, 120_000);

  it('to an endpoint that honours the idempotency key (the default for one), carries one key however often it arrives', async () => {
    const { page, collector } = world;
    servePages({}, '/checkout', '/thanks');
    serveLater(5_000, {}, '/later');
    collector.respond(() => ({ delayMs: 400 }));
    await open(page, '/checkout');
    await saleThenLeave(page, 'nav_keyed', '/thanks');
    await arrivedAt(page, '/thanks');
    await until(() => postsFor(collector, 'nav_keyed').some(isOk), 'the sale arrived');
    await open(page, '/later');
    await settleDown(page, 2_000);
    const keys = new Set(
      postsFor(collector, 'nav_keyed').map((post) => post.headers['idempotency-key']),
    );
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
  }, 120_000);
});

describe(`[${ENGINE}] lifecycle`, () => {
  it('20 sales, each fired just before leaving the page, at latencies from 0 to 400 ms: each arrives once', async () => {
    const { page, collector } = world;
    servePages(NO_KEY, '/checkout', '/thanks');
    serveLater(5_000, NO_KEY, '/later');
    let latencyMs = 0;
    collector.respond(() => ({ delayMs: latencyMs }));
    const customers = Array.from({ length: 20 }, (_, i) => `loop_${i}`);
    for (const [i, customer] of customers.entries()) {
      latencyMs = (i * 83) % 401;
      await open(page, '/checkout');
      await saleThenLeave(page, customer, '/thanks');
      await arrivedAt(page, '/thanks');
      // Each sale arrives before the visitor goes on. Leaving the thank-you page while it still
      // sends the sale it took over is another race: to an endpoint without idempotency key,
      // whether the next page resends it depends on how long the first answer takes, which a
      // loaded machine stretches (Chromium then sent some twice, Firefox lost some).
      await until(() => postsFor(collector, customer).some(isOk), `${customer} arrived`, 30_000);
    }
    await open(page, '/later');
    await settleDown(page, 2_000);
    expect(customers.map((customer) => postsFor(collector, customer).length)).toEqual(
      customers.map(() => 1),
    );
    expect(await uncaught(page)).toEqual([]);
  }, 300_000);

  it('a page closed while its event waits between retries: a page opened 2 s later delivers it, not held back by the 30 s Retry-After', async () => {
    const { page: first, session, collector } = world;
    servePages({}, '/checkout', '/next');
    // The first attempt is answered 503 with a 30 s Retry-After: the event waits in the page.
    collector.failNext(1, { status: 503, headers: { 'retry-after': '30' } });
    await open(first, '/checkout');
    // Fired without waiting: the call settles only after the page is gone.
    await first.evaluate(() => {
      void (window as unknown as { dubTrack: { lead(input: object): Promise<unknown> } }).dubTrack
        .lead({ eventName: 'Sign up', customerExternalId: 'closed' })
        .catch(() => {});
    });
    await until(async () => (await seen(first)).retry.length > 0, 'the retry is scheduled');
    // The next tab is opened empty first: a session's last tab is not closed under it.
    const next = await session.newPage();
    await first.close();

    // The visitor comes back 2 s later (a wait of the scenario, not a guess at the machine).
    await pause(2_000);
    await open(next, '/next');
    await until(
      () => postsFor(collector, 'closed').some(isOk),
      'the next page delivered it',
      30_000,
    );
    await settleDown(next, 500);
    const [failed, delivered, ...more] = postsFor(collector, 'closed');
    expect([failed, delivered].map((post) => (post.answer as { status: number }).status)).toEqual([
      503, 200,
    ]);
    expect(more).toEqual([]);
    // Not held back by the closed page's 30 s Retry-After (that page's own wait): the next page
    // sends it on opening. The bound is that wait, not a guess at how fast the machine is.
    expect(delivered.time - failed.time).toBeLessThan(30_000);
    expect(await uncaught(next)).toEqual([]);
  }, 120_000);

  it('with storage full, a failed call says it is kept in memory only, is written to storage once it frees up, and is delivered by the same page', async () => {
    const { page, collector } = world;
    // Storage is full until the test frees it.
    servePage(world, '/checkout', {
      attrs: { 'data-publishable-key': KEY },
      before: `(() => {
  const setItem = Storage.prototype.setItem;
  window.full = true;
  Storage.prototype.setItem = function (key, value) {
    if (window.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return setItem.call(this, key, value);
  };
})();`,
    });
    collector.respond(() => ({ status: 503 }));
    await open(page, '/checkout');
    await start(page, 'sale', { customerExternalId: 'full', amount: 100 });
    const failed = await outcome(page, 'the call settled');
    // No later page load can find it: it must not claim it will be sent then.
    expect(failed).toMatchObject({ ok: false, error: { willRetry: false, kept: 'memory' } });
    expect(await storedEvents(page)).toEqual([]);

    await page.evaluate(() => {
      (window as unknown as { full: boolean }).full = false;
    });
    await until(async () => (await storedEvents(page)).length > 0, 'written to storage', 60_000);

    collector.respond(null);
    await until(() => postsFor(collector, 'full').some(isOk), 'delivered by the same page', 90_000);
    await until(async () => (await storedEvents(page)).length === 0, 'outbox emptied');
    await settleDown(page, 500);
    expect(postsFor(collector, 'full').filter(isOk)).toHaveLength(1);
    expect(await uncaught(page)).toEqual([]);
  }, 240_000);

  it('with storage throwing on every write, the event is still delivered by the same page once the endpoint recovers', async () => {
    const { page, collector } = world;
    servePage(world, '/checkout', {
      attrs: { 'data-publishable-key': KEY },
      before: `Storage.prototype.setItem = () => {
  throw new DOMException('The operation is insecure.', 'SecurityError');
};`,
    });
    collector.respond(() => ({ status: 503 }));
    await open(page, '/checkout');
    await start(page, 'lead', { eventName: 'x', customerExternalId: 'throws' });
    expect(await outcome(page, 'the call settled')).toMatchObject({
      ok: false,
      error: { willRetry: false, kept: 'memory' },
    });
    collector.respond(null);
    await until(
      () => postsFor(collector, 'throws').some(isOk),
      'delivered by the same page',
      90_000,
    );
    await settleDown(page, 500);
    expect(postsFor(collector, 'throws').filter(isOk)).toHaveLength(1);
    expect(await uncaught(page)).toEqual([]);
  }, 240_000);

  it('1,000 calls in a loop: every event delivered once', async () => {
    const { page, collector } = world;
    servePages({}, '/burst');
    await open(page, '/burst');
    // The engine is loaded first (one call), so the burst goes through the outbox and delivery.
    // (How long its tasks are is measured by `npm run bench`, not asserted here.)
    await start(page, 'lead', { eventName: 'warm', customerExternalId: 'warm' });
    expect(await outcome(page, 'the warm-up call settled')).toMatchObject({ ok: true });
    await page.evaluate(() => {
      const w = window as unknown as {
        __statuses?: string[];
        dubTrack: { lead(input: object): Promise<unknown> };
      };
      const calls = [];
      for (let i = 0; i < 1000; i++)
        calls.push(w.dubTrack.lead({ eventName: 'Burst', customerExternalId: `burst_${i}` }));
      void Promise.allSettled(calls).then((outcomes) => {
        w.__statuses = outcomes.map((outcome) => outcome.status);
      });
    });
    await until(
      async () => await page.evaluate(() => '__statuses' in window),
      'the 1,000 calls settled',
      150_000,
    );
    const statuses = await page.evaluate(
      () => (window as unknown as { __statuses: string[] }).__statuses,
    );
    expect(statuses.filter((status) => status === 'fulfilled')).toHaveLength(1000);
    const burst = collector
      .tracked()
      .filter((post) => (post.json as { eventName?: string })?.eventName === 'Burst');
    expect(burst).toHaveLength(1000);
    expect(new Set(burst.map((post) => post.headers['idempotency-key'])).size).toBe(1000);
    expect(await uncaught(page)).toEqual([]);
  }, 240_000);

  it('nothing is left running once the outbox is empty and nothing is in flight', async () => {
    const { page, collector } = world;
    // Every timer and interval the tracker's own files start, and whether it is still alive.
    servePage(world, '/checkout', {
      attrs: { 'data-publishable-key': KEY },
      before: `(() => {
  const live = new Map();
  const started = [];
  window.liveTimers = () => [...live.values()];
  window.startedTimers = started;
  const fromTracker = () => /\\/dist\\//.test(new Error().stack ?? '');
  const { setTimeout: st, setInterval: si, clearTimeout: ct, clearInterval: ci } = window;
  window.setTimeout = (fn, ms, ...rest) => {
    if (!fromTracker()) return st(fn, ms, ...rest);
    const id = st(() => {
      live.delete(id);
      fn();
    }, ms);
    live.set(id, 'timeout ' + (ms ?? 0) + ' ms');
    started.push('timeout ' + (ms ?? 0) + ' ms');
    return id;
  };
  window.setInterval = (fn, ms, ...rest) => {
    const id = si(fn, ms, ...rest);
    if (fromTracker()) {
      live.set(id, 'interval ' + (ms ?? 0) + ' ms');
      started.push('interval ' + (ms ?? 0) + ' ms');
    }
    return id;
  };
  window.clearTimeout = (id) => {
    if (id !== undefined) live.delete(id);
    ct(id);
  };
  window.clearInterval = (id) => {
    if (id !== undefined) live.delete(id);
    ci(id);
  };
})();`,
    });
    await open(page, '/checkout');
    // One call retried once (so the heartbeat and the backoff both ran), then delivered.
    collector.failNext(1, { status: 503 });
    await start(page, 'sale', { customerExternalId: 'idle', amount: 1 });
    expect(await outcome(page, 'the sale settled')).toMatchObject({ ok: true });
    expect(
      postsFor(collector, 'idle').map((post) => (post.answer as { status: number }).status),
    ).toEqual([503, 200]);
    // While it was sending, the heartbeat ran: the instrumentation does see the tracker's timers.
    const started = await page.evaluate(
      () => (window as unknown as { startedTimers: string[] }).startedTimers,
    );
    expect(started.some((timer) => timer.startsWith('interval'))).toBe(true);
    const live = () =>
      page.evaluate(() => (window as unknown as { liveTimers: () => string[] }).liveTimers());
    await until(async () => (await live()).length === 0, 'no timer of the tracker left');
    // And none starts again by itself.
    await settleDown(page, 3_000);
    expect(await live()).toEqual([]);
    expect(await outbox(page)).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  }, 120_000);
});
