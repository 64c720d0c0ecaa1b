// The outbox at its limits, in every engine: a full outbox drops its oldest event and says so, a
// burst under injected 503s and more calls than the outbox holds (made once the engine is there,
// or while it loads) are all delivered once, a queue
// longer than a lease stays its tab's own, a call whose engine loads late is settled once whoever
// sends it, and a Retry-After over 60 s keeps the event for later. Ported from
// test/e2e/delivery.spec.ts.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../src/outbox/entry.js';
import type { CollectorRecord } from '../fixtures/site.js';
import type { EnginePage } from './engines/types.js';
import {
  call,
  ENGINE,
  EVENT_PREFIX,
  flush,
  HOST,
  type Input,
  type Kind,
  note,
  type Outcome,
  outbox,
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

/**
 * Three attempts in all, short backoff: failures settle fast. The request timeout is one no loaded
 * machine reaches: the collector's slowest answer here takes a few seconds, and no test waits for
 * a timeout.
 */
const RETRY = { limit: 2, backoffLimitMs: 50, timeoutMs: 20_000 };
const ATTRS = { 'data-publishable-key': 'dub_pk_test_delivery', 'data-retry': RETRY };

/**
 * How long a call of the long loads (a burst, a full outbox) may stay unsettled before it counts
 * as stuck: not a speed check. Beside the other lanes on a loaded 2-core machine, 100 calls with
 * their retries once took longer than the usual 20 s.
 */
const LOADED_MS = 90_000;

const checkoutUrl = () => `${world.site.url(HOST)}/checkout`;

/** Serves /checkout with the script tag (small retries) and opens it in `page`, tracker ready. */
const openCheckout = async (page = world.page, retry = RETRY) => {
  servePage(world, '/checkout', { attrs: { ...ATTRS, 'data-retry': retry } });
  await visit(page, checkoutUrl());
};

const isOk = (post: CollectorRecord) =>
  typeof post.answer === 'object' && post.answer.status >= 200 && post.answer.status < 300;

/**
 * Starts the calls in the page and returns at once; `outcomes` reads how each settled. (A driver
 * speaking classic WebDriver runs one command at a time: a call left waiting inside a command
 * would hold every other tab of the session.)
 */
const startCalls = (page: EnginePage, kind: Kind, inputs: Input[], withinMs = LOADED_MS) =>
  page.evaluate(
    (kind: Kind, inputs: Input[], withinMs: number) => {
      const w = window as unknown as {
        dubTrack: Record<Kind, (input: Input) => Promise<unknown>>;
        __test: { settle(promise: Promise<unknown>, withinMs: number): Promise<unknown> };
        __outcomes?: unknown[];
      };
      w.__outcomes = undefined;
      void Promise.all(
        inputs.map((input) => w.__test.settle(w.dubTrack[kind](input), withinMs)),
      ).then((outcomes) => {
        w.__outcomes = outcomes;
      });
    },
    kind,
    inputs,
    withinMs,
  );

/** Waits until every call `startCalls` made has settled, and returns how. */
const outcomes = async (page: EnginePage, timeoutMs = LOADED_MS + 30_000) => {
  const read = () =>
    page.evaluate(
      () => (window as unknown as { __outcomes?: Outcome[] }).__outcomes ?? null,
    ) as Promise<Outcome[] | null>;
  await until(async () => (await read()) !== null, 'every call settled', timeoutMs);
  return (await read()) as Outcome[];
};

/** An outbox entry as the engine writes it, for seeding storage. */
const seededEntry = (createdAt: number, customer = 'c'): OutboxEntry => ({
  id: randomUUID(),
  kind: 'lead',
  createdAt,
  attempts: 0,
  body: JSON.stringify({ eventName: 'x', customerExternalId: customer, clickId: '' }),
});

/** Writes entries into the origin's localStorage from a page that has no tracker. */
async function seedOutbox(entries: OutboxEntry[]) {
  servePage(world, '/blank', { noTag: true });
  await visit(world.page, `${world.site.url(HOST)}/blank`, { tracker: false });
  await world.page.evaluate(
    (prefix: string, entries: OutboxEntry[]) => {
      for (const entry of entries) localStorage.setItem(prefix + entry.id, JSON.stringify(entry));
    },
    EVENT_PREFIX,
    entries,
  );
}

describe(`[${ENGINE}] outbox limits`, () => {
  it('a full outbox drops its oldest event with an error naming it, and never resurrects it', async () => {
    const { page, collector } = world;
    const now = Date.now();
    // 100 waiting events, oldest first, one second apart.
    const seeded = Array.from({ length: 100 }, (_, i) =>
      seededEntry(now - (100 - i) * 1000, `c${i}`),
    );
    const oldest = seeded[0];
    await seedOutbox(seeded);

    // The endpoint is down; the first answers are slow, so the oldest events are still in
    // flight (replayed by this page load) when the 101st event arrives.
    let slow = 4;
    collector.respond((record) => {
      if ((record.json as Input)?.eventName === 'New') return { status: 503 };
      return slow-- > 0 ? { status: 503, delayMs: 400 } : { status: 503 };
    });
    await openCheckout();
    await until(() => collector.tracked().length > 0, 'the replay started', 30_000);

    // Started in the page and read back once settled: under load this call, behind 100 replays,
    // outlasts a driver's script timeout (WebKitWebDriver's is 30 s).
    await startCalls(page, 'lead', [{ eventName: 'New', customerExternalId: 'n' }]);
    const added = rejected((await outcomes(page))[0]).error;
    expect(added.willRetry).toBe(true);
    const drop = (await seen(page)).error.filter((error) => error.message.includes('dropped'));
    expect(drop).toEqual([
      expect.objectContaining({ eventId: oldest.id, kind: 'lead', willRetry: false }),
    ]);
    expect(drop[0].message).toContain('at most 100');

    // Let the replay of the seeded events run out, then bring the endpoint back.
    await until(
      async () => (await outbox(page)).filter((entry) => entry.attempts >= 3).length === 100,
      'every kept event tried three times',
      60_000,
    );
    const keptIds = (await outbox(page)).map((entry) => entry.id);
    expect(keptIds).toHaveLength(100);
    expect(keptIds).not.toContain(oldest.id);
    expect(keptIds).toContain(added.eventId);

    collector.respond(null);
    await flush(page);
    // The flush leaves alone what the page's own replay round has in flight at that moment,
    // which may be in ky's wait between attempts: both are done once the outbox is empty.
    await until(async () => (await outbox(page)).length === 0, 'the outbox emptied', 60_000);
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
      (await seen(page)).error.filter(
        (error) => error.eventId === oldest.id && error.message.includes('dropped'),
      ),
    ).toHaveLength(1);
    expect(await uncaught(page)).toEqual([]);
  }, 240_000);

  it('a burst of 100 events under 30% injected 503s is all delivered, each key once, 4 at most in flight', async () => {
    const { page, collector } = world;
    // Every third POST fails, but no event more than twice: with three attempts each, all land.
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
    await openCheckout();

    await startCalls(
      page,
      'lead',
      Array.from({ length: 100 }, (_, i) => ({
        eventName: 'Burst',
        customerExternalId: `burst_${i}`,
      })),
    );
    const settled = await outcomes(page);

    expect(settled.filter((outcome) => !outcome.ok)).toEqual([]);
    const eventIds = settled.map((outcome) => (outcome.ok ? outcome.result.eventId : ''));
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
    expect(await uncaught(page)).toEqual([]);
  }, 180_000);

  it('more calls at once than the outbox holds are all delivered: the cap drops no call under way', async () => {
    const { page, collector } = world;
    collector.respond(() => ({ delayMs: 5 }));
    await openCheckout();
    // The engine loaded first: what is tested is the cap under a burst of calls under way (the
    // next test makes them while the engine loads).
    await flush(page);

    await startCalls(
      page,
      'sale',
      Array.from({ length: 150 }, (_, i) => ({
        customerExternalId: `many_${i}`,
        amount: 100 + i,
      })),
    );
    const settled = await outcomes(page);

    expect(settled.filter((outcome) => !outcome.ok)).toEqual([]);
    expect(settled.every((outcome) => outcome.ok && outcome.result.status === 200)).toBe(true);
    const posts = collector.tracked();
    // A post answered later than timeoutMs (a loaded machine) is sent again under its own key,
    // which the endpoint de-duplicates: what counts is one key per call, each with one body.
    const bodies = new Map(posts.map((post) => [post.headers['idempotency-key'], post.body]));
    expect(bodies.size).toBe(150);
    expect(
      posts.filter((post) => bodies.get(post.headers['idempotency-key']) !== post.body),
    ).toEqual([]);
    expect(new Set(posts.map((post) => (post.json as Input).customerExternalId)).size).toBe(150);
    expect((await seen(page)).error).toEqual([]);
    expect(await outbox(page)).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  }, 180_000);

  it('more calls than the outbox holds, made while the engine loads past the raw grace, are all delivered once', async () => {
    const { page, collector, site } = world;
    collector.respond(() => ({ delayMs: 5 }));
    const engine = site.hold((url) => /^\/dist\/dub-track\.engine\.[\w-]+\.js$/.test(url.pathname));
    await openCheckout();
    await startCalls(
      page,
      'sale',
      Array.from({ length: 150 }, (_, i) => ({
        customerExternalId: `raw_${i}`,
        amount: 100 + i,
      })),
    );
    await engine.arrived(1);
    const startedAt = Date.now();
    // Past the grace in which a replay leaves a raw call to its page's engine: this page's own
    // replay, which starts as its engine does, must still leave them to their calls (in WebKit it
    // ran first, sent every call, and each call's own attempt then found its event gone:
    // "left the outbox unsent").
    await until(() => Date.now() > startedAt + RAW_GRACE_MS + 1000, 'past the grace', 30_000);
    engine.release();
    const settled = await outcomes(page);

    expect(settled.filter((outcome) => !outcome.ok)).toEqual([]);
    const posts = collector.tracked();
    const bodies = new Map(posts.map((post) => [post.headers['idempotency-key'], post.body]));
    expect(bodies.size).toBe(150);
    expect(new Set(posts.map((post) => (post.json as Input).customerExternalId)).size).toBe(150);
    expect((await seen(page)).error).toEqual([]);
    expect(await outbox(page)).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  }, 180_000);

  it('calls queued longer than a lease lasts are not also sent by a tab opened meanwhile', async () => {
    const { page, collector, session } = world;
    // No retries, and a timeout no loaded machine reaches (a 2 s answer must never time out).
    // Six waves of four calls, two seconds each, keep the last calls queued for ten seconds,
    // well past a lease without heartbeat (4 s): the queueing tab's heartbeat alone must keep
    // them its own.
    collector.respond(() => ({ delayMs: 2000 }));
    await openCheckout(page, { limit: 0, backoffLimitMs: 50, timeoutMs: 30_000 });
    await startCalls(
      page,
      'lead',
      Array.from({ length: 24 }, (_, i) => ({
        eventName: 'Queued',
        customerExternalId: `queued_${i}`,
      })),
    );

    // Once the fifth wave is on the wire (eight seconds of answers at least: a lease without
    // heartbeat would have run out twice), a second tab replays the outbox while the sixth
    // wave still waits in it.
    await until(() => collector.tracked().length >= 17, 'the fifth wave sent', 60_000);
    const second = await session.newPage();
    await visit(second, checkoutUrl());

    const settled = await outcomes(page);
    expect(settled.map((outcome) => outcome.ok)).toEqual(Array(24).fill(true));
    await settleDown(second, 1500);
    const keys = collector.tracked().map((post) => post.headers['idempotency-key']);
    expect(keys).toHaveLength(24);
    expect(new Set(keys).size).toBe(24);
    expect(await uncaught(page)).toEqual([]);
    expect(await uncaught(second)).toEqual([]);
  }, 120_000);

  it('a Retry-After over 60 s keeps the event for later instead of holding the page', async () => {
    const { page, collector } = world;
    collector.respond(() => ({ status: 503, headers: { 'Retry-After': '120' } }));
    await openCheckout();

    const before = Date.now();
    const { error } = rejected(
      await call(page, 'sale', { customerExternalId: 'u11', amount: 1100 }),
    );
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
    expect(await uncaught(page)).toEqual([]);
  });
});

