// The script tag as a site puts it on a page, in every engine: on its own it defines
// `window.dubTrack`; put in place of Dub's own script (`@dub/analytics`), with Dub's attributes and
// the queueing stub Dub's `inject()` writes before it, the page's `dubAnalytics.trackLead` and
// `trackSale` calls deliver to Dub (the stand-in, test/fixtures/dub-standin.mjs). Ported from
// test/e2e/smoke.spec.ts and test/e2e/dropIn.spec.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { type StartedDubStandin, startDubStandin } from '../fixtures/dub-standin.mjs';
import {
  distRequests,
  ENGINE,
  HOST,
  servePage,
  setUpWorld,
  uncaught,
  until,
  visit,
} from './harness.js';

const world = setUpWorld();

let standin: StartedDubStandin | undefined;
afterEach(async () => {
  await standin?.close();
  standin = undefined;
});

describe(`[${ENGINE}] the script tag`, () => {
  it('the script tag defines window.dubTrack', async () => {
    const { page, site, collector } = world;
    servePage(world, '/');
    await visit(page, `${site.url(HOST)}/`);

    const shape = await page.evaluate(() => {
      const { dubTrack } = window as unknown as {
        dubTrack: { lead: unknown; version: unknown; getClickId(): unknown };
      };
      return {
        lead: typeof dubTrack.lead,
        version: typeof dubTrack.version,
        clickId: dubTrack.getClickId(),
      };
    });

    expect(shape).toEqual({ lead: 'function', version: 'string', clickId: null });
    expect(distRequests(site)).toContain('/dist/dub-track.js');
    expect(collector.tracked()).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  it("a page written for Dub's script works by swapping the tag: dubAnalytics.trackLead/trackSale deliver", async () => {
    const { page, site } = world;
    const dub = await startDubStandin();
    standin = dub;
    const postsTo = (path: string) => dub.tracked().filter((record) => record.path === path);
    // What `@dub/analytics` inject() puts on the page before its script: the queueing stub, and a
    // call the page makes before the script has loaded.
    const stub = `(function (w, da) {
  w[da] = w[da] || function () { (w[da].q = w[da].q || []).push(arguments); };
  ['trackClick', 'trackLead', 'trackSale'].forEach(function (m) {
    w[da][m] = function () { (w[da].q = w[da].q || []).push([m].concat([].slice.call(arguments))); };
  });
})(window, 'dubAnalytics');
dubAnalytics.trackLead({ eventName: 'Sign up', customerExternalId: 'cus_dub' });`;
    // Dub's attributes, as Dub's docs write them.
    servePage(world, '/checkout', {
      before: stub,
      attrs: {
        defer: true,
        'data-api-host': dub.url,
        'data-publishable-key': 'dub_pk_standin',
        'data-idempotency-header': 'false',
        'data-cookie-options': { sameSite: 'lax', maxAge: 3600, httpOnly: true },
      },
    });
    await visit(page, `${site.url(HOST)}/checkout?dub_id=dub_click_1`);

    await until(() => postsTo('/track/lead/client').length > 0, 'the queued lead sent');
    const [lead, ...moreLeads] = postsTo('/track/lead/client');
    expect(moreLeads).toEqual([]);
    expect(lead.json).toMatchObject({
      clickId: 'dub_click_1',
      eventName: 'Sign up',
      customerExternalId: 'cus_dub',
    });
    expect(lead.headers.authorization).toBe('Bearer dub_pk_standin');
    await until(() => dub.state.leads.length === 1, 'Dub recorded the lead');

    const sale = await page.evaluate(() =>
      (
        window as unknown as { dubAnalytics: { trackSale(input: object): Promise<unknown> } }
      ).dubAnalytics.trackSale({
        customerExternalId: 'cus_dub',
        amount: 4900,
        invoiceId: 'inv_1',
        paymentProcessor: 'stripe',
      }),
    );
    expect(sale).toMatchObject({ status: 200 });
    const [salePost, ...moreSales] = postsTo('/track/sale/client');
    expect(moreSales).toEqual([]);
    expect(salePost.json).toMatchObject({ amount: 4900, invoiceId: 'inv_1' });
    expect(dub.state.sales).toMatchObject([{ amount: 4900, invoiceId: 'inv_1' }]);

    // An invalid call through Dub's name rejects nothing (as Dub's): the error is an event.
    const invalid = await page.evaluate(async () => {
      const events: string[] = [];
      addEventListener('dubtrack:error', (event) =>
        events.push((event as CustomEvent).detail.name),
      );
      const w = window as unknown as {
        dubAnalytics: { trackLead(input: object): Promise<unknown> };
      };
      const result = await w.dubAnalytics.trackLead({ eventName: '' });
      return { result: result ?? null, events };
    });
    expect(invalid).toEqual({ result: null, events: ['ValidationError'] });

    // maxAge is seconds: the cookie lives an hour.
    await until(
      async () => (await page.cookies()).some((cookie) => cookie.name === 'dub_id'),
      'the dub_id cookie written',
    );
    const cookie = (await page.cookies()).find((c) => c.name === 'dub_id');
    expect(cookie?.value).toBe('dub_click_1');
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000 + 3500);
    expect(cookie?.expires).toBeLessThan(Date.now() / 1000 + 3700);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.httpOnly).toBe(false);
    expect(await uncaught(page)).toEqual([]);
  });
});
