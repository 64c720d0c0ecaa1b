// Which click a page keeps, in every engine: the attribution model, IDs that are not valid (never
// written, reported in debug mode, never sent) and malformed tag options (defaults, and a
// ConfigError). Ported from test/e2e/capture.spec.ts, same assertions; where WebKitGTK has no
// subdomains, the pages are on 127.0.0.1 and the cookie host-only.
import { describe, expect, it } from 'vitest';
import type { ScriptAttrs } from '../fixtures/site.js';
import { ABLE, clickIdOf, HOST, seen, servePage, setUpWorld, uncaught, visit } from './harness.js';

const world = setUpWorld();

const DAY_S = 86_400;
const nowS = () => Date.now() / 1000;
/** Another host of the same site where the engine maps subdomains; else the same host. */
const APP_HOST = ABLE.hostMapping ? 'app.shop.test' : HOST;
/** The Domain of the click cookie: the site's where subdomains exist, else host-only. */
const COOKIE_DOMAIN = ABLE.hostMapping ? '.shop.test' : HOST;

const seenErrors = async () => (await seen(world.page)).error;
const mirrorOf = () => world.page.evaluate(() => localStorage.getItem('dub_id'));
/** The click ID in the localStorage mirror (`<id> <expiry> <domain>`). */
const mirroredId = async () => (await mirrorOf())?.split(' ')[0];
const clickCookies = async () =>
  (await world.page.cookies()).filter((cookie) => cookie.name === 'dub_id');
const clickCookieValues = async () => (await clickCookies()).map((cookie) => cookie.value);

/** Serves the same tagged page at each path. */
const servePages = (attrs: ScriptAttrs = {}, paths = ['/', '/pricing', '/app']) => {
  for (const path of paths) servePage(world, path, { attrs });
};
const url = (path: string, host = HOST) => `${world.site.url(host)}${path}`;

describe('attribution model', () => {
  it('last-click (default): a new link overwrites the stored click', async () => {
    const { page } = world;
    servePages();
    await visit(page, url('/?dub_id=first_link'));
    expect(await clickIdOf(page)).toBe('first_link');

    await visit(page, url('/pricing?dub_id=second_link'));
    expect(await clickIdOf(page)).toBe('second_link');
    expect(await clickCookieValues()).toEqual(['second_link']);
    expect(await mirroredId()).toBe('second_link');

    await visit(page, url('/app', APP_HOST));
    expect(await clickIdOf(page)).toBe('second_link');
    expect(await uncaught(page)).toEqual([]);
  });

  it('first-click keeps the first click when a new link arrives', async () => {
    const { page } = world;
    servePages({ 'data-attribution-model': 'first-click' });
    await visit(page, url('/?dub_id=first_link'));
    expect(await clickIdOf(page)).toBe('first_link');

    await visit(page, url('/pricing?dub_id=second_link'));
    expect(await clickIdOf(page)).toBe('first_link');
    expect(await clickCookieValues()).toEqual(['first_link']);
    expect(await mirroredId()).toBe('first_link');
    expect(await uncaught(page)).toEqual([]);
  });
});

describe('invalid IDs', () => {
  const invalid: [string, string][] = [
    ['with a space and !', 'bad id!'],
    ['129 characters long', 'a'.repeat(129)],
    ['a script tag', '<script>alert(1)</script>'],
  ];

  for (const [label, bad] of invalid) {
    it(`an ID ${label} is never written, and debug mode reports it`, async () => {
      const { page } = world;
      servePages({ 'data-debug': true });
      const badUrl = url(`/?dub_id=${encodeURIComponent(bad)}`);

      // A first visitor arriving with it: nothing stored at all.
      await visit(page, badUrl);
      expect(await clickIdOf(page)).toBeNull();
      expect(await clickCookies()).toEqual([]);
      expect(await mirrorOf()).toBeNull();
      // Reported by the engine, which debug mode loads once the page is idle.
      await expect.poll(seenErrors).toHaveLength(1);
      expect((await seenErrors())[0]?.name).toBe('ConfigError');

      // A visitor with a valid click keeps it.
      await visit(page, url('/?dub_id=good_click'));
      await visit(page, badUrl);
      expect(await clickIdOf(page)).toBe('good_click');
      expect(await clickCookieValues()).toEqual(['good_click']);
      expect(await mirroredId()).toBe('good_click');
      await expect
        .poll(async () => (await seenErrors()).map((error) => error.name))
        .toEqual(['ConfigError']);
      expect(await uncaught(page)).toEqual([]);
    });
  }

  it('a conversion after an invalid ID is sent with the valid click, never the invalid one', async () => {
    const { page, collector } = world;
    servePages({ 'data-publishable-key': 'dub_pk_test' });
    await visit(page, url('/?dub_id=good_click'));
    await visit(page, url(`/pricing?dub_id=${encodeURIComponent('bad id!')}`));
    await page.evaluate(
      () =>
        void (
          window as unknown as { dubTrack: { lead(input: object): Promise<unknown> } }
        ).dubTrack.lead({ eventName: 'Sign up', customerExternalId: 'cus_1' }),
    );

    const tracked = await collector.waitForTracked(1);
    expect(collector.tracked()).toHaveLength(1);
    expect(tracked[0]?.json).toMatchObject({ clickId: 'good_click' });
    expect(tracked[0]?.body).not.toContain('bad');
    expect(await uncaught(page)).toEqual([]);
  });
});

describe('malformed options', () => {
  for (const [attribute, value] of [
    ['data-cookie-options', '{bad json'],
    ['data-retry', 'nope'],
  ] as const) {
    it(`${attribute}='${value}' falls back to the defaults with a ConfigError`, async () => {
      const { page } = world;
      servePages({ [attribute]: value });
      const before = nowS();
      await visit(page, url('/?dub_id=despite_typo'));

      // Not debug mode: a broken attribute is always reported.
      await expect.poll(seenErrors).toHaveLength(1);
      const [error] = await seenErrors();
      expect(error?.name).toBe('ConfigError');
      expect(await clickIdOf(page)).toBe('despite_typo');
      const cookies = await clickCookies();
      expect(cookies).toHaveLength(1);
      expect(cookies[0]).toMatchObject({
        value: 'despite_typo',
        domain: COOKIE_DOMAIN,
        path: '/',
        sameSite: 'Lax',
      });
      expect(Math.abs((cookies[0]?.expires ?? 0) - (before + 90 * DAY_S))).toBeLessThan(60);
      expect(await uncaught(page)).toEqual([]);
    });
  }
});
