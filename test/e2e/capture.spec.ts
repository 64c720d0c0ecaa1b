// Issue 3 / SPEC §3: the click ID a Dub short link appends to the landing URL is kept in a
// first-party cookie shared by the site's subdomains, mirrored in localStorage, followed through
// client-side navigation, and never written when it is not a valid ID.
import type { BrowserContext, Page } from '@playwright/test';
import {
  type Collector,
  expect,
  html,
  type Site,
  scriptTag,
  test,
  waitForTracker,
} from './fixtures.js';
import { clickIdOf, type TestWindow } from './page.js';

const DAY_S = 86_400;

type RouterWindow = TestWindow & { __routerCalls: number };

const mirrorOf = (page: Page) => page.evaluate(() => localStorage.getItem('dub_id'));

/** The click ID the localStorage mirror holds (its value is "<id> <expiresAtMs>"). */
const mirroredId = async (page: Page) => (await mirrorOf(page))?.split(' ')[0];

/** The browser's `dub_id` cookies, wherever they were written. */
const clickCookies = async (context: BrowserContext) =>
  (await context.cookies()).filter((cookie) => cookie.name === 'dub_id');

/** The values of the browser's `dub_id` cookies. */
const clickCookieValues = async (context: BrowserContext) =>
  (await clickCookies(context)).map((cookie) => cookie.value);

/** Serves the tag on every path a test visits. */
const servePages = (
  site: Site,
  collector: Collector,
  attrs: Parameters<typeof scriptTag>[2] = {},
  paths = ['/', '/pricing', '/account', '/app'],
) => {
  for (const path of paths) site.page(path, html(scriptTag(site, collector, attrs)));
};

/** Opens `url` and waits for `window.dubTrack`. */
const visit = async (page: Page, url: string) => {
  await page.goto(url);
  await waitForTracker(page);
};

const nowS = () => Date.now() / 1000;

// A host may be written with a trailing dot (`www.shop.test.`): its cookies are its own, and the
// widest domain that takes one is `shop.test.` (`test.` is refused like any top-level domain).
// Without the dot, the scenario runs in every engine (test/browsers/capture.test.ts).
for (const dot of ['.']) {
  test.describe(`on a site with subdomains (plain http, www.shop.test${dot})`, () => {
    test(`captures the click on www.shop.test${dot} and reads it on app.shop.test${dot}`, async ({
      page,
      context,
      site,
      collector,
      pageErrors,
    }) => {
      servePages(site, collector);
      await visit(page, `http://www.shop.test${dot}:${site.port}/?dub_id=click_www_1`);
      expect(await clickIdOf(page)).toBe('click_www_1');

      const cookies = await clickCookies(context);
      expect(cookies).toHaveLength(1);
      expect(cookies[0]).toMatchObject({
        value: 'click_www_1',
        domain: `.shop.test${dot}`,
        path: '/',
      });
      // Finding the domain by test-writing leaves no other cookie behind.
      expect((await context.cookies()).map((cookie) => cookie.name)).toEqual(['dub_id']);

      await visit(page, `http://app.shop.test${dot}:${site.port}/app`);
      expect(await clickIdOf(page)).toBe('click_www_1');
      expect(await page.evaluate(() => document.cookie)).toBe('dub_id=click_www_1');
      expect(await clickCookies(context)).toHaveLength(1);
      expect(collector.requests).toEqual([]);
      expect(pageErrors.uncaught).toEqual([]);
    });
  });
}

test.describe('on a secure-context origin (http://localhost)', () => {
  test('captures the click on localhost and reads it on the next page', async ({
    page,
    context,
    site,
    collector,
    pageErrors,
  }) => {
    servePages(site, collector);
    const origin = `http://localhost:${site.port}`;
    await visit(page, `${origin}/?dub_id=click_local_1`);
    expect(await page.evaluate(() => isSecureContext)).toBe(true);
    expect(await clickIdOf(page)).toBe('click_local_1');

    await visit(page, `${origin}/account`);
    expect(await clickIdOf(page)).toBe('click_local_1');
    const cookies = await clickCookies(context);
    expect(cookies).toHaveLength(1);
    // Host-only: no Domain attribute on localhost; Secure only on https.
    expect(cookies[0]).toMatchObject({
      value: 'click_local_1',
      domain: 'localhost',
      path: '/',
      sameSite: 'Lax',
      secure: false,
    });
    expect(pageErrors.uncaught).toEqual([]);
  });
});

