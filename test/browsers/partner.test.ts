// Partner links (`?via=`) and site visits, in every engine: registered with Dub's `/track/click`
// and `/track/visit`, their click kept in the cookie, Dub's partner data in `dub_partner_data` and
// `window.DubAnalytics`. Checked by what a site sees (requests, cookies, window values), never by
// how the partner code is split or loaded. Dub's API is the stand-in
// (test/fixtures/dub-standin.mjs) where its answers matter, the permissive collector where a test
// only looks at what was sent. Ported from test/e2e/dropIn.spec.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { type StartedDubStandin, startDubStandin } from '../fixtures/dub-standin.mjs';
import type { Collector, CollectorRecord, ScriptAttrs } from '../fixtures/site.js';
import { scriptTag } from '../fixtures/site.js';
import {
  ABLE,
  call,
  clickIdOf,
  consent,
  HOST,
  resolved,
  servePage,
  settleDown,
  setUpWorld,
  uncaught,
  visit,
} from './harness.js';

const world = setUpWorld();

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

const postsTo = (api: Api, path: string) => api.tracked().filter((record) => record.path === path);

/** Waits until the collector (or stand-in) has had `count` POSTs to `path`. */
const waitForPosts = async (api: Api, path: string, count = 1) => {
  await expect.poll(() => postsTo(api, path).length).toBe(count);
  return postsTo(api, path);
};

/** Serves a page with the tag at each path. */
const serve = (attrs: ScriptAttrs, paths: string[]) => {
  for (const path of paths) servePage(world, path, { attrs });
};

const url = (path: string, host = HOST) => `${world.site.url(host)}${path}`;

/** `window.DubAnalytics`, as Dub's script defines it. */
const dubAnalytics = () =>
  world.page.evaluate(() => (window as { DubAnalytics?: unknown }).DubAnalytics ?? null);

/**
 * Lets the page go idle, then a second longer: before an absence is asserted (whatever code the
 * page loads for a partner link has had its turn; which code that is, is not this test's business).
 */
const partnerCodeRan = () => settleDown(world.page, 1_000);

/** Dub's API with one partner link, `refer.shop.test/john`; stopped after each test that starts it. */
let standin: StartedDubStandin | undefined;
const startStandin = async (withLinks = true) => {
  standin = await startDubStandin(
    withLinks
      ? {
          links: [{ domain: 'refer.shop.test', key: 'john', partner: PARTNER, discount: DISCOUNT }],
        }
      : undefined,
  );
  return standin;
};
afterEach(async () => {
  await standin?.close();
  standin = undefined;
});