/** Other tabs leave a raw call (kept before its engine loaded) alone this long. */
const RAW_GRACE_MS = 3000;

/**
 * Opens a replaying tab (engine loaded) and a calling tab whose engine download the site holds;
 * starts a sale in the calling tab and returns once it waits in the outbox, raw.
 */
async function saleWithLateEngine() {
  const { page, collector, session, site } = world;
  await openCheckout();
  resolved(await call(page, 'lead', { eventName: 'Warm up', customerExternalId: 'warm' }));
  const engine = site.hold((url) => /^\/dist\/dub-track\.engine\.[\w-]+\.js$/.test(url.pathname));
  const late = await session.newPage();
  await visit(late, checkoutUrl());
  await startCalls(late, 'sale', [{ customerExternalId: 'late', amount: 700, invoiceId: 'inv_l' }]);
  await engine.arrived(1);
  await until(async () => (await outbox(page)).length === 1, 'the sale kept raw');
  const [kept] = await outbox(page);
  expect(kept).toMatchObject({ kind: 'sale', input: expect.objectContaining({ amount: 700 }) });
  expect(collector.tracked().filter((post) => post.path === '/track/sale/client')).toEqual([]);
  /** Waits until other tabs may take the raw call: its grace period has run out. */
  const pastGrace = () =>
    until(() => Date.now() > kept.createdAt + RAW_GRACE_MS + 200, 'past the grace', 30_000);
  return { late, engine, eventId: kept.id, createdAt: kept.createdAt, pastGrace };
}

