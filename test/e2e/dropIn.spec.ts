// A site that ran Dub's own script (`@dub/analytics`) moves over by swapping the tag: Dub's
// attributes and `window.dubAnalytics` keep working, partner links (`?via=`) and site visits are
// registered with Dub's `/track/click` and `/track/visit`, and links to the site's other domains
// carry the click. Dub's API is the stand-in (test/fixtures/dub-standin.mjs) where its answers matter,
// the permissive collector where a test only looks at what was sent.
import type { Page } from '@playwright/test';
import { type StartedDubStandin, startDubStandin } from '../fixtures/dub-standin.mjs';
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
import { call, clickIdOf, instrument, resolved, settleDown } from './page.js';

const PARTNER = { id: 'pn_1', name: 'John Doe & Co', image: 'https://img.test/j d.png' };
const DISCOUNT = {
  id: 'disc_1',
  amount: 20,
  type: 'percentage',
  maxDuration: null,
  couponId: null,
  couponTestId: null,
};

/** Answers `/track/click` and `/track/visit` as Dub's server does; the rest as the collector does. */
const answerLikeDub = (collector: Collector) =>
  collector.respond((record) => {
    if (record.path === '/track/click')
      return {
        status: 200,
        body: { clickId: 'partner_click_1', partner: PARTNER, discount: DISCOUNT },
      };
    if (record.path === '/track/visit') return { status: 200, body: { clickId: 'visit_click_1' } };
    return undefined;
  });

/** The collector or the stand-in: both record requests the same way. */
type Api = { tracked(): Pick<CollectorRecord, 'path' | 'json' | 'headers'>[] };

const postsTo = (collector: Api, path: string) =>
  collector.tracked().filter((record) => record.path === path);

/** Waits until the collector (or stand-in) has had `count` POSTs to `path`. */
const waitForPosts = async (collector: Api, path: string, count = 1) => {
  await expect.poll(() => postsTo(collector, path).length, { timeout: 10_000 }).toBe(count);
  return postsTo(collector, path);
};

/** Serves a page with the tag at each path. */
const serve = (
  site: Site,
  collector: Collector,
  attrs: Parameters<typeof scriptTag>[2],
  paths: string[],
  body = '',
) => {
  for (const path of paths) site.page(path, html(scriptTag(site, collector, attrs), body));
};

const visit = async (page: Page, url: string) => {
  await page.goto(url);
  await waitForTracker(page);
};

/** Dub's API with one partner link, `refer.shop.test/john`; stopped after each test that starts it. */
let standin: StartedDubStandin | undefined;
const startStandin = async () => {
  standin = await startDubStandin({
    links: [{ domain: 'refer.shop.test', key: 'john', partner: PARTNER, discount: DISCOUNT }],
  });
  return standin;
};
test.afterEach(async () => {
  await standin?.close();
  standin = undefined;
});

