// Issue 5: durable delivery in real Chromium against the scripted collector. No conversion is
// lost to a retry, a reload, a navigation, an outage, broken storage or a second tab, and none
// is sent twice. Every test checks what reached the collector and what must not have. The
// outbox's single-page scenarios (a retried key, a 400, flush(), a cut attempt, the 7-day expiry)
// run in every engine: test/browsers/outbox.test.ts.
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from '@playwright/test';
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
import {
  answerAsDub,
  call,
  EVENT_PREFIX,
  flush,
  type Input,
  instrument,
  type KeptEntry,
  type Kind,
  outbox,
  pause,
  postsOf,
  rejected,
  resolved,
  seen,
  settleDown,
  type TestWindow,
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

/**
 * How long a call of the long loads (a burst, a full outbox) may stay unsettled before it counts
 * as stuck: not a speed check. Beside the other lanes on a loaded 2-core machine (load average
 * 30), 100 calls with their retries once took longer than the usual 20 s.
 */
const LOADED_MS = 90_000;

/** Makes all the calls at once, as a busy page would, and returns how each settled. */
const callAll = (page: Page, kind: Kind, inputs: Input[]) =>
  page.evaluate(
    ([kind, inputs, withinMs]) => {
      const w = window as unknown as TestWindow;
      return Promise.all(inputs.map((input) => w.__test.settle(w.dubTrack[kind](input), withinMs)));
    },
    [kind, inputs, LOADED_MS] as const,
  );

const isOk = (post: CollectorRecord) =>
  typeof post.answer === 'object' && post.answer.status >= 200 && post.answer.status < 300;

/** An outbox entry as the engine writes it, for seeding storage. */
const seededEntry = (createdAt: number, customer = 'c'): KeptEntry => ({
  id: randomUUID(),
  kind: 'lead',
  createdAt,
  attempts: 0,
  body: JSON.stringify({ eventName: 'x', customerExternalId: customer, clickId: '' }),
});

/** Writes entries into the origin's localStorage from a page that has no tracker. */
async function seedOutbox(page: Page, site: Site, host: string, entries: KeptEntry[]) {
  site.page('/blank', html(''));
  await page.goto(`${site.url(host)}/blank`);
  await page.evaluate(
    ([prefix, entries]) => {
      for (const entry of entries) localStorage.setItem(prefix + entry.id, JSON.stringify(entry));
    },
    [EVENT_PREFIX, entries] as const,
  );
}

test('a full outbox drops its oldest event with an error naming it, and never resurrects it', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  // 100 events replayed three times each: longer than most tests, still bounded.
  test.setTimeout(180_000);
  const now = Date.now();
  // 100 waiting events, oldest first, one second apart.
  const seeded = Array.from({ length: 100 }, (_, i) =>
    seededEntry(now - (100 - i) * 1000, `c${i}`),
  );
  const oldest = seeded[0];
  await seedOutbox(page, site, 'www.shop.test', seeded);

  // The endpoint is down; the first answers are slow, so the oldest events are still in flight
  // (replayed by this page load) when the 101st event arrives.
  let slow = 4;
  collector.respond((record) => {
    if ((record.json as Input)?.eventName === 'New') return { status: 503 };
    return slow-- > 0 ? { status: 503, delayMs: 400 } : { status: 503 };
  });
  await openCheckout(page, site, collector);
  await expect.poll(() => collector.tracked().length, { timeout: 10_000 }).toBeGreaterThan(0);

  const added = rejected(
    await call(page, 'lead', { eventName: 'New', customerExternalId: 'n' }, LOADED_MS),
  ).error;
  expect(added.willRetry).toBe(true);
  const drop = (await seen(page)).window.error.filter((error) => error.message.includes('dropped'));
  expect(drop).toEqual([
    expect.objectContaining({ eventId: oldest.id, kind: 'lead', willRetry: false }),
  ]);
  expect(drop[0].message).toContain('at most 100');

  // Let the replay of the seeded events run out, then bring the endpoint back.
  await expect
    .poll(async () => (await outbox(page)).filter((entry) => entry.attempts >= 3).length, {
      timeout: 20_000,
    })
    .toBe(100);
  const keptIds = (await outbox(page)).map((entry) => entry.id);
  expect(keptIds).toHaveLength(100);
  expect(keptIds).not.toContain(oldest.id);
  expect(keptIds).toContain(added.eventId);

  collector.respond(null);
  await flush(page);
  // The flush leaves alone what the page's own replay round has in flight at that moment, which
  // may be in ky's wait between attempts (up to backoffLimitMs, 30 s): both are done once the
  // outbox is empty.
  await expect.poll(async () => (await outbox(page)).length, { timeout: 45_000 }).toBe(0);
  await settleDown(page);

  const delivered = collector.tracked().filter(isOk);
  const deliveredIds = delivered.map((post) => post.headers['idempotency-key']);
  expect(new Set(deliveredIds).size).toBe(100);
  expect(deliveredIds).toHaveLength(100);
  expect(deliveredIds).not.toContain(oldest.id);
  expect(deliveredIds).toContain(added.eventId);
  expect(await outbox(page)).toEqual([]);
  // Dropped once, reported once.
  expect(
    (await seen(page)).window.error.filter(
      (error) => error.eventId === oldest.id && error.message.includes('dropped'),
    ),
  ).toHaveLength(1);
  expect(pageErrors.uncaught).toEqual([]);
});

