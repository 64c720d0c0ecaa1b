// An upgrade loses nothing: events the previous release kept in localStorage, in its own format
// (unversioned `dub_track_event:<id>` keys), are delivered once by this build, under their own
// idempotency key, and leave storage in this build's format (nothing under the old keys).
import { describe, expect, it } from 'vitest';
import {
  ENGINE,
  HOST,
  outbox,
  postsOf,
  seen,
  servePage,
  settleDown,
  setUpWorld,
  uncaught,
  until,
  visit,
} from './harness.js';

const world = setUpWorld();
const ATTRS = { 'data-publishable-key': 'dub_pk_test_upgrade' };

/** Format 1 as the previous release wrote it: the key, and the JSON of its outbox entry. */
const LEGACY = 'dub_track_event:';

describe(`[${ENGINE}] upgrade`, () => {
  it('events the previous release kept under its unversioned keys are delivered once by this build', async () => {
    const { page, collector, site } = world;
    servePage(world, '/blank', { noTag: true });
    servePage(world, '/checkout', { attrs: ATTRS });
    await visit(page, `${site.url(HOST)}/blank`, { tracker: false });
    const ids = {
      raw: '6f1d2a40-0000-4000-8000-000000000001',
      kept: '6f1d2a40-0000-4000-8000-000000000002',
    };
    // Written as the previous release wrote them, minutes ago: a raw call its core kept before
    // its engine loaded, and a validated sale whose one attempt failed.
    await page.evaluate(
      (prefix: string, raw: string, kept: string) => {
        const at = Date.now() - 5 * 60_000;
        localStorage.setItem(
          prefix + raw,
          JSON.stringify({
            id: raw,
            kind: 'lead',
            createdAt: at,
            attempts: 0,
            input: { eventName: 'Sign up', customerExternalId: 'u_up' },
          }),
        );
        localStorage.setItem(
          prefix + kept,
          JSON.stringify({
            id: kept,
            kind: 'sale',
            createdAt: at + 1000,
            attempts: 1,
            body: '{"customerExternalId":"u_up","amount":1200,"currency":"usd","eventName":"Purchase","paymentProcessor":"custom","invoiceId":"inv_up","clickId":"click_up"}',
            lastError: 'NetworkError',
          }),
        );
      },
      LEGACY,
      ids.raw,
      ids.kept,
    );

    // The next page of the upgraded site: its core finds them, its engine sends them.
    await visit(page, `${site.url(HOST)}/checkout`);
    await collector.waitForTracked(2, 15_000);
    await until(async () => (await outbox(page)).length === 0, 'outbox emptied');
    await settleDown(page, 1000);

    expect(collector.tracked()).toHaveLength(2);
    const [lead] = postsOf(collector, ids.raw);
    expect(lead.path).toBe('/track/lead/client');
    expect(lead.json).toStrictEqual({
      eventName: 'Sign up',
      customerExternalId: 'u_up',
      clickId: '',
    });
    expect(lead.answer).toEqual({ status: 200 });
    const [sale] = postsOf(collector, ids.kept);
    expect(sale.path).toBe('/track/sale/client');
    expect(sale.json).toMatchObject({ invoiceId: 'inv_up', amount: 1200, clickId: 'click_up' });
    expect(sale.answer).toEqual({ status: 200 });
    expect((await seen(page)).success.map((success) => success.eventId).sort()).toEqual(
      [ids.raw, ids.kept].sort(),
    );
    // Nothing left under either format's keys.
    const left = Object.keys(await page.localStorage()).filter((key) =>
      key.startsWith('dub_track_event'),
    );
    expect(left).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });
});