test.describe('partner links', () => {
  const REFER = {
    'data-domains': { refer: 'refer.shop.test' },
    'data-publishable-key': 'dub_pk_x',
  };

  test('?via=john registers one click with Dub, keeps its click ID and partner data, and a later lead sends it', async ({
    page,
    context,
    site,
    collector,
    pageErrors,
  }) => {
    const dub = await startStandin();
    serve(
      site,
      collector,
      {
        ...REFER,
        'data-api-host': dub.url,
        'data-publishable-key': 'dub_pk_standin',
        // Dub's CORS allows no other header.
        'data-idempotency-header': 'false',
      },
      ['/', '/signup'],
    );
    await page.addInitScript(instrument);
    const landing = `http://www.shop.test:${site.port}/?via=john`;
    await visit(page, landing);

    const [click] = await waitForPosts(dub, '/track/click');
    expect(click.json).toStrictEqual({
      domain: 'refer.shop.test',
      key: 'john',
      url: landing,
      referrer: '',
    });
    // No key: Dub's /track/click takes none.
    expect(click.headers.authorization).toBeUndefined();
    expect(dub.state.clicksRecorded).toHaveLength(1);
    const clickId = dub.state.clicksRecorded[0].clickId as string;
    await expect.poll(() => clickIdOf(page)).toBe(clickId);

    const cookies = Object.fromEntries(
      (await context.cookies()).map((cookie) => [cookie.name, cookie]),
    );
    expect(cookies.dub_id).toMatchObject({ value: clickId, domain: '.shop.test' });
    // Dub's format: the answer as JSON, the partner's name and image URI-encoded.
    expect(JSON.parse(cookies.dub_partner_data.value)).toStrictEqual({
      clickId,
      partner: {
        ...PARTNER,
        name: encodeURIComponent(PARTNER.name),
        image: encodeURIComponent(PARTNER.image),
      },
      discount: DISCOUNT,
    });
    expect(await page.evaluate(() => (window as { DubAnalytics?: unknown }).DubAnalytics)).toEqual({
      partner: PARTNER,
      discount: DISCOUNT,
    });

    // Once per visit: a reload of the partner link registers nothing more.
    await visit(page, landing);
    await page.waitForFunction(() => (window as { DubAnalytics?: unknown }).DubAnalytics);
    expect(postsTo(dub, '/track/click')).toHaveLength(1);

    // A later page of the site shows the partner data and attributes the lead to that click.
    await visit(page, `http://app.shop.test:${site.port}/signup`);
    await expect
      .poll(() => page.evaluate(() => (window as { DubAnalytics?: unknown }).DubAnalytics))
      .toEqual({ partner: PARTNER, discount: DISCOUNT });
    const result = resolved(
      await call(page, 'lead', { eventName: 'Sign up', customerExternalId: 'cus_1' }),
    );
    expect(result.data).toMatchObject({ click: { id: clickId } });
    const [lead] = await waitForPosts(dub, '/track/lead/client');
    expect(lead.json).toMatchObject({ clickId, customerExternalId: 'cus_1' });
    expect(dub.state.leads).toMatchObject([{ clickId, customerExternalId: 'cus_1' }]);
    expect(postsTo(dub, '/track/click')).toHaveLength(1);
    expect(pageErrors.uncaught).toEqual([]);
  });

  test('a registration Dub answers with a 503 is tried again: the third attempt keeps its click ID; an unknown link is asked once', async ({
    page,
    site,
    collector,
    pageErrors,
  }) => {
    const dub = await startStandin();
    dub.failNext(2, { status: 503, body: { error: { code: 'internal_server_error' } } });
    serve(site, collector, { ...REFER, 'data-api-host': dub.url }, ['/']);
    await visit(page, `http://www.shop.test:${site.port}/?via=john`);
    await waitForPosts(dub, '/track/click', 3);
    expect(dub.state.clicksRecorded).toHaveLength(1);
    await expect.poll(() => clickIdOf(page)).toBe(dub.state.clicksRecorded[0].clickId);

    // Dub's 404 for a link it does not know would be the same on every attempt; the click stays.
    const clickId = await clickIdOf(page);
    await visit(page, `http://www.shop.test:${site.port}/?via=nobody`);
    await waitForPosts(dub, '/track/click', 4);
    await settleDown(page, 1_500);
    expect(postsTo(dub, '/track/click')).toHaveLength(4);
    expect(await clickIdOf(page)).toBe(clickId);
    expect(pageErrors.uncaught).toEqual([]);
  });

  test('a registration whose answer is lost on the way is tried again: Dub answers the same click, recorded once', async ({
    page,
    site,
    collector,
  }) => {
    const dub = await startStandin();
    serve(site, collector, { ...REFER, 'data-api-host': dub.url }, ['/']);
    let lost = 0;
    // Dub receives and records the first registration; the connection drops before its answer.
    await page.route(`${dub.url}/track/click`, async (route) => {
      if (route.request().method() !== 'POST' || lost++) return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await visit(page, `http://www.shop.test:${site.port}/?via=john`);
    await waitForPosts(dub, '/track/click', 2);
    expect(dub.state.clicksRecorded).toHaveLength(1);
    await expect.poll(() => clickIdOf(page)).toBe(dub.state.clicksRecorded[0].clickId);
  });

  test('a dub_id in the landing URL wins: no click is registered for its ?via=', async ({
    page,
    site,
    collector,
  }) => {
    answerLikeDub(collector);
    serve(site, collector, REFER, ['/']);
    await visit(page, `http://www.shop.test:${site.port}/?via=john&dub_id=server_click_1`);
    // The page has settled: the partner chunk (loaded for the refer domain) has run.
    await page.waitForFunction(() => 'dubTrackPartner' in window);
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(postsTo(collector, '/track/click')).toEqual([]);
    expect(await clickIdOf(page)).toBe('server_click_1');
  });

  test('older names: data-short-domain and data-query-param register ?ref=jane', async ({
    page,
    site,
    collector,
  }) => {
    answerLikeDub(collector);
    serve(site, collector, { 'data-short-domain': 'go.shop.test', 'data-query-param': 'ref' }, [
      '/',
    ]);
    await visit(page, `http://www.shop.test:${site.port}/?ref=jane`);
    const [click] = await waitForPosts(collector, '/track/click');
    expect(click.json).toMatchObject({ domain: 'go.shop.test', key: 'jane' });
  });

  test('first-click keeps the stored click: no registration', async ({ page, site, collector }) => {
    answerLikeDub(collector);
    serve(site, collector, { ...REFER, 'data-attribution-model': 'first-click' }, ['/']);
    await visit(page, `http://www.shop.test:${site.port}/?dub_id=first_click_1`);
    await visit(page, `http://www.shop.test:${site.port}/?via=john`);
    await page.waitForFunction(() => 'dubTrackPartner' in window);
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(postsTo(collector, '/track/click')).toEqual([]);
    expect(await clickIdOf(page)).toBe('first_click_1');
  });

  test('with consent pending nothing is registered until consent is given', async ({
    page,
    context,
    site,
    collector,
  }) => {
    answerLikeDub(collector);
    serve(site, collector, { ...REFER, 'data-consent': 'pending' }, ['/']);
    await visit(page, `http://www.shop.test:${site.port}/?via=john`);
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(postsTo(collector, '/track/click')).toEqual([]);
    expect(await page.evaluate(() => 'dubTrackPartner' in window)).toBe(false);
    await page.evaluate(() =>
      (window as { dubTrack?: { consent(v: boolean): void } }).dubTrack?.consent(true),
    );
    await waitForPosts(collector, '/track/click');
    await expect.poll(() => clickIdOf(page)).toBe('partner_click_1');
    expect((await context.cookies()).map((cookie) => cookie.name).sort()).toEqual([
      'dub_id',
      'dub_partner_data',
    ]);
  });
});

test('site visits: a visit without a click registers one with /track/visit', async ({
  page,
  site,
  collector,
}) => {
  // Every domain resolves, as a site-visit domain does on Dub.
  standin = await startDubStandin();
  const dub = standin;
  serve(site, collector, { 'data-domains': { site: 'site.shop.test' }, 'data-api-host': dub.url }, [
    '/',
    '/about',
  ]);
  const url = `http://www.shop.test:${site.port}/`;
  await visit(page, url);
  const [visitPost] = await waitForPosts(dub, '/track/visit');
  expect(visitPost.json).toStrictEqual({ domain: 'site.shop.test', url, referrer: '' });
  expect(dub.state.clicksRecorded).toMatchObject([
    { domain: 'site.shop.test', trigger: 'pageview' },
  ]);
  await expect.poll(() => clickIdOf(page)).toBe(dub.state.clicksRecorded[0].clickId);
  // The visit has its click now: the next page registers nothing.
  await visit(page, `${url}about`);
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
  expect(postsTo(dub, '/track/visit')).toHaveLength(1);
});

// Outbound domains (links and frames decorated with dub_id) run in every engine:
// test/browsers/outbound.test.ts.

test("a page written for Dub's script works by swapping the tag: dubAnalytics.trackLead/trackSale deliver", async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  const dub = await startStandin();
  // What `@dub/analytics` inject() puts on the page before its script: the queueing stub.
  const stub = `<script>(function (w, da) {
    w[da] = w[da] || function () { (w[da].q = w[da].q || []).push(arguments); };
    ['trackClick', 'trackLead', 'trackSale'].forEach(function (m) {
      w[da][m] = function () { (w[da].q = w[da].q || []).push([m].concat([].slice.call(arguments))); };
    });
  })(window, 'dubAnalytics');
  dubAnalytics.trackLead({ eventName: 'Sign up', customerExternalId: 'cus_dub' });
  </script>`;
  // Dub's attributes, as Dub's docs write them.
  const tag = scriptTag(site, collector, {
    defer: true,
    'data-api-host': dub.url,
    'data-publishable-key': 'dub_pk_standin',
    'data-idempotency-header': 'false',
    'data-cookie-options': { sameSite: 'lax', maxAge: 3600, httpOnly: true },
  });
  site.page('/checkout', html(stub + tag));
  await page.goto(`http://www.shop.test:${site.port}/checkout?dub_id=dub_click_1`);
  await waitForTracker(page);

  const [lead] = await waitForPosts(dub, '/track/lead/client');
  expect(lead.json).toMatchObject({
    clickId: 'dub_click_1',
    eventName: 'Sign up',
    customerExternalId: 'cus_dub',
  });
  expect(lead.headers.authorization).toBe('Bearer dub_pk_standin');
  await expect.poll(() => dub.state.leads.length).toBe(1);

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
  const [salePost] = await waitForPosts(dub, '/track/sale/client');
  expect(salePost.json).toMatchObject({ amount: 4900, invoiceId: 'inv_1' });
  expect(dub.state.sales).toMatchObject([{ amount: 4900, invoiceId: 'inv_1' }]);

  // An invalid call through Dub's name rejects nothing (as Dub's): the error is an event.
  const invalid = await page.evaluate(async () => {
    const events: string[] = [];
    addEventListener('dubtrack:error', (event) => events.push((event as CustomEvent).detail.name));
    const w = window as unknown as { dubAnalytics: { trackLead(input: object): Promise<unknown> } };
    const result = await w.dubAnalytics.trackLead({ eventName: '' });
    return { result: result ?? null, events };
  });
  expect(invalid).toEqual({ result: null, events: ['ValidationError'] });

  // maxAge is seconds: the cookie lives an hour.
  const cookie = (await page.context().cookies()).find((c) => c.name === 'dub_id');
  expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000 + 3500);
  expect(cookie?.expires).toBeLessThan(Date.now() / 1000 + 3700);
  expect(cookie?.sameSite).toBe('Lax');
  expect(pageErrors.uncaught).toEqual([]);
});

