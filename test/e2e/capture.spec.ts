// Issue 3 / SPEC §3: the click ID a Dub short link appends to the landing URL is kept in a
// first-party cookie shared by the site's subdomains, mirrored in localStorage, followed through
// client-side navigation, and never written when it is not a valid ID. What is left here needs
// Chromium: a trailing-dot host (`www.shop.test.`) and a controlled clock. Every other capture
// scenario runs in every engine: test/browsers/capture.test.ts and clickIds.test.ts.
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

const mirrorOf = (page: Page) => page.evaluate(() => localStorage.getItem('dub_id'));

/** The browser's `dub_id` cookies, wherever they were written. */
const clickCookies = async (context: BrowserContext) =>
  (await context.cookies()).filter((cookie) => cookie.name === 'dub_id');

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
  test('where the shortest parent is refused, the next page reuses the domain the first found [Chromium only: a trailing-dot host]', async ({
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
});
