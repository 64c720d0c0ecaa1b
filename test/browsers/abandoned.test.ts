// A sale called on a page that leaves at once, before its engine has loaded: the page marks the
// raw call abandoned as it leaves (`pagehide`), and the next page sends it on its first round,
// without the grace period a raw call is left to a page whose engine is still loading; once.
import { describe, expect, it } from 'vitest';
import {
  ENGINE,
  HOST,
  outbox,
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
const ATTRS = { 'data-publishable-key': 'dub_pk_test_abandoned' };

/** A Pay button that fires the sale and leaves at once, without waiting for it. */
const payAndLeave = `<button id="pay">Pay</button><script>
document.getElementById('pay').addEventListener('click', function () {
  dubTrack.sale({ customerExternalId: 'user_ab', amount: 3100, invoiceId: 'inv_ab' });
  location.href = '/thanks';
});
</script>`;

/**
 * Runs on the next page before its tracker: keeps what the leaving page stored, and stops this
 * page's clock at the moment of the sale. A raw call's grace period then never ends here, so the
 * sale can only arrive if it was sent without one: no timing is measured.
 */
const stopClock = `(function () {
  var key = Object.keys(localStorage).filter(function (k) { return k.indexOf('dub_track_event') === 0; })[0];
  window.__kept = key ? localStorage.getItem(key) : null;
  if (!key) return;
  var kept = JSON.parse(window.__kept);
  window.__mark = localStorage.getItem('dub_track_left:' + kept.id);
  var at = kept.createdAt;
  Date.now = function () { return at; };
})();`;

describe(`[${ENGINE}] abandoned raw calls`, () => {
  it('a sale whose page left before its engine loaded is sent by the next page at once, and once', async () => {
    const { page, collector, site } = world;
    servePage(world, '/checkout', { attrs: ATTRS, body: payAndLeave });
    servePage(world, '/thanks', { attrs: ATTRS, before: stopClock, body: '<h1>Thanks</h1>' });
    // The checkout page's engine does not arrive before it leaves: its one request is held.
    let first = true;
    const held = site.hold((url) => {
      if (!/\/dub-track\.engine\.[\da-f]+\.js$/.test(url.pathname) || !first) return false;
      first = false;
      return true;
    });
    await visit(page, `${site.url(HOST)}/checkout?dub_id=click_ab`);
    await page.click('#pay');
    await held.arrived(1);
    await until(async () => new URL(await page.url()).pathname === '/thanks', 'on /thanks');
    // Answered now that its page is gone: a browser that keeps the left page (back/forward cache)
    // may make the next page's request for the same script wait for this one.
    held.release();
    await waitForTracker(page);

    // What the leaving page left: its raw call, and the mark that it was abandoned.
    const left = await page.evaluate(() => {
      const w = window as unknown as { __kept: string | null; __mark: string | null };
      return { kept: w.__kept, mark: w.__mark };
    });
    const kept = JSON.parse(left.kept ?? 'null');
    expect(kept).toMatchObject({ kind: 'sale', attempts: 0 });
    expect(kept.body).toBeUndefined();
    expect(left.mark).toBe('');

    const [post] = await collector.waitForTracked(1, 15_000);
    await until(async () => (await outbox(page)).length === 0, 'outbox emptied');
    await settleDown(page, 1000);

    expect(collector.tracked()).toHaveLength(1);
    expect(post.path).toBe('/track/sale/client');
    expect(post.headers['idempotency-key']).toBe(kept.id);
    expect(post.json).toMatchObject({
      customerExternalId: 'user_ab',
      amount: 3100,
      invoiceId: 'inv_ab',
      clickId: 'click_ab',
    });
    expect(post.answer).toEqual({ status: 200 });
    expect((await seen(page)).success.map((success) => success.eventId)).toEqual([kept.id]);
    // The mark went with the record (an outcome stays for the leaving page, should it come back).
    expect(
      Object.keys(await page.localStorage()).filter((key) => /^dub_track_(event|left)/.test(key)),
    ).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });
});