describe('partner links', () => {
  const REFER = {
    'data-domains': { refer: 'refer.shop.test' },
    'data-publishable-key': 'dub_pk_x',
  };

  it('?via=john registers one click with Dub, keeps its click ID and partner data, and a later lead sends it', async () => {
    const { page } = world;
    const dub = await startStandin();
    serve(
      {
        ...REFER,
        'data-api-host': dub.url,
        'data-publishable-key': 'dub_pk_standin',
        // Dub's CORS allows no other header.
        'data-idempotency-header': 'false',
      },
      ['/', '/signup'],
    );
    const landing = url('/?via=john');
    await visit(page, landing);

    const [click] = await waitForPosts(dub, '/track/click');
    expect(click?.json).toStrictEqual({
      domain: 'refer.shop.test',
      key: 'john',
      url: landing,
      referrer: '',
    });
    // No key: Dub's /track/click takes none.
    expect(click?.headers.authorization).toBeUndefined();
    expect(dub.state.clicksRecorded).toHaveLength(1);
    const clickId = dub.state.clicksRecorded[0]?.clickId as string;
    await expect.poll(() => clickIdOf(page)).toBe(clickId);

    const cookies = Object.fromEntries(
      (await page.cookies()).map((cookie) => [cookie.name, cookie]),
    );
    // Shared by the site's subdomains where the engine maps them; host-only on 127.0.0.1.
    expect(cookies.dub_id).toMatchObject({
      value: clickId,
      domain: ABLE.hostMapping ? '.shop.test' : HOST,
    });
    // Dub's format: the answer as JSON, the partner's name and image URI-encoded.
    expect(JSON.parse(cookies.dub_partner_data?.value ?? '')).toStrictEqual({
      clickId,
      partner: {
        ...PARTNER,
        name: encodeURIComponent(PARTNER.name),
        image: encodeURIComponent(PARTNER.image),
      },
      discount: DISCOUNT,
    });
    expect(await dubAnalytics()).toEqual({ partner: PARTNER, discount: DISCOUNT });

    // Once per visit: a reload of the partner link registers nothing more.
    await visit(page, landing);
    await expect.poll(dubAnalytics).toEqual({ partner: PARTNER, discount: DISCOUNT });
    await settleDown(page);
    expect(postsTo(dub, '/track/click')).toHaveLength(1);

    // A later page of the site (another subdomain where the engine maps them) shows the partner
    // data and attributes the lead to that click.
    await visit(page, url('/signup', ABLE.hostMapping ? 'app.shop.test' : HOST));
    await expect.poll(dubAnalytics).toEqual({ partner: PARTNER, discount: DISCOUNT });
    const result = resolved(
      await call(page, 'lead', { eventName: 'Sign up', customerExternalId: 'cus_1' }),
    );
    expect(result.data).toMatchObject({ click: { id: clickId } });
    const [lead] = await waitForPosts(dub, '/track/lead/client');
    expect(lead?.json).toMatchObject({ clickId, customerExternalId: 'cus_1' });
    expect(dub.state.leads).toMatchObject([{ clickId, customerExternalId: 'cus_1' }]);
    expect(postsTo(dub, '/track/click')).toHaveLength(1);
    expect(await uncaught(page)).toEqual([]);
  });

  it('a registration Dub answers with a 503 is tried again: the third attempt keeps its click ID; an unknown link is asked once', async () => {
    const { page } = world;
    const dub = await startStandin();
    dub.failNext(2, { status: 503, body: { error: { code: 'internal_server_error' } } });
    serve({ ...REFER, 'data-api-host': dub.url }, ['/']);
    await visit(page, url('/?via=john'));
    await waitForPosts(dub, '/track/click', 3);
    expect(dub.state.clicksRecorded).toHaveLength(1);
    await expect.poll(() => clickIdOf(page)).toBe(dub.state.clicksRecorded[0]?.clickId);

    // Dub's 404 for a link it does not know would be the same on every attempt; the click stays.
    const clickId = await clickIdOf(page);
    await visit(page, url('/?via=nobody'));
    await waitForPosts(dub, '/track/click', 4);
    await settleDown(page, 1_500);
    expect(postsTo(dub, '/track/click')).toHaveLength(4);
    expect(await clickIdOf(page)).toBe(clickId);
    expect(await uncaught(page)).toEqual([]);
  });

  it('a dub_id in the landing URL wins: no click is registered for its ?via=', async () => {
    const { page, collector } = world;
    answerLikeDub(collector);
    serve(REFER, ['/']);
    await visit(page, url('/?via=john&dub_id=server_click_1'));
    await partnerCodeRan();
    expect(postsTo(collector, '/track/click')).toEqual([]);
    expect(await clickIdOf(page)).toBe('server_click_1');
  });

  it('older names: data-short-domain and data-query-param register ?ref=jane', async () => {
    const { page, collector } = world;
    answerLikeDub(collector);
    serve({ 'data-short-domain': 'go.shop.test', 'data-query-param': 'ref' }, ['/']);
    await visit(page, url('/?ref=jane'));
    const [click] = await waitForPosts(collector, '/track/click');
    expect(click?.json).toMatchObject({ domain: 'go.shop.test', key: 'jane' });
  });

  it('first-click keeps the stored click: no registration', async () => {
    const { page, collector } = world;
    answerLikeDub(collector);
    serve({ ...REFER, 'data-attribution-model': 'first-click' }, ['/']);
    await visit(page, url('/?dub_id=first_click_1'));
    await visit(page, url('/?via=john'));
    await partnerCodeRan();
    expect(postsTo(collector, '/track/click')).toEqual([]);
    expect(await clickIdOf(page)).toBe('first_click_1');
  });

  it('with consent pending nothing is registered until consent is given', async () => {
    const { page, collector } = world;
    answerLikeDub(collector);
    serve({ ...REFER, 'data-consent': 'pending' }, ['/']);
    await visit(page, url('/?via=john'));
    await settleDown(page, 500);
    expect(postsTo(collector, '/track/click')).toEqual([]);
    await consent(page, true);
    await waitForPosts(collector, '/track/click');
    await expect.poll(() => clickIdOf(page)).toBe('partner_click_1');
    expect((await page.cookies()).map((cookie) => cookie.name).sort()).toEqual([
      'dub_id',
      'dub_partner_data',
    ]);
  });
});

