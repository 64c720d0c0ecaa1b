// The outbox in every engine: a retried event keeps its key and bytes, a refused one is never
// sent again, flush() sends what ran out of retries, a cut attempt is a NetworkError, and an
// event older than 7 days is dropped with an error event. Ported from test/e2e/delivery.spec.ts,
// same assertions.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  call,
  EVENT_PREFIX,
  flush,
  HOST,
  outbox,
  postsOf,
  rejected,
  resolved,
  seen,
  servePage,
  settleDown,
  setUpWorld,
  uncaught,
  visit,
  waitForTracker,
} from './harness.js';

const world = setUpWorld();
const PUBLISHABLE_KEY = 'dub_pk_test_delivery';
/** Three attempts in all, short backoff: failures settle fast. */
const RETRY = { limit: 2, backoffLimitMs: 50, timeoutMs: 5000 };
const DAY_MS = 864e5;

/** Serves /checkout with the script tag (small retries) and opens it, tracker ready. */
async function openCheckout(query = '') {
  servePage(world, '/checkout', {
    attrs: { 'data-publishable-key': PUBLISHABLE_KEY, 'data-retry': RETRY },
  });
  await visit(world.page, `${world.site.url(HOST)}/checkout${query}`);
}

/** An outbox entry as the engine writes it, for seeding storage. */
const seededEntry = (createdAt: number, customer = 'c') => ({
  id: randomUUID(),
  kind: 'lead',
  createdAt,
  attempts: 0,
  body: JSON.stringify({ eventName: 'x', customerExternalId: customer, clickId: '' }),
});

/** Writes entries into the origin's localStorage from a page that has no tracker. */
async function seedOutbox(entries: ReturnType<typeof seededEntry>[]) {
  servePage(world, '/blank', { noTag: true });
  await visit(world.page, `${world.site.url(HOST)}/blank`, { tracker: false });
  await world.page.evaluate(
    (prefix: string, entries: ReturnType<typeof seededEntry>[]) => {
      for (const entry of entries) localStorage.setItem(prefix + entry.id, JSON.stringify(entry));
    },
    EVENT_PREFIX,
    entries,
  );
}

