// Durable delivery in every engine: an event kept while the endpoint is down is replayed after a
// reload, or by a new tab after the first was closed, once and with the same key; a sale fired
// just before leaving the page arrives; the browser coming back online sends what waited; storage
// that throws loses nothing.
import { describe, expect, it } from 'vitest';
import {
  call,
  clickIdOf,
  ENGINE,
  flush,
  HOST,
  network,
  outbox,
  pause,
  postsOf,
  rejected,
  resolved,
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
const RETRY = { limit: 2, backoffLimitMs: 50, timeoutMs: 5000 };
const ATTRS = { 'data-publishable-key': 'dub_pk_test_delivery', 'data-retry': RETRY };

const openCheckout = async (
  query = '',
  options: { body?: string; before?: string; headers?: Record<string, string> } = {},
) => {
  servePage(world, '/checkout', { attrs: ATTRS, ...options });
  await visit(world.page, `${world.site.url(HOST)}/checkout${query}`);
};

/** A Pay button that fires the sale and leaves at once, without waiting for it. */
const payAndLeave = `<button id="pay">Pay</button><script>
document.getElementById('pay').addEventListener('click', function () {
  dubTrack.sale({ customerExternalId: 'user_4', amount: 2500, invoiceId: 'inv_4' });
  location.href = '/other';
});
</script>`;

describe(`[${ENGINE}] delivery`, () => {
  it('a sale made while the endpoint is down survives a reload and is sent once after it, same key', async () => {
    const { page, collector } = world;
    collector.respond(() => 'drop');
    await openCheckout('?dub_id=click_2');
    const { error } = rejected(
      await call(page, 'sale', { customerExternalId: 'user_2', amount: 4999, invoiceId: 'inv_2' }),
    );
    expect(error).toMatchObject({
      name: 'NetworkError',
      kind: 'sale',
      willRetry: true,
      attempt: 3,
    });
    const eventId = error.eventId as string;
    const kept = await outbox(page);
    expect(kept).toEqual([
      expect.objectContaining({
        id: eventId,
        kind: 'sale',
        attempts: 3,
        lastError: 'NetworkError',
      }),
    ]);
    const failed = collector.tracked();
    // Three attempts; an engine may itself repeat a POST whose reused connection was cut.
    expect(failed.length).toBeGreaterThanOrEqual(3);
    expect(failed.every((post) => post.headers['idempotency-key'] === eventId)).toBe(true);
    expect(failed.every((post) => post.answer === 'drop')).toBe(true);

    collector.respond(null);
    await page.reload();
    await waitForTracker(page);
    await collector.waitForTracked(failed.length + 1, 15_000);
    await until(async () => (await outbox(page)).length === 0, 'outbox emptied');
    await settleDown(page, 500);

    const posts = collector.tracked();
    expect(posts).toHaveLength(failed.length + 1);
    const replayed = posts[failed.length];
    expect(replayed.answer).toEqual({ status: 200 });
    expect(replayed.headers['idempotency-key']).toBe(eventId);
    expect(replayed.body).toBe(kept[0].body);
    expect(replayed.body).toBe(failed[0].body);
    expect(replayed.json).toMatchObject({ invoiceId: 'inv_2', clickId: 'click_2', amount: 4999 });
    const events = await seen(page);
    expect(events.success).toEqual([
      expect.objectContaining({ kind: 'sale', eventId, status: 200 }),
    ]);
    expect(events.error).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  it('an event kept by a closed tab is sent once by the next tab, same key', async () => {
    const { page, collector, session, site } = world;
    collector.respond(() => ({ status: 503 }));
    await openCheckout();
    const { error } = rejected(
      await call(page, 'lead', { eventName: 'Sign up', customerExternalId: 'u5' }),
    );
    expect(error).toMatchObject({ status: 503, willRetry: true });
    const attempts = collector.tracked().length;

    collector.respond(null);
    const second = await session.newPage();
    await page.close();
    await visit(second, `${site.url(HOST)}/checkout`);
    await collector.waitForTracked(attempts + 1, 15_000);
    await until(async () => (await outbox(second)).length === 0, 'outbox emptied');
    await settleDown(second, 500);

    const delivered = postsOf(collector, error.eventId as string).filter(
      (post) => typeof post.answer === 'object' && post.answer.status === 200,
    );
    expect(delivered).toHaveLength(1);
    expect(collector.tracked()).toHaveLength(attempts + 1);
    expect(await uncaught(second)).toEqual([]);
  });

  for (const { name, answer, warm } of [
    {
      name: 'a sale fired just before navigating away arrives once',
      answer: undefined,
      warm: true,
    },
    {
      name: 'a sale fired just before navigating away arrives once, even answered slowly',
      answer: { delayMs: 300 },
      warm: true,
    },
    {
      name: "a sale that is the page's first call, fired just before leaving, arrives once (next page tagged)",
      answer: undefined,
      warm: false,
    },
  ]) {
    it(name, async () => {
      const { page, collector, site } = world;
      collector.respond(() => answer);
      // Cold: the engine starts loading on the click, and the next page's tracker may replay.
      servePage(world, '/other', { noTag: warm, attrs: ATTRS, body: '<h1>Thank you</h1>' });
      await openCheckout('?dub_id=click_4', { body: payAndLeave });
      // Warm: the engine is already there, as after an earlier call.
      if (warm) await flush(page);

      await page.click('#pay');
      await until(async () => new URL(await page.url()).pathname === '/other', 'on /other');
      const [post] = await collector.waitForTracked(1, 15_000);
      if (!warm) await waitForTracker(page);
      await pause(1000);

      expect(collector.tracked()).toHaveLength(1);
      expect(post.path).toBe('/track/sale/client');
      expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
      expect(post.json).toStrictEqual({
        customerExternalId: 'user_4',
        amount: 2500,
        currency: 'usd',
        eventName: 'Purchase',
        paymentProcessor: 'custom',
        invoiceId: 'inv_4',
        clickId: 'click_4',
      });
      expect(post.answer).toEqual({ status: 200 });
      expect(site.requests.map((request) => request.path)).toContain('/other');
      expect(new URL(await page.url()).pathname).toBe('/other');
      expect(await uncaught(page)).toEqual([]);
    });
  }

  for (const { label, warm } of [
    { label: 'while the page is open', warm: true },
    { label: 'even when the first call found the browser offline', warm: false },
  ]) {
    it(`an event made offline is sent when the browser is back online, ${label}`, async () => {
      const { page, collector } = world;
      await openCheckout();
      // flush() loads the engine: the offline call then fails on the network, not on loading.
      if (warm) await flush(page);
      const connection = network(world);
      await connection.down();
      const { error } = rejected(
        await call(page, 'lead', { eventName: 'Sign up', customerExternalId: 'u6' }),
      );
      expect(error).toMatchObject({ name: 'NetworkError', willRetry: true });
      expect(collector.tracked()).toEqual([]);
      expect((await outbox(page)).map((entry) => entry.id)).toEqual([error.eventId]);

      // No call, no reload: the `online` event alone brings the event out.
      await connection.up();
      const [post, ...others] = await collector.waitForTracked(1, 15_000);
      await until(async () => (await outbox(page)).length === 0, 'outbox emptied');
      await settleDown(page);
      expect(others).toEqual([]);
      expect(collector.tracked()).toHaveLength(1);
      expect(post.answer).toEqual({ status: 200 });
      expect(post.headers['idempotency-key']).toBe(error.eventId);
      expect(post.json).toStrictEqual({
        eventName: 'Sign up',
        customerExternalId: 'u6',
        clickId: '',
      });
      expect((await seen(page)).success.map((success) => success.eventId)).toEqual([error.eventId]);
      expect(await uncaught(page)).toEqual([]);
    });
  }

  it('storage that throws on every write: calls still deliver and the click is still known', async () => {
    const { page, collector, site } = world;
    const before = `Storage.prototype.setItem = function setItem() {
  throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
};`;
    collector.failNext(1, { status: 503 });
    await openCheckout('?dub_id=click_7', { before });
    expect(
      await page.evaluate(() => {
        try {
          localStorage.setItem('probe', '1');
          return 'stored';
        } catch (error) {
          return (error as Error).name;
        }
      }),
    ).toBe('QuotaExceededError');

    const lead = resolved(
      await call(page, 'lead', { eventName: 'Sign up', customerExternalId: 'u7' }),
    );
    const sale = resolved(await call(page, 'sale', { customerExternalId: 'u7', amount: 700 }));
    collector.respond(() => ({ status: 503 }));
    // Kept in memory only: flush() still delivers it, but no later page load will find it.
    const waiting = rejected(await call(page, 'customer', { customerExternalId: 'u7' })).error;
    expect(waiting).toMatchObject({ willRetry: false, kept: 'memory' });
    collector.respond(null);
    await flush(page);

    const ok = collector
      .tracked()
      .filter((post) => typeof post.answer === 'object' && post.answer.status === 200);
    expect(ok.map((post) => [post.path, post.headers['idempotency-key'], post.json])).toEqual([
      [
        '/track/lead/client',
        lead.eventId,
        { eventName: 'Sign up', customerExternalId: 'u7', clickId: 'click_7' },
      ],
      ['/track/sale/client', sale.eventId, expect.objectContaining({ clickId: 'click_7' })],
      ['/track/customer', waiting.eventId, { customerExternalId: 'u7' }],
    ]);
    expect(await page.localStorage()).toEqual({});

    // The next page, without dub_id in its URL: the click comes from the cookie.
    await visit(page, `${site.url(HOST)}/checkout`);
    expect(await clickIdOf(page)).toBe('click_7');
    expect(await page.evaluate(() => document.cookie)).toContain('dub_id=click_7');
    const later = resolved(
      await call(page, 'lead', { eventName: 'Return', customerExternalId: 'u7' }),
    );
    expect(postsOf(collector, later.eventId).map((post) => post.json)).toEqual([
      { eventName: 'Return', customerExternalId: 'u7', clickId: 'click_7' },
    ]);
    expect(await uncaught(page)).toEqual([]);
  });
});

describe(`[${ENGINE}] two tabs`, () => {
  // localhost and 127.0.0.1 are secure contexts, where the tracker holds a Web Lock per event;
  // a mapped fake host is plain http (Chromium and Firefox only), where storage alone decides.
  for (const host of ['localhost', HOST]) {
    it(`two tabs opened at once send a waiting event exactly once (${host})`, async () => {
      const { page, collector, session, site } = world;
      const url = `${site.url(host)}/checkout`;
      servePage(world, '/checkout', { attrs: ATTRS });
      servePage(world, '/blank', { noTag: true });
      collector.respond(() => ({ status: 503 }));
      await visit(page, url);
      const { error } = rejected(
        await call(page, 'sale', { customerExternalId: 'u8', amount: 800, invoiceId: 'inv_8' }),
      );
      expect(error.willRetry).toBe(true);
      // Secure contexts have crypto.randomUUID and Web Locks; plain http has neither.
      const secure = await page.evaluate(() => ({
        secure: window.isSecureContext,
        randomUUID: typeof crypto.randomUUID,
        locks: typeof navigator.locks,
      }));
      expect(secure).toEqual(
        host !== 'www.shop.test'
          ? { secure: true, randomUUID: 'function', locks: 'object' }
          : { secure: false, randomUUID: 'undefined', locks: 'undefined' },
      );
      const eventId = error.eventId as string;
      const attempts = postsOf(collector, eventId).length;
      expect(attempts).toBe(3);
      await visit(page, `${site.url(host)}/blank`, { tracker: false });

      // Healthy again, but slow: a tab that sent the event is still waiting when the other looks.
      collector.respond(() => ({ delayMs: 500 }));
      const tabs = [page, await session.newPage()];
      await tabs[1].goto(`${site.url(host)}/blank`);
      // Both navigations start together (a driver's own goto waits for each load in turn).
      for (const tab of tabs) {
        await tab.evaluate((url: string) => void setTimeout(() => location.assign(url), 50), url);
      }
      for (const tab of tabs) await waitForTracker(tab);
      for (const tab of tabs)
        expect(await tab.evaluate(() => !!navigator.locks)).toBe(host !== 'www.shop.test');
      await collector.waitForTracked(attempts + 1, 15_000);
      await pause(2000);

      const delivered = postsOf(collector, eventId).filter(
        (post) => typeof post.answer === 'object' && post.answer.status === 200,
      );
      const successes = [];
      for (const tab of tabs) {
        expect(await outbox(tab)).toEqual([]);
        successes.push(...(await seen(tab)).success.map((success) => success.eventId));
        expect(await uncaught(tab)).toEqual([]);
      }
      expect(delivered).toHaveLength(1);
      expect(postsOf(collector, eventId).map((post) => post.answer)).toEqual([
        { status: 503 },
        { status: 503 },
        { status: 503 },
        { status: 200 },
      ]);
      expect(collector.tracked()).toHaveLength(attempts + 1);
      expect(successes).toEqual([eventId]);
    });
  }
});