test.describe('cookie attributes', () => {
  test('data-cookie-options expiresInDays 30 keeps the click 30 days', async ({
    page,
    context,
    site,
    collector,
    pageErrors,
  }) => {
    servePages(site, collector, { 'data-cookie-options': '{"expiresInDays":30}' });
    const before = nowS();
    await visit(page, `${site.url('www.shop.test')}/?dub_id=thirty_days`);

    const [cookie] = await clickCookies(context);
    expect(cookie).toMatchObject({ value: 'thirty_days', domain: '.shop.test', path: '/' });
    expect(Math.abs(cookie.expires - (before + 30 * DAY_S))).toBeLessThan(60);
    const expiresAtMs = Number(((await mirrorOf(page)) ?? '').split(' ')[1]);
    expect(Math.abs(expiresAtMs / 1000 - (before + 30 * DAY_S))).toBeLessThan(60);
    expect(pageErrors.uncaught).toEqual([]);
  });

  test('data-cookie-options domain overrides the probed domain', async ({
    page,
    context,
    site,
    collector,
    pageErrors,
  }) => {
    servePages(site, collector, { 'data-cookie-options': '{"domain":"www.shop.test"}' });
    await visit(page, `${site.url('www.shop.test')}/?dub_id=only_www`);

    const cookies = await clickCookies(context);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ value: 'only_www', domain: '.www.shop.test', path: '/' });

    // So app.shop.test does not see it (and has no mirror of its own: another origin).
    await visit(page, `${site.url('app.shop.test')}/app`);
    expect(await clickIdOf(page)).toBeNull();
    expect(pageErrors.uncaught).toEqual([]);
  });

  for (const host of ['localhost', '127.0.0.1']) {
    test(`on ${host} the cookie is host-only (no Domain attribute)`, async ({
      page,
      context,
      site,
      collector,
      pageErrors,
    }) => {
      servePages(site, collector);
      await visit(page, `http://${host}:${site.port}/?dub_id=host_only`);

      const all = await context.cookies();
      expect(all.map((cookie) => cookie.name)).toEqual(['dub_id']);
      expect(all[0]).toMatchObject({
        value: 'host_only',
        domain: host,
        path: '/',
        sameSite: 'Lax',
        secure: false,
      });
      expect(await clickIdOf(page)).toBe('host_only');
      expect(pageErrors.uncaught).toEqual([]);
    });
  }
});

test.describe('reading and writing the ID', () => {
  test('an ID with dashes and underscores is written and read back unchanged', async ({
    page,
    context,
    site,
    collector,
    pageErrors,
  }) => {
    servePages(site, collector);
    await visit(page, `${site.url('www.shop.test')}/?dub_id=a-b_C9`);
    expect(await clickIdOf(page)).toBe('a-b_C9');
    expect(await page.evaluate(() => document.cookie)).toBe('dub_id=a-b_C9');
    expect((await clickCookies(context))[0].value).toBe('a-b_C9');

    await visit(page, `${site.url('www.shop.test')}/account`);
    expect(await clickIdOf(page)).toBe('a-b_C9');
    expect(pageErrors.uncaught).toEqual([]);
  });

  test("picks up the dub_id cookie set by Dub's own script [Chromium only: plants a cookie for another domain]", async ({
    page,
    context,
    site,
    collector,
    pageErrors,
  }) => {
    servePages(site, collector);
    // What Dub's script writes: hostname without www., unencoded, Path=/, Lax, 90 days.
    const expires = Math.round(nowS() + 90 * DAY_S);
    await context.addCookies([
      {
        name: 'dub_id',
        value: 'from_dub_script',
        domain: '.shop.test',
        path: '/',
        sameSite: 'Lax',
        expires,
      },
    ]);
    await visit(page, `${site.url('app.shop.test')}/app`);

    expect(await clickIdOf(page)).toBe('from_dub_script');
    // Not written a second time under another domain.
    const cookies = await clickCookies(context);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ value: 'from_dub_script', domain: '.shop.test' });
    expect(await mirroredId(page)).toBe('from_dub_script');
    expect(pageErrors.uncaught).toEqual([]);
  });

  test("a new click replaces the older cookie Dub's script left on a subdomain [Chromium only: plants a cookie for another domain]", async ({
    page,
    context,
    site,
    collector,
    pageErrors,
  }) => {
    servePages(site, collector);
    // Dub's script on eu.shop.test (no www. to strip) wrote its cookie for eu.shop.test only.
    await context.addCookies([
      {
        name: 'dub_id',
        value: 'older_click',
        domain: '.eu.shop.test',
        path: '/',
        sameSite: 'Lax',
        expires: Math.round(nowS() + 90 * DAY_S),
      },
    ]);
    await visit(page, `${site.url('eu.shop.test')}/?dub_id=newer_click`);
    expect(await clickIdOf(page)).toBe('newer_click');

    // The next page must not fall back to the older click the narrower cookie still holds.
    await visit(page, `${site.url('eu.shop.test')}/account`);
    expect(await clickIdOf(page)).toBe('newer_click');
    expect(await page.evaluate(() => document.cookie)).toBe('dub_id=newer_click');
    const cookies = await clickCookies(context);
    expect(cookies.map(({ domain, value }) => ({ domain, value }))).toEqual([
      { domain: '.shop.test', value: 'newer_click' },
    ]);
    expect(await mirroredId(page)).toBe('newer_click');
    expect(pageErrors.uncaught).toEqual([]);
  });
});