describe('site visits and Dub’s own calls', () => {
  it('site visits: a visit without a click registers one with /track/visit', async () => {
    const { page } = world;
    // Every domain resolves, as a site-visit domain does on Dub.
    const dub = await startStandin(false);
    serve({ 'data-domains': { site: 'site.shop.test' }, 'data-api-host': dub.url }, [
      '/',
      '/about',
    ]);
    const landing = url('/');
    await visit(page, landing);
    const [visitPost] = await waitForPosts(dub, '/track/visit');
    expect(visitPost?.json).toStrictEqual({ domain: 'site.shop.test', url: landing, referrer: '' });
    expect(dub.state.clicksRecorded).toMatchObject([
      { domain: 'site.shop.test', trigger: 'pageview' },
    ]);
    await expect.poll(() => clickIdOf(page)).toBe(dub.state.clicksRecorded[0]?.clickId);
    // The visit has its click now: the next page registers nothing.
    await visit(page, `${landing}about`);
    await settleDown(page, 500);
    expect(postsTo(dub, '/track/visit')).toHaveLength(1);
  });

  it("dubAnalytics.trackClick registers a partner link and 'ready' callbacks see its partner data", async () => {
    const { page, site, collector } = world;
    const dub = await startStandin();
    // Dub's stub with calls made before the script arrives: a click, and a ready callback.
    const stub = `<script>
    window.dubAnalytics = window.dubAnalytics || function () { (dubAnalytics.q = dubAnalytics.q || []).push(arguments); };
    dubAnalytics('trackClick', { domain: 'refer.shop.test', key: 'john' });
    dubAnalytics('ready', function () { window.__ready = window.DubAnalytics; });
  </script>`;
    servePage(world, '/', {
      noTag: true,
      body:
        stub +
        scriptTag(site, collector, {
          'data-api-host': dub.url,
          'data-publishable-key': 'dub_pk_standin',
        }),
    });
    await visit(page, url('/'));
    const [click] = await waitForPosts(dub, '/track/click');
    expect(click?.json).toMatchObject({ domain: 'refer.shop.test', key: 'john' });
    await expect.poll(() => clickIdOf(page)).toBe(dub.state.clicksRecorded[0]?.clickId);
    await expect
      .poll(() =>
        page.evaluate(
          () => (window as { __ready?: { partner: unknown } }).__ready?.partner ?? null,
        ),
      )
      .toEqual(PARTNER);
    // After load, the callable form runs at once.
    expect(
      await page.evaluate(
        () =>
          new Promise((resolve) =>
            (
              window as unknown as { dubAnalytics: (m: string, f: () => void) => void }
            ).dubAnalytics('ready', () => resolve('called')),
          ),
      ),
    ).toBe('called');
  });
});
