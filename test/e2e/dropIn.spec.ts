// A site that ran Dub's own script (`@dub/analytics`) moves over by swapping the tag: Dub's
// attributes and `window.dubAnalytics` keep working, partner links (`?via=`) are registered with
// Dub's `/track/click`. Dub's API is the stand-in (test/fixtures/dub-standin.mjs). Partner links,
// site visits and `dubAnalytics.trackClick` run in every engine (test/browsers/partner.test.ts);
// this file keeps the lost-answer case, which drops an answer in the browser (Chromium's request
// routing), and one scenario not ported yet (the partner code under Trusted Types). The swapped
// tag runs in every engine (test/browsers/tags.test.ts).
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
import { clickIdOf } from './page.js';

const PARTNER = { id: 'pn_1', name: 'John Doe & Co', image: 'https://img.test/j d.png' };
const DISCOUNT = {
  id: 'disc_1',
  amount: 20,
  type: 'percentage',
  maxDuration: null,
  couponId: null,
  couponTestId: null,
};

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

// The other partner-link and site-visit scenarios run in every engine: test/browsers/partner.test.ts.
test.describe('partner links', () => {
  const REFER = {
    'data-domains': { refer: 'refer.shop.test' },
    'data-publishable-key': 'dub_pk_x',
  };

  test('a registration whose answer is lost on the way is tried again: Dub answers the same click, recorded once [Chromium only: drops an answer in the browser (request routing)]', async ({
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
});

// Outbound domains (links and frames decorated with dub_id), under a strict CSP with Trusted
// Types too, run in every engine: test/browsers/outbound.test.ts.