// The attribution model, invalid IDs and malformed options run in every engine:
// test/browsers/clickIds.test.ts.

test.describe('localStorage mirror', () => {
  test('restores a cleared cookie with the same ID and its original expiry [Chromium only: moves the clock]', async ({
    page,
    context,
    site,
    collector,
    pageErrors,
  }) => {
    servePages(site, collector);
    await visit(page, `${site.url('www.shop.test')}/?dub_id=mirrored_1`);
    const [original] = await clickCookies(context);

    // Ten days later the browser has dropped the script-written cookie (Safari's cap).
    await context.clearCookies();
    await page.clock.setFixedTime(Date.now() + 10 * DAY_S * 1000);
    await visit(page, `${site.url('www.shop.test')}/account`);

    expect(await clickIdOf(page)).toBe('mirrored_1');
    const restored = await clickCookies(context);
    expect(restored).toHaveLength(1);
    expect(restored[0]).toMatchObject({ value: 'mirrored_1', domain: '.shop.test', path: '/' });
    // The cookie's clock is the browser's real one: what is left is 80 days, not a fresh 90.
    expect(restored[0].expires).toBeLessThanOrEqual(original.expires);
    expect(Math.abs(restored[0].expires - (original.expires - 10 * DAY_S))).toBeLessThan(60);
    expect(pageErrors.uncaught).toEqual([]);
  });

  test('an expired mirror restores nothing [Chromium only: moves the clock]', async ({
    page,
    context,
    site,
    collector,
    pageErrors,
  }) => {
    servePages(site, collector);
    await visit(page, `${site.url('www.shop.test')}/?dub_id=mirrored_old`);
    await context.clearCookies();
    await page.clock.setFixedTime(Date.now() + 91 * DAY_S * 1000);
    await visit(page, `${site.url('www.shop.test')}/account`);

    expect(await clickIdOf(page)).toBeNull();
    expect(await clickCookies(context)).toEqual([]);
    expect(pageErrors.uncaught).toEqual([]);
  });

  for (const { name, attrs, kept } of [
    {
      name: 'the mirror honours first-click after the cookie is gone',
      attrs: { 'data-attribution-model': 'first-click' },
      kept: 'first_link',
    },
    {
      name: 'under last-click a new link replaces the mirror after the cookie is gone',
      attrs: {},
      kept: 'second_link',
    },
  ]) {
    test(name, async ({ page, context, site, collector, pageErrors }) => {
      servePages(site, collector, attrs);
      await visit(page, `${site.url('www.shop.test')}/?dub_id=first_link`);
      await context.clearCookies();
      await visit(page, `${site.url('www.shop.test')}/pricing?dub_id=second_link`);

      expect(await clickIdOf(page)).toBe(kept);
      expect(await clickCookieValues(context)).toEqual([kept]);
      expect(await mirroredId(page)).toBe(kept);
      expect(pageErrors.uncaught).toEqual([]);
    });
  }
});