test('a burst of 100 events under 30% injected 503s is all delivered, each key once, 4 at most in flight', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  // Bounds on a stuck run, not speed: see LOADED_MS.
  test.setTimeout(150_000);
  // Every third POST fails, but no event more than twice: with three attempts each, all must land.
  let count = 0;
  const failures = new Map<string, number>();
  collector.respond((record) => {
    count += 1;
    const key = record.headers['idempotency-key'];
    const failed = failures.get(key) ?? 0;
    if (count % 3 === 0 && failed < 2) {
      failures.set(key, failed + 1);
      return { status: 503, delayMs: 20 };
    }
    return { delayMs: 20 };
  });
  await openCheckout(page, site, collector);

  const outcomes = await callAll(
    page,
    'lead',
    Array.from({ length: 100 }, (_, i) => ({
      eventName: 'Burst',
      customerExternalId: `burst_${i}`,
    })),
  );

  expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
  const eventIds = outcomes.map((outcome) => (outcome.ok ? outcome.result.eventId : ''));
  expect(new Set(eventIds).size).toBe(100);
  const posts = collector.tracked();
  const failed = posts.filter((post) => !isOk(post));
  expect(failed.length).toBeGreaterThanOrEqual(25);
  expect(failed.every((post) => (post.answer as { status: number }).status === 503)).toBe(true);
  const delivered = posts.filter(isOk).map((post) => post.headers['idempotency-key']);
  expect([...delivered].sort()).toEqual([...eventIds].sort());
  // Every customer's event arrived with its own body.
  expect(
    new Set(posts.filter(isOk).map((post) => (post.json as Input).customerExternalId)).size,
  ).toBe(100);
  expect(collector.maxInFlight).toBeLessThanOrEqual(4);
  expect(collector.maxInFlight).toBeGreaterThan(1);
  await settleDown(page);
  expect(collector.tracked()).toHaveLength(posts.length);
  expect(await outbox(page)).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('more calls at once than the outbox holds are all delivered: the cap drops no call under way', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  // Bounds on a stuck run, not speed: see LOADED_MS.
  test.setTimeout(150_000);
  collector.respond(() => ({ delayMs: 5 }));
  await openCheckout(page, site, collector);

  const outcomes = await callAll(
    page,
    'sale',
    Array.from({ length: 150 }, (_, i) => ({ customerExternalId: `many_${i}`, amount: 100 + i })),
  );

  expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
  expect(outcomes.every((outcome) => outcome.ok && outcome.result.status === 200)).toBe(true);
  const posts = collector.tracked();
  // A post answered later than timeoutMs (a loaded machine) is sent again under its own key, which
  // the endpoint de-duplicates: what counts is one key per call, each key with one body.
  const bodies = new Map(posts.map((post) => [post.headers['idempotency-key'], post.body]));
  expect(bodies.size).toBe(150);
  expect(posts.filter((post) => bodies.get(post.headers['idempotency-key']) !== post.body)).toEqual(
    [],
  );
  expect(new Set(posts.map((post) => (post.json as Input).customerExternalId)).size).toBe(150);
  expect((await seen(page)).window.error).toEqual([]);
  expect(await outbox(page)).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('calls queued longer than a lease lasts are not also sent by a tab opened meanwhile', async ({
  page,
  context,
  site,
  collector,
  pageErrors,
}) => {
  test.setTimeout(60_000);
  // No retries, and a timeout no loaded machine reaches (a 2 s answer must never time out). Six
  // waves of four calls, two seconds each, keep the last calls queued for ten seconds, well past a
  // lease without heartbeat (4 s): the queueing tab's heartbeat alone must keep them its own.
  const retry = { limit: 0, backoffLimitMs: 50, timeoutMs: 20_000 };
  await context.addInitScript(instrument);
  site.page('/checkout', checkoutHtml(site, collector, { 'data-retry': retry }));
  collector.respond(() => ({ delayMs: 2000 }));
  await page.goto(`${site.url()}/checkout`);
  await waitForTracker(page);
  const calls = page.evaluate(async () => {
    const w = window as unknown as TestWindow;
    const all = Array.from({ length: 24 }, (_, i) =>
      w.dubTrack.lead({ eventName: 'Queued', customerExternalId: `queued_${i}` }),
    );
    return (await Promise.allSettled(all)).map((outcome) => outcome.status);
  });

  // Once a lease without heartbeat would have run out twice, a second tab replays the outbox.
  await pause(9000);
  const second = await context.newPage();
  await second.goto(`${site.url()}/checkout`);

  expect(await calls).toEqual(Array(24).fill('fulfilled'));
  await settleDown(second, 1500);
  const keys = collector.tracked().map((post) => post.headers['idempotency-key']);
  expect(keys).toHaveLength(24);
  expect(new Set(keys).size).toBe(24);
  expect(pageErrors.uncaught).toEqual([]);
});

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

/**
 * Opens a replaying tab (engine loaded) and a calling tab whose engine download takes `delayMs`,
 * past the 3 s other tabs leave a raw call alone; starts a sale in the calling tab.
 */
async function saleWithLateEngine(
  page: Page,
  context: BrowserContext,
  site: Site,
  collector: Collector,
  delayMs: number,
) {
  await openCheckout(page, site, collector);
  resolved(await call(page, 'lead', { eventName: 'Warm up', customerExternalId: 'warm' }));
  const late = await context.newPage();
  await late.addInitScript(instrument);
  await late.route('**/dist/dub-track.engine.*.js', async (route) => {
    await pause(delayMs);
    await route.continue();
  });
  await late.goto(`${site.url('www.shop.test')}/checkout`);
  await waitForTracker(late);
  const pending = call(late, 'sale', {
    customerExternalId: 'late',
    amount: 700,
    invoiceId: 'inv_l',
  });
  await pause(300);
  const [kept] = await outbox(page);
  expect(kept).toMatchObject({ kind: 'sale', input: expect.objectContaining({ amount: 700 }) });
  return { late, pending, eventId: kept.id };
}

/** Once other tabs may take a raw call (3 s after it was kept), the replaying tab sends it. */
const replayPastGrace = async (page: Page) => {
  await pause(3000);
  await flush(page);
};

test("a call whose engine loads after another tab sent it settles with that tab's result, sent once", async ({
  page,
  context,
  site,
  collector,
  pageErrors,
}) => {
  const { late, pending, eventId } = await saleWithLateEngine(page, context, site, collector, 4500);
  // Slowly: the replaying tab still holds it when the late engine lands.
  collector.respond(() => ({ delayMs: 1500 }));
  await replayPastGrace(page);

  const result = resolved(await pending);
  expect(result).toMatchObject({ eventId, status: 200 });
  expect(postsOf(collector, eventId)).toHaveLength(1);
  expect((await seen(late)).window.success).toEqual([expect.objectContaining({ eventId })]);
  await settleDown(late, 500);
  expect(postsOf(collector, eventId)).toHaveLength(1);
  expect(await outbox(late)).toEqual([]);
  expect(
    await late.evaluate(() => Object.keys(localStorage).filter((key) => key.includes(':'))),
  ).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('a call whose engine loads after another tab had it refused rejects with that error, sent once', async ({
  page,
  context,
  site,
  collector,
  pageErrors,
}) => {
  const { late, pending, eventId } = await saleWithLateEngine(page, context, site, collector, 4500);
  collector.respond(() => ({ status: 422 }));
  await replayPastGrace(page);

  const outcome = rejected(await pending);
  expect(outcome.error).toMatchObject({
    name: 'UnprocessableEntity',
    status: 422,
    kind: 'sale',
    eventId,
    willRetry: false,
  });
  expect(postsOf(collector, eventId)).toHaveLength(1);
  expect((await seen(late)).window.error).toEqual([
    expect.objectContaining({ name: 'UnprocessableEntity', eventId }),
  ]);
  expect(await outbox(late)).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('a call whose engine loads late and that no tab took is sent by its own page, once', async ({
  page,
  context,
  site,
  collector,
  pageErrors,
}) => {
  const { pending, eventId } = await saleWithLateEngine(page, context, site, collector, 4000);
  const result = resolved(await pending);
  expect(result).toMatchObject({ eventId, status: 200 });
  await settleDown(page, 500);
  expect(postsOf(collector, eventId)).toHaveLength(1);
  expect(pageErrors.uncaught).toEqual([]);
});

test('a Retry-After over 60 s keeps the event for later instead of holding the page', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  collector.respond(() => ({ status: 503, headers: { 'Retry-After': '120' } }));
  await openCheckout(page, site, collector);

  const before = Date.now();
  const { error } = rejected(await call(page, 'sale', { customerExternalId: 'u11', amount: 1100 }));
  expect(error).toMatchObject({ name: 'SDKError', status: 503, willRetry: true, attempt: 1 });
  const [kept, ...more] = await outbox(page);
  expect(more).toEqual([]);
  expect(kept).toMatchObject({ id: error.eventId, attempts: 1, lastError: 'SDKError' });
  expect(kept.notBefore).toBeGreaterThanOrEqual(before + 119_000);

  // Even with the endpoint healthy, neither flush() nor a reload sends it before its time.
  collector.respond(null);
  await flush(page);
  await settleDown(page);
  await page.reload();
  await waitForTracker(page);
  await flush(page);
  await settleDown(page, 500);

  expect(collector.tracked()).toHaveLength(1);
  expect((await outbox(page)).map((entry) => entry.id)).toEqual([error.eventId]);
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
