// Click capture in every engine: the landing URL's dub_id goes into a first-party cookie and
// its localStorage mirror, is shared by subdomains (where the engine maps fake hosts), survives a
// cleared cookie, and follows client-side navigation.
import { describe, expect, it } from 'vitest';
import {
  ABLE,
  clickIdOf,
  ENGINE,
  HOST,
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