test.describe('single-page apps', () => {
  test('captures a dub_id that comes back through popstate (the back button)', async ({
    page,
    context,
    site,
    collector,
    pageErrors,
  }) => {
    servePages(site, collector);
    await visit(page, `${site.url('www.shop.test')}/app?dub_id=landing_link`);
    await page.evaluate(() => history.pushState({}, '', '/app/next?dub_id=newer_link'));
    expect(await clickIdOf(page)).toBe('newer_link');

    // Back to the landing URL: under last-click its ID is the latest click again.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          addEventListener('popstate', () => setTimeout(resolve), { once: true });
          history.back();
        }),
    );
    expect(await page.evaluate(() => location.search)).toBe('?dub_id=landing_link');
    expect(await clickIdOf(page)).toBe('landing_link');
    expect(await clickCookieValues(context)).toEqual(['landing_link']);
    expect(pageErrors.uncaught).toEqual([]);
  });

  test("keeps the site's router working: its own pushState wrapper is still called", async ({
    page,
    site,
    collector,
    pageErrors,
  }) => {
    // The router wraps pushState before the tracker loads (e.g. an analytics or router library).
    await page.addInitScript(() => {
      const w = window as unknown as RouterWindow;
      w.__routerCalls = 0;
      const original = history.pushState;
      history.pushState = function (this: History, ...args: Parameters<History['pushState']>) {
        w.__routerCalls += 1;
        return original.apply(this, args);
      };
    });
    servePages(site, collector);
    await visit(page, `${site.url('www.shop.test')}/app`);

    const first = await page.evaluate(() => {
      const w = window as unknown as RouterWindow;
      const result = history.pushState({ route: 'a' }, '', '/app/a?dub_id=router_1');
      return {
        result: typeof result,
        state: history.state,
        calls: w.__routerCalls,
        clickId: w.dubTrack.getClickId(),
      };
    });
    expect(first).toEqual({
      result: 'undefined',
      state: { route: 'a' },
      calls: 1,
      clickId: 'router_1',
    });

    // A wrapper added after the tracker (a router that loads later) keeps both working too.
    const second = await page.evaluate(() => {
      const w = window as unknown as RouterWindow;
      let lateCalls = 0;
      const current = history.pushState;
      history.pushState = function (this: History, ...args: Parameters<History['pushState']>) {
        lateCalls += 1;
        return current.apply(this, args);
      };
      const result = history.pushState({ route: 'b' }, '', '/app/b?dub_id=router_2');
      return {
        result: typeof result,
        state: history.state,
        calls: w.__routerCalls,
        lateCalls,
        clickId: w.dubTrack.getClickId(),
        path: location.pathname,
      };
    });
    expect(second).toEqual({
      result: 'undefined',
      state: { route: 'b' },
      calls: 2,
      lateCalls: 1,
      clickId: 'router_2',
      path: '/app/b',
    });
    expect(pageErrors.uncaught).toEqual([]);
  });
});

/** What a page wrote, recorded by `countWrites` from before any script of the page ran. */
interface Writes {
  cookie: string[];
  storage: string[];
}
type WritesWindow = TestWindow & { __writes: Writes };

/** Records every `document.cookie` assignment and every `localStorage.setItem` of each page. */
const countWrites = (context: BrowserContext) =>
  context.addInitScript(() => {
    const writes: Writes = { cookie: [], storage: [] };
    (window as unknown as WritesWindow).__writes = writes;
    const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      get() {
        return cookie?.get?.call(this);
      },
      set(value: string) {
        writes.cookie.push(value);
        cookie?.set?.call(this, value);
      },
    });
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
      writes.storage.push(key);
      return setItem.call(this, key, value);
    };
  });

const writesOf = (page: Page) => page.evaluate(() => (window as unknown as WritesWindow).__writes);

/** The `domain=` each recorded cookie write named (`''`: host-only), and whether it deleted. */
const cookieWrites = async (page: Page) =>
  (await writesOf(page)).cookie.map((written) => ({
    domain: /;domain=([^;]*)/.exec(written)?.[1] ?? '',
    deletes: written.includes(';max-age=0;'),
  }));