/** Has the replaying tab try the outbox until `eventId`'s post reaches the collector. */
const replayUntilSent = (eventId: string) =>
  until(async () => {
    await world.page.evaluate(
      () => void (window as unknown as { dubTrack: { flush(): Promise<void> } }).dubTrack.flush(),
    );
    return postsOf(world.collector, eventId).length > 0;
  }, 'the replaying tab sent the sale');

describe(`[${ENGINE}] a call whose engine loads late`, () => {
  it('a call whose engine is still loading is left to its own tab by a tab replaying meanwhile', async () => {
    const { page, collector } = world;
    const { late, engine, eventId, createdAt } = await saleWithLateEngine();
    // Within the grace, the replaying tab's flush leaves the raw call to the tab that made it.
    await flush(page);
    const flushedAt = Date.now();
    if (flushedAt < createdAt + RAW_GRACE_MS) expect(postsOf(collector, eventId)).toEqual([]);
    else note('a loaded moment: a flush meant for the grace period ran after it');
    engine.release();

    const [outcome] = await outcomes(late, 60_000);
    expect(resolved(outcome)).toMatchObject({ eventId, status: 200 });
    await settleDown(page, 500);
    expect(postsOf(collector, eventId)).toHaveLength(1);
    expect(await outbox(page)).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
    expect(await uncaught(late)).toEqual([]);
  }, 90_000);

  it("a call whose engine loads after another tab sent it settles with that tab's result, sent once", async () => {
    const { collector } = world;
    const { late, engine, eventId, pastGrace } = await saleWithLateEngine();
    // Slowly: the replaying tab still holds it when the late engine lands.
    collector.respond(() => ({ delayMs: 3000 }));
    await pastGrace();
    await replayUntilSent(eventId);
    engine.release();

    const [outcome] = await outcomes(late, 60_000);
    expect(resolved(outcome)).toMatchObject({ eventId, status: 200 });
    expect(postsOf(collector, eventId)).toHaveLength(1);
    expect((await seen(late)).success).toEqual([expect.objectContaining({ eventId })]);
    await settleDown(late, 500);
    expect(postsOf(collector, eventId)).toHaveLength(1);
    expect(await outbox(late)).toEqual([]);
    expect(
      await late.evaluate(() => Object.keys(localStorage).filter((key) => key.includes(':'))),
    ).toEqual([]);
    expect(await uncaught(late)).toEqual([]);
  }, 90_000);

  it('a call whose engine loads after another tab had it refused rejects with that error, sent once', async () => {
    const { collector } = world;
    const { late, engine, eventId, pastGrace } = await saleWithLateEngine();
    collector.respond(() => ({ status: 422 }));
    await pastGrace();
    await replayUntilSent(eventId);
    await until(
      () => postsOf(collector, eventId).every((post) => post.answer !== undefined),
      'the refusal answered',
    );
    engine.release();

    const [outcome] = await outcomes(late, 60_000);
    expect(rejected(outcome).error).toMatchObject({
      name: 'UnprocessableEntity',
      status: 422,
      kind: 'sale',
      eventId,
      willRetry: false,
    });
    expect(postsOf(collector, eventId)).toHaveLength(1);
    expect((await seen(late)).error).toEqual([
      expect.objectContaining({ name: 'UnprocessableEntity', eventId }),
    ]);
    expect(await outbox(late)).toEqual([]);
    expect(await uncaught(late)).toEqual([]);
  }, 90_000);

  it('a call whose engine loads late and that no tab took is sent by its own page, once', async () => {
    const { page, collector } = world;
    const { late, engine, eventId, pastGrace } = await saleWithLateEngine();
    await pastGrace();
    engine.release();

    const [outcome] = await outcomes(late, 60_000);
    expect(resolved(outcome)).toMatchObject({ eventId, status: 200 });
    await settleDown(page, 500);
    expect(postsOf(collector, eventId)).toHaveLength(1);
    expect(await uncaught(late)).toEqual([]);
  }, 90_000);
});
