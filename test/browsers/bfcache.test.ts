// The back/forward cache in every engine: a sale kept by a page the browser froze is sent once by
// the next page, and the frozen page, restored, sends nothing more. Chromium's headless shell has
// no back/forward cache: in Chromium, this file runs in the full browser.
import { describe, expect, it } from 'vitest';
import {
  call,
  ENGINE,
  HOST,
  outbox,
  postsOf,
  rejected,
  restoredFromBfcache,
  servePage,
  settleDown,
  setUpWorld,
  uncaught,
  until,
  visit,
  waitForTracker,
} from './harness.js';

const world = setUpWorld({ bfcache: true });
const ATTRS = {
  'data-publishable-key': 'dub_pk_test_bfcache',
  'data-retry': { limit: 2, backoffLimitMs: 50, timeoutMs: 5000 },
};

describe(`[${ENGINE}] back/forward cache`, () => {
  it('a sale kept by a page frozen in the back/forward cache is sent by the next page once; coming back sends nothing more', async () => {
    const { page, collector, site } = world;
    collector.respond(() => ({ status: 503 }));
    // no-store would keep Chromium from freezing the page at all.
    const headers = { 'Cache-Control': 'no-cache' };
    servePage(world, '/checkout', { attrs: ATTRS, headers });
    await visit(page, `${site.url(HOST)}/checkout?dub_id=click_bf`);
    const { error } = rejected(
      await call(page, 'sale', { customerExternalId: 'u_bf', amount: 300, invoiceId: 'inv_bf' }),
    );
    expect(error).toMatchObject({ status: 503, willRetry: true });
    const attempts = collector.tracked().length;

    collector.respond(null);
    servePage(world, '/next', { attrs: ATTRS, headers });
    await visit(page, `${site.url(HOST)}/next`);
    await collector.waitForTracked(attempts + 1, 15_000);
    await until(async () => (await outbox(page)).length === 0, 'outbox emptied');

    await page.back();
    await waitForTracker(page);
    // The checkout page really was frozen and restored (all three engines do it), not reloaded.
    expect(await restoredFromBfcache(page)).toBe(1);
    await settleDown(page, 1000);
    const delivered = postsOf(collector, error.eventId as string).filter(
      (post) => typeof post.answer === 'object' && post.answer.status === 200,
    );
    expect(delivered).toHaveLength(1);
    expect(collector.tracked()).toHaveLength(attempts + 1);
    expect(await outbox(page)).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });
});
