// Click capture in every engine: the landing URL's dub_id goes into a first-party cookie and
// its localStorage mirror, is shared by subdomains (where the engine maps fake hosts), survives a
// cleared cookie, and follows client-side navigation.
import { describe, expect, it } from 'vitest';
import {
  ABLE,
  clickIdOf,
  ENGINE,
  HOST,
  note,
  servePage,
  setUpWorld,
  uncaught,
  until,
  visit,
} from './harness.js';

const world = setUpWorld();
const DAY_S = 86_400;

const servePages = (paths = ['/', '/account', '/app']) => {
  for (const path of paths) servePage(world, path);
};
const clickCookies = async () =>
  (await world.page.cookies()).filter((cookie) => cookie.name === 'dub_id');
const mirror = () => world.page.evaluate(() => localStorage.getItem('dub_id'));

describe(`[${ENGINE}] capture`, () => {
  it('captures the click into a cookie (Path=/, SameSite=Lax, 90 days, not Secure on http) and the mirror, and reads it on the next page', async () => {
    const { page, site, collector } = world;
    servePages();
    const before = Date.now() / 1000;
    await visit(page, `${site.url(HOST)}/?dub_id=click_1`);
    expect(await clickIdOf(page)).toBe('click_1');
    expect(await page.evaluate(() => document.cookie)).toBe('dub_id=click_1');

    const [cookie, ...others] = await clickCookies();
    expect(others).toEqual([]);
    expect(cookie).toMatchObject({
      value: 'click_1',
      path: '/',
      sameSite: 'Lax',
      secure: false,
      httpOnly: false,
    });
    // 90 days, give or take a minute (WebKitGTK does not cap script cookies as Safari does).
    expect(Math.abs((cookie.expires ?? 0) - (before + 90 * DAY_S))).toBeLessThan(60);
    // The mirror holds the same expiry.
    expect(await mirror()).toMatch(/^click_1 \d+( \S*)?$/);
    const expiresAtMs = Number((await mirror())?.split(' ')[1]);
    expect(Math.abs(expiresAtMs / 1000 - (cookie.expires ?? 0))).toBeLessThan(2);

    await visit(page, `${site.url(HOST)}/account`);
    expect(await clickIdOf(page)).toBe('click_1');
    expect(collector.requests).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  if (ABLE.hostMapping) {
    it('captures the click on www.shop.test and reads it on app.shop.test (Domain cookie)', async () => {
      const { page, site } = world;
      servePages();
      await visit(page, `${site.url('www.shop.test')}/?dub_id=click_www`);
      const cookies = await clickCookies();
      expect(cookies).toEqual([
        expect.objectContaining({ value: 'click_www', domain: '.shop.test', path: '/' }),
      ]);
      // Probing for the widest domain leaves no other cookie behind.
      expect((await page.cookies()).map((cookie) => cookie.name)).toEqual(['dub_id']);

      await visit(page, `${site.url('app.shop.test')}/app`);
      expect(await clickIdOf(page)).toBe('click_www');
      expect(await page.evaluate(() => document.cookie)).toBe('dub_id=click_www');
      expect(await clickCookies()).toHaveLength(1);
      expect(world.collector.requests).toEqual([]);
      expect(await uncaught(page)).toEqual([]);
    });
  }

  it('restores a cleared cookie from the localStorage mirror', async () => {
    const { page, site, session } = world;
    servePages();
    await visit(page, `${site.url(HOST)}/?dub_id=mirrored_1`);
    // WebKit hands a script's cookie to its network process asynchronously: wait until the
    // browser holds it, or the clearing below could run before the write lands.
    await until(async () => (await clickCookies()).length === 1, 'the cookie is written');
    await session.clearCookies();
    // And its deletion as asynchronously: under load, WebKit still listed the cookie right after.
    await expect.poll(clickCookies).toEqual([]);

    await visit(page, `${site.url(HOST)}/account`);
    expect(await clickIdOf(page)).toBe('mirrored_1');
    expect((await clickCookies()).map((cookie) => cookie.value)).toEqual(['mirrored_1']);
    expect(await uncaught(page)).toEqual([]);
  });

  it('captures a dub_id that arrives through pushState and replaceState (SPA)', async () => {
    const { page, site } = world;
    servePages();
    await visit(page, `${site.url(HOST)}/app`);
    expect(await clickIdOf(page)).toBeNull();
    expect(await clickCookies()).toEqual([]);

    const pushed = await page.evaluate(() => {
      const before = history.length;
      const result = history.pushState({ page: 2 }, '', '/next?dub_id=spa123');
      return {
        result: typeof result,
        state: history.state,
        path: location.pathname,
        added: history.length - before,
      };
    });
    expect(pushed).toEqual({ result: 'undefined', state: { page: 2 }, path: '/next', added: 1 });
    expect(await clickIdOf(page)).toBe('spa123');
    await until(
      async () => (await clickCookies()).map((cookie) => cookie.value).join() === 'spa123',
      'the cookie holds spa123',
    );

    const replaced = await page.evaluate(() => {
      const before = history.length;
      const result = history.replaceState({ page: 3 }, '', '/next?dub_id=spa456');
      return { result: typeof result, state: history.state, added: history.length - before };
    });
    expect(replaced).toEqual({ result: 'undefined', state: { page: 3 }, added: 0 });
    expect(await clickIdOf(page)).toBe('spa456');
    expect((await clickCookies()).map((cookie) => cookie.value)).toEqual(['spa456']);
    expect((await mirror())?.split(' ')[0]).toBe('spa456');
    expect(await uncaught(page)).toEqual([]);
  });
});

describe(`[${ENGINE}] cookie options`, () => {
  const PARTNER_ANSWER = {
    clickId: 'click_partner',
    partner: { id: 'pn_1', name: 'John', image: null },
    discount: null,
  };
  /** A partner link's landing: Dub's answer gives the click, written to both cookies. */
  const land = async (sameSite: unknown) => {
    const { page, site, collector } = world;
    collector.respond((record) =>
      record.path === '/track/click' ? { status: 200, body: PARTNER_ANSWER } : undefined,
    );
    servePage(world, '/', {
      attrs: {
        'data-domains-config': { refer: 'refer.shop.test' },
        'data-cookie-options': { sameSite },
      },
    });
    await visit(page, `${site.url('127.0.0.1')}/?via=john`);
    await until(
      async () => (await page.cookies()).some((cookie) => cookie.name === 'dub_partner_data'),
      'dub_partner_data written',
    );
    return Object.fromEntries((await page.cookies()).map((cookie) => [cookie.name, cookie]));
  };

  it('sameSite: true writes both cookies SameSite=Strict', async () => {
    const cookies = await land(true);
    expect(cookies.dub_id).toMatchObject({ value: 'click_partner', sameSite: 'Strict' });
    expect(cookies.dub_partner_data.sameSite).toBe('Strict');
  });

  if (ABLE.secureCookiesOnLoopback) {
    it("sameSite: 'none' (any case) writes both cookies Secure", async () => {
      const cookies = await land('none');
      expect(cookies.dub_id).toMatchObject({ value: 'click_partner', secure: true });
      expect(cookies.dub_id.sameSite).toMatch(/^none$/i);
      expect(cookies.dub_partner_data).toMatchObject({ secure: true });
    });
  }
});

describe(`[${ENGINE}] capture on other hosts`, () => {
  it('captures the click on localhost and reads it on the next page', async () => {
    const { page, site, collector } = world;
    servePages();
    const origin = site.url('localhost');
    await visit(page, `${origin}/?dub_id=click_local_1`);
    expect(await page.evaluate(() => isSecureContext)).toBe(true);
    expect(await clickIdOf(page)).toBe('click_local_1');

    await visit(page, `${origin}/account`);
    expect(await clickIdOf(page)).toBe('click_local_1');
    const cookies = await clickCookies();
    expect(cookies).toHaveLength(1);
    // Host-only: no Domain attribute on localhost; Secure only on https.
    expect(cookies[0]).toMatchObject({
      value: 'click_local_1',
      domain: 'localhost',
      path: '/',
      sameSite: 'Lax',
      secure: false,
    });
    expect(collector.requests).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  for (const host of ['localhost', '127.0.0.1']) {
    it(`on ${host} the cookie is host-only (no Domain attribute)`, async () => {
      const { page, site } = world;
      servePages();
      await visit(page, `${site.url(host)}/?dub_id=host_only`);
      await until(async () => (await clickCookies()).length === 1, 'the cookie is written');

      const all = await page.cookies();
      expect(all.map((cookie) => cookie.name)).toEqual(['dub_id']);
      expect(all[0]).toMatchObject({
        value: 'host_only',
        domain: host,
        path: '/',
        sameSite: 'Lax',
        secure: false,
      });
      expect(await clickIdOf(page)).toBe('host_only');
      expect(await uncaught(page)).toEqual([]);
    });
  }

  it('an ID with dashes and underscores is written and read back unchanged', async () => {
    const { page, site } = world;
    servePages();
    await visit(page, `${site.url(HOST)}/?dub_id=a-b_C9`);
    expect(await clickIdOf(page)).toBe('a-b_C9');
    expect(await page.evaluate(() => document.cookie)).toBe('dub_id=a-b_C9');
    await until(async () => (await clickCookies()).length === 1, 'the cookie is written');
    expect((await clickCookies())[0].value).toBe('a-b_C9');

    await visit(page, `${site.url(HOST)}/account`);
    expect(await clickIdOf(page)).toBe('a-b_C9');
    expect(await uncaught(page)).toEqual([]);
  });
});

describe(`[${ENGINE}] cookie attributes`, () => {
  it('data-cookie-options expiresInDays 30 keeps the click 30 days', async () => {
    const { page, site } = world;
    for (const path of ['/', '/account'])
      servePage(world, path, { attrs: { 'data-cookie-options': '{"expiresInDays":30}' } });
    const before = Date.now() / 1000;
    await visit(page, `${site.url(HOST)}/?dub_id=thirty_days`);
    await until(async () => (await clickCookies()).length === 1, 'the cookie is written');

    const [cookie] = await clickCookies();
    expect(cookie).toMatchObject({
      value: 'thirty_days',
      // A Domain cookie where the engine maps the subdomains, else host-only on 127.0.0.1.
      domain: ABLE.hostMapping ? '.shop.test' : HOST,
      path: '/',
    });
    expect(Math.abs((cookie.expires ?? 0) - (before + 30 * DAY_S))).toBeLessThan(60);
    const expiresAtMs = Number(((await mirror()) ?? '').split(' ')[1]);
    expect(Math.abs(expiresAtMs / 1000 - (before + 30 * DAY_S))).toBeLessThan(60);
    expect(await uncaught(page)).toEqual([]);
  });

  if (ABLE.hostMapping) {
    it('data-cookie-options domain overrides the probed domain', async () => {
      const { page, site } = world;
      for (const path of ['/', '/app'])
        servePage(world, path, {
          before: COUNT_WRITES,
          attrs: { 'data-cookie-options': '{"domain":"www.shop.test"}' },
        });
      await visit(page, `${site.url('www.shop.test')}/?dub_id=only_www`);
      // One write, for the named domain, with no probing of a wider one.
      expect(await cookieWrites()).toEqual([{ domain: 'www.shop.test', deletes: false }]);
      expect(await page.evaluate(() => document.cookie)).toBe('dub_id=only_www');

      // How the browser holds it, where the driver lists it: puppeteer's WebDriver BiDi cookie
      // list leaves out a Domain cookie whose domain is the page's own host (`.www.shop.test`
      // does not end `www.shop.test` in its match), so Firefox shows it only to the page.
      const listed = await clickCookies();
      if (listed.length) {
        expect(listed).toHaveLength(1);
        expect(listed[0]).toMatchObject({ value: 'only_www', domain: '.www.shop.test', path: '/' });
      } else if (ENGINE === 'firefox') {
        note("puppeteer's BiDi cookie list leaves out a Domain cookie for the page's own host");
      } else throw new Error('the browser lists no dub_id cookie');

      // So app.shop.test does not see it (and has no mirror of its own: another origin).
      await visit(page, `${site.url('app.shop.test')}/app`);
      expect(await clickIdOf(page)).toBeNull();
      expect(await page.evaluate(() => document.cookie)).toBe('');
      expect(await clickCookies()).toEqual([]);
      expect(await uncaught(page)).toEqual([]);
    });
  }
});

describe(`[${ENGINE}] localStorage mirror`, () => {
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
    it(name, async () => {
      const { page, site, session } = world;
      for (const path of ['/', '/pricing']) servePage(world, path, { attrs });
      await visit(page, `${site.url(HOST)}/?dub_id=first_link`);
      // WebKit writes and deletes cookies asynchronously: wait for each to land.
      await until(async () => (await clickCookies()).length === 1, 'the cookie is written');
      await session.clearCookies();
      await expect.poll(clickCookies).toEqual([]);
      await visit(page, `${site.url(HOST)}/pricing?dub_id=second_link`);

      expect(await clickIdOf(page)).toBe(kept);
      await until(
        async () => (await clickCookies()).map((cookie) => cookie.value).join() === kept,
        `the cookie holds ${kept}`,
      );
      expect((await clickCookies()).map((cookie) => cookie.value)).toEqual([kept]);
      expect((await mirror())?.split(' ')[0]).toBe(kept);
      expect(await uncaught(page)).toEqual([]);
    });
  }
});

/** Wraps pushState before the tracker loads, as a router or an analytics library does. */
const ROUTER = `window.__routerCalls = 0;
(function () {
  var original = history.pushState;
  history.pushState = function () {
    window.__routerCalls += 1;
    return original.apply(this, arguments);
  };
})();`;

type RouterWindow = Window & {
  __routerCalls: number;
  dubTrack: { getClickId(): string | null };
};

describe(`[${ENGINE}] single-page apps`, () => {
  it('captures a dub_id that comes back through popstate (the back button)', async () => {
    const { page, site } = world;
    servePages();
    await visit(page, `${site.url(HOST)}/app?dub_id=landing_link`);
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
    await until(
      async () => (await clickCookies()).map((cookie) => cookie.value).join() === 'landing_link',
      'the cookie holds landing_link',
    );
    expect((await clickCookies()).map((cookie) => cookie.value)).toEqual(['landing_link']);
    expect(await uncaught(page)).toEqual([]);
  });

  it("keeps the site's router working: its own pushState wrapper is still called", async () => {
    const { page, site } = world;
    servePage(world, '/app', { before: ROUTER });
    await visit(page, `${site.url(HOST)}/app`);

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
    expect(await uncaught(page)).toEqual([]);
  });
});

/** Records every `document.cookie` assignment and `localStorage.setItem` of the page (run first). */
const COUNT_WRITES = `(function () {
  var writes = { cookie: [], storage: [] };
  window.__writes = writes;
  var cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    get: function () { return cookie.get.call(this); },
    set: function (value) { writes.cookie.push(value); cookie.set.call(this, value); },
  });
  var setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    writes.storage.push(key);
    return setItem.call(this, key, value);
  };
})();`;

interface Writes {
  cookie: string[];
  storage: string[];
}
const writes = () =>
  world.page.evaluate(() => (window as unknown as { __writes: Writes }).__writes);
/** The `domain=` each recorded cookie write named (`''`: host-only), and whether it deleted. */
const cookieWrites = async () =>
  (await writes()).cookie.map((written) => ({
    domain: /;domain=([^;]*)/.exec(written)?.[1] ?? '',
    deletes: written.includes(';max-age=0;'),
  }));
/** The domain the tracker writes its cookie for: the widest one where subdomains exist. */
const WRITTEN_DOMAIN = ABLE.hostMapping ? 'shop.test' : '';

describe(`[${ENGINE}] a light landing page`, () => {
  const serveCounted = (paths = ['/', '/pricing', '/account', '/app']) => {
    for (const path of paths) servePage(world, path, { before: COUNT_WRITES });
  };
  const clickValues = async () => (await clickCookies()).map((cookie) => cookie.value);

  it('a new click costs one cookie write; the same click again, or none, costs nothing', async () => {
    const { page, site } = world;
    serveCounted();
    await visit(page, `${site.url(HOST)}/?dub_id=light_1`);
    expect(await clickIdOf(page)).toBe('light_1');
    expect(await cookieWrites()).toEqual([{ domain: WRITTEN_DOMAIN, deletes: false }]);
    expect((await writes()).storage).toEqual(['dub_id']);
    await until(async () => (await clickValues()).join() === 'light_1', 'the cookie is written');

    // The same link opened again, then a page without one: nothing to write.
    await visit(page, `${site.url(HOST)}/pricing?dub_id=light_1`);
    expect(await clickIdOf(page)).toBe('light_1');
    expect(await writes()).toEqual({ cookie: [], storage: [] });
    await visit(page, `${site.url(HOST)}/account`);
    expect(await clickIdOf(page)).toBe('light_1');
    expect(await writes()).toEqual({ cookie: [], storage: [] });

    // A newer click: one write, on the domain the first page found, replacing the older one.
    await visit(page, `${site.url(HOST)}/?dub_id=light_2`);
    expect(await cookieWrites()).toEqual([{ domain: WRITTEN_DOMAIN, deletes: false }]);
    await until(async () => (await clickValues()).join() === 'light_2', 'the cookie is replaced');
    expect(await clickValues()).toEqual(['light_2']);
    expect(await uncaught(page)).toEqual([]);
  });

  it('an SPA: history is left as the browser made it, and a pushed dub_id is still captured', async () => {
    const { page, site } = world;
    serveCounted();
    await visit(page, `${site.url(HOST)}/app`);
    expect(await writes()).toEqual({ cookie: [], storage: [] });
    // Where the engine has the Navigation API, nothing of `history` is wrapped.
    const { navigation, methods } = await page.evaluate(() => ({
      navigation: 'navigation' in window,
      methods: [history.pushState, history.replaceState].map((method) => String(method)),
    }));
    if (navigation) {
      expect(methods).toEqual([
        expect.stringMatching(/^function pushState\(\) \{\s*\[native code\]\s*\}$/),
        expect.stringMatching(/^function replaceState\(\) \{\s*\[native code\]\s*\}$/),
      ]);
    } else note('no Navigation API: the tracker follows pushState/replaceState by wrapping them');

    await page.evaluate(() => history.pushState({}, '', '/app/plans?dub_id=spa_light'));
    expect(await clickIdOf(page)).toBe('spa_light');
    expect(await cookieWrites()).toEqual([{ domain: WRITTEN_DOMAIN, deletes: false }]);
    await until(async () => (await clickValues()).join() === 'spa_light', 'the cookie is written');

    // Another route of the same app: nothing changed, nothing written.
    await page.evaluate(() => history.pushState({}, '', '/app/checkout'));
    expect(await clickIdOf(page)).toBe('spa_light');
    expect((await writes()).cookie).toHaveLength(1);
    expect(await uncaught(page)).toEqual([]);
  });
});

/**
 * What Dub's own script writes on a page of `host`: its click cookie for the hostname without
 * `www.`, unencoded, Path=/, Lax, 90 days. A page of the site runs that write itself, as Dub's
 * script would have on an earlier visit.
 */
const leaveDubCookie = async (host: string, value: string) => {
  const domain = host.replace(/^www\./, '');
  servePage(world, '/dub-script', {
    noTag: true,
    before: `document.cookie = 'dub_id=${value}; domain=${domain}; path=/; max-age=${90 * DAY_S}; samesite=lax';`,
  });
  await visit(world.page, `${world.site.url(host)}/dub-script`, { tracker: false });
  expect(await world.page.evaluate(() => document.cookie)).toBe(`dub_id=${value}`);
};

if (ABLE.hostMapping) {
  describe(`[${ENGINE}] after Dub's own script`, () => {
    it("picks up the dub_id cookie set by Dub's own script", async () => {
      const { page, site } = world;
      servePages();
      await leaveDubCookie('www.shop.test', 'from_dub_script');
      await visit(page, `${site.url('app.shop.test')}/app`);

      expect(await clickIdOf(page)).toBe('from_dub_script');
      // Not written a second time under another domain.
      expect(await page.evaluate(() => document.cookie)).toBe('dub_id=from_dub_script');
      const cookies = await clickCookies();
      expect(cookies).toHaveLength(1);
      expect(cookies[0]).toMatchObject({ value: 'from_dub_script', domain: '.shop.test' });
      expect((await mirror())?.split(' ')[0]).toBe('from_dub_script');
      expect(await uncaught(page)).toEqual([]);
    });

    it("a new click replaces the older cookie Dub's script left on a subdomain", async () => {
      const { page, site } = world;
      servePages(['/', '/account']);
      // Dub's script on eu.shop.test (no www. to strip) wrote its cookie for eu.shop.test only.
      await leaveDubCookie('eu.shop.test', 'older_click');
      await visit(page, `${site.url('eu.shop.test')}/?dub_id=newer_click`);
      expect(await clickIdOf(page)).toBe('newer_click');

      // The next page must not fall back to the older click the narrower cookie still holds.
      await visit(page, `${site.url('eu.shop.test')}/account`);
      expect(await clickIdOf(page)).toBe('newer_click');
      expect(await page.evaluate(() => document.cookie)).toBe('dub_id=newer_click');
      const cookies = await clickCookies();
      expect(cookies.map(({ domain, value }) => ({ domain, value }))).toEqual([
        { domain: '.shop.test', value: 'newer_click' },
      ]);
      expect((await mirror())?.split(' ')[0]).toBe('newer_click');
      expect(await uncaught(page)).toEqual([]);
    });

    it("a new click over Dub's per-host cookie costs two writes: ours, and expiring Dub's", async () => {
      const { page, site } = world;
      servePage(world, '/', { before: COUNT_WRITES });
      await leaveDubCookie('eu.shop.test', 'dub_older');
      await visit(page, `${site.url('eu.shop.test')}/?dub_id=light_eu`);
      expect(await clickIdOf(page)).toBe('light_eu');
      expect(await cookieWrites()).toEqual([
        { domain: 'shop.test', deletes: false },
        { domain: 'eu.shop.test', deletes: true },
      ]);
      expect(await page.evaluate(() => document.cookie)).toBe('dub_id=light_eu');
      expect(await uncaught(page)).toEqual([]);
    });
  });
}