test("dubAnalytics.trackClick registers a partner link and 'ready' callbacks see its partner data", async ({
  page,
  site,
  collector,
}) => {
  const dub = await startStandin();
  // Dub's stub with calls made before the script arrives: a click, and a ready callback.
  const stub = `<script>
    window.dubAnalytics = window.dubAnalytics || function () { (dubAnalytics.q = dubAnalytics.q || []).push(arguments); };
    dubAnalytics('trackClick', { domain: 'refer.shop.test', key: 'john' });
    dubAnalytics('ready', function () { window.__ready = window.DubAnalytics; });
  </script>`;
  site.page(
    '/',
    html(
      stub +
        scriptTag(site, collector, {
          'data-api-host': dub.url,
          'data-publishable-key': 'dub_pk_standin',
        }),
    ),
  );
  await visit(page, `http://www.shop.test:${site.port}/`);
  const [click] = await waitForPosts(dub, '/track/click');
  expect(click.json).toMatchObject({ domain: 'refer.shop.test', key: 'john' });
  await expect.poll(() => clickIdOf(page)).toBe(dub.state.clicksRecorded[0].clickId);
  await page.waitForFunction(() => (window as { __ready?: unknown }).__ready);
  expect(
    await page.evaluate(() => (window as { __ready?: { partner: unknown } }).__ready?.partner),
  ).toEqual(PARTNER);
  // After load, the callable form runs at once.
  expect(
    await page.evaluate(
      () =>
        new Promise((resolve) =>
          (window as unknown as { dubAnalytics: (m: string, f: () => void) => void }).dubAnalytics(
            'ready',
            () => resolve('called'),
          ),
        ),
    ),
  ).toBe('called');
});