test.describe('a light landing page', () => {
  test('a new click costs one cookie write; the same click again, or none, costs nothing', async ({
    page,
    context,
    site,
    collector,
    pageErrors,
  }) => {
    await countWrites(context);
    servePages(site, collector);
    await visit(page, `${site.url('www.shop.test')}/?dub_id=light_1`);
    expect(await clickIdOf(page)).toBe('light_1');
    expect(await cookieWrites(page)).toEqual([{ domain: 'shop.test', deletes: false }]);
    expect((await writesOf(page)).storage).toEqual(['dub_id']);
    expect(await clickCookieValues(context)).toEqual(['light_1']);

    // The same link opened again, then a page without one: nothing to write.
    await visit(page, `${site.url('www.shop.test')}/pricing?dub_id=light_1`);
    expect(await clickIdOf(page)).toBe('light_1');
    expect(await writesOf(page)).toEqual({ cookie: [], storage: [] });
    await visit(page, `${site.url('www.shop.test')}/account`);
    expect(await clickIdOf(page)).toBe('light_1');
    expect(await writesOf(page)).toEqual({ cookie: [], storage: [] });

    // A newer click: one write, on the domain the first page found, replacing the older one.
    await visit(page, `${site.url('www.shop.test')}/?dub_id=light_2`);
    expect(await cookieWrites(page)).toEqual([{ domain: 'shop.test', deletes: false }]);
    expect(await clickCookieValues(context)).toEqual(['light_2']);
    expect(pageErrors.uncaught).toEqual([]);
  });

  test('where the shortest parent is refused, the next page reuses the domain the first found', async ({
    page,
    context,
    site,
    collector,
    pageErrors,
  }) => {
    await countWrites(context);
    servePages(site, collector);
    // `test.` is refused like a public suffix: finding `shop.test.` takes two writes, once.
    await visit(page, `http://www.shop.test.:${site.port}/?dub_id=dot_1`);
    expect(await cookieWrites(page)).toEqual([
      { domain: 'test.', deletes: false },
      { domain: 'shop.test.', deletes: false },
    ]);
    expect(await mirrorOf(page)).toMatch(/^dot_1 \d+ shop\.test\.$/);

    await visit(page, `http://www.shop.test.:${site.port}/?dub_id=dot_2`);
    expect(await clickIdOf(page)).toBe('dot_2');
    expect(await cookieWrites(page)).toEqual([{ domain: 'shop.test.', deletes: false }]);
    const cookies = await clickCookies(context);
    expect(cookies.map(({ domain, value }) => ({ domain, value }))).toEqual([
      { domain: '.shop.test.', value: 'dot_2' },
    ]);
    expect(pageErrors.uncaught).toEqual([]);
  });

  test("a new click over Dub's per-host cookie costs two writes: ours, and expiring Dub's", async ({
    page,
    context,
    site,
    collector,
    pageErrors,
  }) => {
    await countWrites(context);
    servePages(site, collector);
    await context.addCookies([
      {
        name: 'dub_id',
        value: 'dub_older',
        domain: '.eu.shop.test',
        path: '/',
        sameSite: 'Lax',
        expires: Math.round(nowS() + 90 * DAY_S),
      },
    ]);
    await visit(page, `${site.url('eu.shop.test')}/?dub_id=light_eu`);
    expect(await clickIdOf(page)).toBe('light_eu');
    expect(await cookieWrites(page)).toEqual([
      { domain: 'shop.test', deletes: false },
      { domain: 'eu.shop.test', deletes: true },
    ]);
    expect(await page.evaluate(() => document.cookie)).toBe('dub_id=light_eu');
    expect(pageErrors.uncaught).toEqual([]);
  });

  test('an SPA: history is left as the browser made it, and a pushed dub_id is still captured', async ({
    page,
    context,
    site,
    collector,
    pageErrors,
  }) => {
    await countWrites(context);
    servePages(site, collector);
    await visit(page, `${site.url('www.shop.test')}/app`);
    expect(await writesOf(page)).toEqual({ cookie: [], storage: [] });
    // Chromium has the Navigation API: nothing of `history` is wrapped.
    expect(
      await page.evaluate(() =>
        [history.pushState, history.replaceState].map((method) => String(method)),
      ),
    ).toEqual([
      'function pushState() { [native code] }',
      'function replaceState() { [native code] }',
    ]);

    await page.evaluate(() => history.pushState({}, '', '/app/plans?dub_id=spa_light'));
    expect(await clickIdOf(page)).toBe('spa_light');
    expect(await cookieWrites(page)).toEqual([{ domain: 'shop.test', deletes: false }]);
    expect(await clickCookieValues(context)).toEqual(['spa_light']);

    // Another route of the same app: nothing changed, nothing written.
    await page.evaluate(() => history.pushState({}, '', '/app/checkout'));
    expect(await clickIdOf(page)).toBe('spa_light');
    expect((await writesOf(page)).cookie).toHaveLength(1);
    expect(pageErrors.uncaught).toEqual([]);
  });
});
