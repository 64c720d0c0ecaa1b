// The ways into the tracker, in every engine: the pre-load snippet's queue, the global for
// scripts after the tag, the ES module, and the site's own `on()` handlers that throw. Ported
// from test/e2e/conversions.spec.ts, same assertions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TrackResult } from '../../src/outcome/events.js';
import { scriptTag } from '../fixtures/site.js';
import {
  call,
  HOST,
  type Kind,
  type Outcome,
  rejected,
  resolved,
  type SeenError,
  seen,
  seenBoth,
  servePage,
  settleDown,
  setUpWorld,
  uncaught,
  until,
  visit,
} from './harness.js';

const world = setUpWorld();
const PUBLISHABLE_KEY = 'dub_pk_test_conversions';
/** Three attempts in all, short backoff: failures settle fast. */
const RETRY = { limit: 2, backoffLimitMs: 20, timeoutMs: 5000 };
const preloadSnippet = readFileSync(new URL('../../examples/preload.js', import.meta.url), 'utf8');

type Success = TrackResult & { kind: Kind };

describe('the ways in', () => {
  it('calls made before the script loads are queued by the snippet and all settle', async () => {
    const { page, site, collector } = world;
    site.page('/preload.js', preloadSnippet);
    // A page script that runs before the deferred tag: only the snippet's stub exists yet.
    site.page(
      '/early-calls.js',
      `
    var stubBefore = { version: typeof dubTrack.version, queued: dubTrack.q.length };
    var settled = [];
    var handled = [];
    var note = function (label) {
      return [
        function (result) { settled.push({ label: label, ok: true, result: result }); },
        function (error) { settled.push({ label: label, ok: false, error: __test.serialize(error) }); },
      ];
    };
    var lead = note('lead');
    dubTrack.lead({ eventName: 'Sign up', customerExternalId: 'early_1' }).then(lead[0], lead[1]);
    dubTrack.on('success', function (detail) { handled.push(detail); });
    var sale = note('sale');
    dubTrack.sale({ customerExternalId: 'early_1', amount: 1200 }).then(sale[0], sale[1]);
    var bad1 = note('bad customer');
    dubTrack.customer({ customerExternalId: 'early_1', customerEmail: 'nope' }).then(bad1[0], bad1[1]);
    var bad2 = note('bad lead');
    dubTrack.lead({ customerExternalId: 'early_1' }).then(bad2[0], bad2[1]);
    window.early = { stubBefore: stubBefore, queuedAfter: dubTrack.q.length, settled: settled, handled: handled };
    `,
    );
    servePage(world, '/checkout', {
      noTag: true,
      body: `<script src="/preload.js"></script><script src="/early-calls.js"></script>${scriptTag(
        site,
        collector,
        { defer: true, 'data-publishable-key': PUBLISHABLE_KEY, 'data-retry': RETRY },
      )}`,
    });
    await visit(page, `${site.url(HOST)}/checkout?dub_id=click_q`);

    type Early = {
      stubBefore: { version: string; queued: number };
      queuedAfter: number;
      settled: ({ label: string } & (
        | { ok: true; result: TrackResult }
        | { ok: false; error: SeenError }
      ))[];
      handled: Success[];
    };
    const early = () => page.evaluate(() => (window as unknown as { early: Early }).early);
    await expect.poll(async () => (await early()).settled.length).toBe(4);
    const { stubBefore, queuedAfter, settled, handled } = await early();

    expect(stubBefore).toEqual({ version: 'undefined', queued: 0 });
    expect(queuedAfter).toBe(5);
    expect(
      await page.evaluate(
        () => typeof (window as unknown as { dubTrack: { version: unknown } }).dubTrack.version,
      ),
    ).toBe('string');
    // Validation happens as each queued call is drained: the invalid ones reject in queue order.
    expect(settled.filter((entry) => !entry.ok).map((entry) => entry.label)).toEqual([
      'bad customer',
      'bad lead',
    ]);
    const byLabel = Object.fromEntries(settled.map((entry) => [entry.label, entry]));
    expect(byLabel['bad customer']).toMatchObject({
      ok: false,
      error: { name: 'ValidationError', kind: 'customer', isError: true },
    });
    expect(byLabel['bad lead']).toMatchObject({
      ok: false,
      error: { name: 'ValidationError', kind: 'lead' },
    });
    const lead = byLabel.lead as { ok: true; result: TrackResult };
    const sale = byLabel.sale as { ok: true; result: TrackResult };
    expect(lead).toMatchObject({ ok: true, result: { status: 200 } });
    expect(sale).toMatchObject({ ok: true, result: { status: 200 } });

    const posts = collector.tracked();
    expect(
      posts.map((post) => [post.path, post.headers['idempotency-key'], post.json]).sort(),
    ).toEqual([
      [
        '/track/lead/client',
        lead.result.eventId,
        { eventName: 'Sign up', customerExternalId: 'early_1', clickId: 'click_q' },
      ],
      [
        '/track/sale/client',
        sale.result.eventId,
        {
          customerExternalId: 'early_1',
          amount: 1200,
          currency: 'usd',
          eventName: 'Purchase',
          paymentProcessor: 'custom',
          clickId: 'click_q',
        },
      ],
    ]);
    // The queued `on('success')` handler received both deliveries.
    expect(handled).toHaveLength(2);
    expect(handled).toEqual(
      expect.arrayContaining([
        { kind: 'lead', ...lead.result },
        { kind: 'sale', ...sale.result },
      ]),
    );
    await settleDown(page);
    expect(collector.tracked()).toHaveLength(2);
    expect(await uncaught(page)).toEqual([]);
  });

  it('the global works without the snippet for scripts that run after the tag', async () => {
    const { page, site, collector } = world;
    site.page(
      '/after.js',
      `window.afterTag = { queue: 'q' in dubTrack, version: typeof dubTrack.version };
    window.afterTag.call = dubTrack.lead({ eventName: 'Sign up', customerExternalId: 'late_1' });`,
    );
    servePage(world, '/checkout', {
      attrs: { defer: true, 'data-publishable-key': PUBLISHABLE_KEY, 'data-retry': RETRY },
      body: '<script src="/after.js" defer></script>',
    });
    await visit(page, `${site.url(HOST)}/checkout?dub_id=click_late`);

    const outcome = await page.evaluate(async () => {
      const { afterTag } = window as unknown as {
        afterTag: { queue: boolean; version: string; call: Promise<TrackResult> };
      };
      return { queue: afterTag.queue, version: afterTag.version, result: await afterTag.call };
    });

    expect(outcome).toMatchObject({ queue: false, version: 'string', result: { status: 200 } });
    const [post, ...others] = collector.tracked();
    expect(others).toEqual([]);
    expect(post?.headers['idempotency-key']).toBe(outcome.result.eventId);
    expect(post?.json).toStrictEqual({
      eventName: 'Sign up',
      customerExternalId: 'late_1',
      clickId: 'click_late',
    });
    expect(await uncaught(page)).toEqual([]);
  });

  it('the ES module in a page delivers a sale and its errors are DubTrackError', async () => {
    const { page, site, collector } = world;
    site.page(
      '/app.js',
      `import { createTracker, DubTrackError } from '/dist/index.js';
    window.tracker = createTracker({
      apiHost: ${JSON.stringify(collector.url)},
      publishableKey: 'dub_pk_x',
      idempotencyHeader: 'Idempotency-Key',
      retry: ${JSON.stringify(RETRY)},
    });
    window.DubTrackError = DubTrackError;`,
    );
    servePage(world, '/checkout', {
      noTag: true,
      body: '<script type="module" src="/app.js"></script>',
    });
    await visit(page, `${site.url(HOST)}/checkout?dub_id=click_esm`, { tracker: false });
    await until(() => page.evaluate(() => 'tracker' in window), 'createTracker() ran');

    const outcomes = await page.evaluate(async () => {
      type Tracker = {
        sale(input: unknown): Promise<TrackResult>;
        getClickId(): string | null;
      };
      const w = window as unknown as {
        tracker: Tracker;
        DubTrackError: new (...args: never[]) => Error;
        __test: {
          listen(tracker: Tracker): void;
          settle(promise: Promise<TrackResult>): Promise<Outcome>;
          serialize(error: unknown): SeenError;
        };
      };
      w.__test.listen(w.tracker);
      const delivered = await w.__test.settle(
        w.tracker.sale({ customerExternalId: 'esm_1', amount: 2500, currency: 'GBP' }),
      );
      const failure = await w.tracker.sale({ customerExternalId: 'esm_1', ammount: 2500 }).then(
        () => null,
        (error: unknown) => ({
          ...w.__test.serialize(error),
          isDubTrackError: error instanceof w.DubTrackError,
        }),
      );
      return { delivered, failure, clickId: w.tracker.getClickId() };
    });

    expect(outcomes.clickId).toBe('click_esm');
    const result = resolved(outcomes.delivered);
    expect(outcomes.failure).toMatchObject({
      name: 'ValidationError',
      isDubTrackError: true,
      isError: true,
      kind: 'sale',
    });
    expect(outcomes.failure?.issues?.map((issue) => issue.path)).toContain('ammount');
    const [post, ...others] = collector.tracked();
    expect(others).toEqual([]);
    expect(post?.path).toBe('/track/sale/client');
    expect(post?.headers).toMatchObject({
      authorization: 'Bearer dub_pk_x',
      'content-type': 'application/json',
      'idempotency-key': result.eventId,
    });
    expect(post?.json).toStrictEqual({
      customerExternalId: 'esm_1',
      amount: 2500,
      currency: 'gbp',
      eventName: 'Purchase',
      paymentProcessor: 'custom',
      clickId: 'click_esm',
    });
    // The script-tag build was never involved.
    expect(site.requests.map((request) => request.path)).not.toContain('/dist/dub-track.js');
    expect(await uncaught(page)).toEqual([]);
  });

  it('a site handler that throws breaks neither delivery nor the other handlers', async () => {
    const { page, site, collector } = world;
    collector.failNext(1, { status: 503 });
    servePage(world, '/checkout', {
      attrs: { 'data-publishable-key': PUBLISHABLE_KEY, 'data-retry': RETRY },
    });
    await visit(page, `${site.url(HOST)}/checkout?dub_id=click_1`);
    await page.evaluate(() => {
      const w = window as unknown as {
        dubTrack: { on(type: string, handler: () => void): void };
        __test: { listen(): void };
      };
      for (const type of ['success', 'retry', 'error'] as const) {
        w.dubTrack.on(type, () => {
          throw new Error(`the site's own ${type} handler is broken`);
        });
      }
      // Registered after the broken ones: they must still be called.
      w.__test.listen();
    });

    const result = resolved(
      await call(page, 'lead', { eventName: 'Sign up', customerExternalId: 'user_1' }),
    );
    const failure = rejected(await call(page, 'lead', { customerExternalId: 'user_1' }));

    expect(collector.tracked().map((post) => post.answer)).toEqual([
      { status: 503 },
      { status: 200 },
    ]);
    const events = await seenBoth(page);
    expect(events.on.retry).toEqual([
      expect.objectContaining({ attempt: 2, eventId: result.eventId }),
    ]);
    expect(events.on.success).toEqual([{ kind: 'lead', ...result }]);
    expect(events.window.success).toEqual([{ kind: 'lead', ...result }]);
    expect(events.on.error).toEqual([failure.error]);
    expect(failure.error.name).toBe('ValidationError');
    // The tracker still works after all that.
    resolved(await call(page, 'sale', { customerExternalId: 'user_1', amount: 1 }));
    expect(collector.tracked()).toHaveLength(3);
    expect((await seen(page)).success).toHaveLength(2);
    expect(await uncaught(page)).toEqual([]);
  });
});