describe('the outbox', () => {
  it('a retried event carries the same idempotency key on every attempt', async () => {
    const { page, collector } = world;
    collector.failNext(2, { status: 503 });
    await openCheckout('?dub_id=click_1');

    const result = resolved(
      await call(page, 'sale', { customerExternalId: 'user_1', amount: 1200, invoiceId: 'inv_1' }),
    );

    const posts = collector.tracked();
    expect(posts.map((post) => post.answer)).toEqual([
      { status: 503 },
      { status: 503 },
      { status: 200 },
    ]);
    expect(posts.map((post) => post.headers['idempotency-key'])).toEqual([
      result.eventId,
      result.eventId,
      result.eventId,
    ]);
    // The very same bytes each time, not a re-serialisation that could differ.
    expect(new Set(posts.map((post) => post.body)).size).toBe(1);
    expect(posts[0]?.json).toMatchObject({ invoiceId: 'inv_1', clickId: 'click_1', amount: 1200 });
    expect(result.status).toBe(200);
    const events = await seen(page);
    expect(events.retry.map((retry) => [retry.eventId, retry.attempt])).toEqual([
      [result.eventId, 2],
      [result.eventId, 3],
    ]);
    expect(events.success.map((success) => success.eventId)).toEqual([result.eventId]);
    expect(events.error).toEqual([]);
    await settleDown(page);
    expect(collector.tracked()).toHaveLength(3);
    expect(await outbox(page)).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  it('an event the endpoint refused with 400 is never sent again', async () => {
    const { page, collector } = world;
    collector.failNext(1, { status: 400 });
    await openCheckout();

    const { error } = rejected(
      await call(page, 'lead', { eventName: 'Sign up', customerExternalId: 'u3' }),
    );
    expect(error).toMatchObject({ name: 'BadRequest', status: 400, willRetry: false, attempt: 1 });
    expect(await outbox(page)).toEqual([]);

    await page.reload();
    await waitForTracker(page);
    await flush(page);
    await settleDown(page, 500);

    const posts = collector.tracked();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.headers['idempotency-key']).toBe(error.eventId);
    expect(await outbox(page)).toEqual([]);
    expect((await seen(page)).success).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  it('flush() delivers an event whose retries ran out once the endpoint is back', async () => {
    const { page, collector } = world;
    collector.respond(() => ({ status: 503 }));
    await openCheckout();

    const { error } = rejected(
      await call(page, 'lead', { eventName: 'Trial', customerExternalId: 'u5' }),
    );
    expect(error).toMatchObject({ name: 'SDKError', status: 503, willRetry: true, attempt: 3 });
    expect((await outbox(page)).map((entry) => entry.id)).toEqual([error.eventId]);
    expect(collector.tracked()).toHaveLength(3);

    collector.respond(null);
    await flush(page);

    const posts = collector.tracked();
    expect(posts).toHaveLength(4);
    expect(posts[3]?.answer).toEqual({ status: 200 });
    expect(posts[3]?.headers['idempotency-key']).toBe(error.eventId);
    expect(posts[3]?.body).toBe(posts[0]?.body);
    expect(await outbox(page)).toEqual([]);
    expect((await seen(page)).success).toEqual([
      expect.objectContaining({ kind: 'lead', eventId: error.eventId, status: 200 }),
    ]);
    // A second flush finds nothing left to send.
    await flush(page);
    expect(collector.tracked()).toHaveLength(4);
    expect(await uncaught(page)).toEqual([]);
  });

  it('an attempt cut after a 503 fails as NetworkError; each retry names its own cause', async () => {
    const { page, collector } = world;
    const answers: ('drop' | { status: number })[] = [{ status: 503 }, 'drop', 'drop'];
    collector.respond(() => answers.shift() ?? 'drop');
    await openCheckout();

    const { error } = rejected(
      await call(page, 'lead', { eventName: 'Trial', customerExternalId: 'u5b' }),
    );
    expect(error).toMatchObject({
      name: 'NetworkError',
      status: null,
      willRetry: true,
      attempt: 3,
    });
    const events = await seen(page);
    expect(events.retry.map((retry) => [retry.attempt, retry.error.name])).toEqual([
      [2, 'SDKError'],
      [3, 'NetworkError'],
    ]);
    expect(events.retry[0]?.error).toMatchObject({ status: 503 });
    expect((await outbox(page)).map((entry) => entry.lastError)).toEqual(['NetworkError']);
    expect(await uncaught(page)).toEqual([]);
  });

  it('an event older than 7 days is dropped with an error event and never sent', async () => {
    const { page, collector } = world;
    const expired = seededEntry(Date.now() - 8 * DAY_MS, 'old');
    const fresh = seededEntry(Date.now() - DAY_MS, 'fresh');
    await seedOutbox([expired, fresh]);

    await openCheckout();
    await collector.waitForTracked(1);
    await expect.poll(() => outbox(page)).toEqual([]);
    await settleDown(page, 500);

    expect(collector.tracked().map((post) => [post.headers['idempotency-key'], post.json])).toEqual(
      [[fresh.id, { eventName: 'x', customerExternalId: 'fresh', clickId: '' }]],
    );
    expect(postsOf(collector, expired.id)).toEqual([]);
    const events = await seen(page);
    expect(events.error).toEqual([
      expect.objectContaining({ eventId: expired.id, kind: 'lead', willRetry: false }),
    ]);
    expect(events.error[0]?.message).toContain('older than 7 days');
    expect(events.success.map((success) => success.eventId)).toEqual([fresh.id]);
    expect(await uncaught(page)).toEqual([]);
  });
});