test('under a strict CSP with Trusted Types, the partner gate and the outbound chunk it loads come through the dub-track policy, pinned, and then the engine too', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Trusted Type/i.test(message.text()))
      violations.push(message.text());
  });
  const policy = `default-src 'none'; script-src 'self'; connect-src ${collector.url}; require-trusted-types-for 'script'; trusted-types dub-track`;
  site.page(
    '/',
    html(
      scriptTag(site, collector, {
        'data-publishable-key': 'dub_pk_tt',
        'data-domains': { outbound: ['docs.shop.test'] },
      }),
      // A link to the outbound domain, the page's only partner work: the gate brings the outbound
      // chunk (no partner chunk), through the core's policy.
      `<a href="http://docs.shop.test:${site.port}/next">docs</a>`,
    ),
    { headers: { 'Content-Security-Policy': policy } },
  );
  await page.addInitScript(instrument);
  await visit(page, `http://www.shop.test:${site.port}/?dub_id=tt_partner_1`);
  // Decorated by the outbound chunk, which came through the policy.
  await page.waitForFunction(() => document.querySelector('a')?.search === '?dub_id=tt_partner_1');
  const partnerScripts = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLScriptElement>('script[src]')]
      .filter((element) => /dub-track\.(gate|partner|outbound)\./.test(element.src))
      .map((element) => ({ src: element.src, integrity: element.integrity })),
  );
  const pinned = (name: string) => ({
    src: expect.stringMatching(new RegExp(`/dist/dub-track\\.${name}\\.[\\da-f]+\\.js$`)),
    integrity: expect.stringMatching(/^sha256-[\w+/]{43}=$/),
  });
  // The gate and the outbound chunk, each once; the partner chunk has no work on this page.
  expect(partnerScripts).toEqual([pinned('gate'), pinned('outbound')]);
  resolved(
    await call(page, 'sale', { customerExternalId: 'cus_tt', amount: 100, invoiceId: 'inv_tt' }),
  );
  expect(violations).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});
