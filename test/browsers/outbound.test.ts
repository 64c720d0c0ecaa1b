// Outbound domains in every engine: a link to the site's other domain navigates with dub_id,
// and a frame of that domain (present at load, or added later) loads with it, once; another
// domain's link and frame are left as they are. The other domain is `localhost`, which every
// engine resolves, and the page is on HOST.
import { describe, expect, it } from 'vitest';
import {
  ENGINE,
  HOST,
  pause,
  servePage,
  settleDown,
  setUpWorld,
  uncaught,
  until,
  visit,
} from './harness.js';

const world = setUpWorld();

describe(`[${ENGINE}] outbound domains`, () => {
  it('a frame of an outbound domain, present at load, added later or given a new src, loads with dub_id once; others do not', async () => {
    const { page, site } = world;
    const port = site.port;
    const other = `http://localhost:${port}`;
    const elsewhere = `${site.url(HOST)}`;
    servePage(world, '/', {
      attrs: { 'data-domains': { outbound: ['localhost'] } },
      body:
        `<iframe id="present" src="${other}/frame?a=1&q=a%20b#top"></iframe>` +
        `<iframe id="mine" src="${elsewhere}/frame?x=1"></iframe>`,
    });
    site.page('/frame', '<!doctype html><p>frame</p>');
    await visit(page, `${site.url(HOST)}/?dub_id=out_click_1`);
    const src = (id: string) =>
      page.evaluate((id: string) => document.getElementById(id)?.getAttribute('src') ?? null, id);
    /** The query strings `/frame` was loaded with from `localhost`. */
    const frameLoads = () =>
      site.requests
        .filter((request) => request.path === '/frame' && request.host === `localhost:${port}`)
        .map((request) => request.query);

    await until(
      async () => (await src('present')) === `${other}/frame?a=1&q=a%20b&dub_id=out_click_1#top`,
      'the frame present at load carries dub_id',
    );
    // A frame of a domain that is not outbound (the page's own) is left as it is.
    await until(() => page.evaluate(() => 'dubTrackPartner' in window), 'the partner chunk ran');
    expect(await src('mine')).toBe(`${elsewhere}/frame?x=1`);

    // A frame the page adds later, and one whose src the page points at the outbound domain.
    await page.evaluate((other: string) => {
      const frame = document.createElement('iframe');
      frame.id = 'late';
      frame.src = `${other}/frame?late=1`;
      document.body.append(frame);
      (document.getElementById('mine') as HTMLIFrameElement).src = `${other}/frame?moved=1`;
    }, other);
    await until(
      async () => (await src('late')) === `${other}/frame?late=1&dub_id=out_click_1`,
      'the frame added later carries dub_id',
    );
    await until(
      async () => (await src('mine')) === `${other}/frame?moved=1&dub_id=out_click_1`,
      'the frame given a new src carries dub_id',
    );
    await until(
      () =>
        frameLoads().includes('late=1&dub_id=out_click_1') &&
        frameLoads().includes('moved=1&dub_id=out_click_1'),
      'the late and moved frames loaded with dub_id',
    );
    // Each decorated once: no frame is reloaded over and over.
    await settleDown(page, 300);
    expect(
      frameLoads()
        .filter((query) => query.includes('dub_id'))
        .sort(),
    ).toEqual([
      'a=1&q=a%20b&dub_id=out_click_1',
      'late=1&dub_id=out_click_1',
      'moved=1&dub_id=out_click_1',
    ]);
    expect(await uncaught(page)).toEqual([]);
  });

  it('a link to an outbound domain, present at load or added later, navigates with dub_id', async () => {
    const { page, site } = world;
    const other = `http://localhost:${site.port}`;
    servePage(world, '/', {
      attrs: { 'data-domains': { outbound: ['localhost'] } },
      body: `<a id="out" href="${other}/next?lang=en&q=a%20b#install">out</a>`,
    });
    site.page('/next', '<!doctype html><p>next</p>');
    const landing = `${site.url(HOST)}/?dub_id=out_click_1`;
    await visit(page, landing);
    await until(() => page.evaluate(() => 'dubTrackPartner' in window), 'the partner chunk ran');

    // Not rewritten until followed.
    expect(
      await page.evaluate(() => document.getElementById('out')?.getAttribute('href')),
    ).not.toContain('dub_id');
    await page.click('#out');
    await until(
      async () => (await page.url()).startsWith(`${other}/next`),
      'the link was followed',
    );
    const followed = new URL(await page.url());
    expect(followed.searchParams.get('dub_id')).toBe('out_click_1');
    expect(followed.searchParams.get('lang')).toBe('en');
    expect(followed.searchParams.get('q')).toBe('a b');
    expect(followed.search).toContain('q=a%20b');
    expect(followed.hash).toBe('#install');

    // A link the page adds after load.
    await visit(page, landing);
    await until(() => page.evaluate(() => 'dubTrackPartner' in window), 'the partner chunk ran');
    await page.evaluate((other: string) => {
      const link = Object.assign(document.createElement('a'), {
        id: 'late',
        href: `${other}/next`,
        textContent: 'late',
      });
      document.body.append(link);
    }, other);
    await page.click('#late');
    await until(
      async () => (await page.url()).startsWith(`${other}/next`),
      'the late link was followed',
    );
    expect(new URL(await page.url()).searchParams.get('dub_id')).toBe('out_click_1');
  });

  it('frames whose documents arrive just as the partner chunk runs still load with dub_id', async () => {
    // Chromium drops a `src` set while the frame's first document is being committed, and the
    // frame keeps the URL without the click. The frames' answers are released together, then the
    // partner chunk (which decorates them) a few milliseconds later, at a different delay on each
    // load: one of them lands in that window.
    const { page, site } = world;
    const port = site.port;
    const FRAMES = 4;
    const isPartner = (url: URL) => url.pathname.startsWith('/dist/dub-track.partner.');
    /** The frame numbers of `round` that loaded with dub_id. */
    const decorated = (round: number) =>
      site.requests
        .filter((request) => request.path === '/frame' && request.query.startsWith(`r=${round}&`))
        .filter((request) => request.query.endsWith('&dub_id=out_click_3'))
        .map((request) => Number(new URLSearchParams(request.query).get('i')));
    site.page('/frame', '<!doctype html><p>frame</p>');
    for (const [round, delayMs] of [0, 1, 2, 3, 5, 8, 12, 20].entries()) {
      const frames = Array.from(
        { length: FRAMES },
        (_, i) => `<iframe src="http://localhost:${port}/frame?r=${round}&i=${i}"></iframe>`,
      );
      servePage(world, '/', {
        attrs: { 'data-domains': { outbound: ['localhost'] } },
        body: frames.join(''),
      });
      const frameAnswers = site.hold(
        (url) => url.pathname === '/frame' && !url.searchParams.has('dub_id'),
      );
      const partnerAnswer = site.hold(isPartner);
      const visited = visit(page, `${site.url(HOST)}/?dub_id=out_click_3`);
      await Promise.all([frameAnswers.arrived(FRAMES), partnerAnswer.arrived(1)]);
      frameAnswers.release();
      await pause(delayMs);
      partnerAnswer.release();
      await visited;
      await until(
        () => decorated(round).length === FRAMES,
        `every frame of load ${round} (partner chunk ${delayMs} ms after the frames) loaded with dub_id`,
        5_000,
      );
    }
  });

  it("another domain's frame and link are left as they are", async () => {
    const { page, site } = world;
    const port = site.port;
    const other = `http://localhost:${port}`;
    servePage(world, '/', {
      attrs: { 'data-domains': { outbound: ['docs.example'] } },
      body: `<iframe id="frame" src="${other}/frame?a=1"></iframe><a id="out" href="${other}/next?x=1">out</a>`,
    });
    site.page('/frame', '<!doctype html><p>frame</p>');
    site.page('/next', '<!doctype html><p>next</p>');
    await visit(page, `${site.url(HOST)}/?dub_id=out_click_2`);
    await until(() => page.evaluate(() => 'dubTrackPartner' in window), 'the partner chunk ran');
    await settleDown(page, 300);
    expect(
      await page.evaluate(() => document.getElementById('frame')?.getAttribute('src') ?? null),
    ).toBe(`${other}/frame?a=1`);
    expect(await uncaught(page)).toEqual([]);
    await page.click('#out');
    await until(
      async () => (await page.url()).startsWith(`${other}/next`),
      'the link was followed',
    );
    expect(new URL(await page.url()).search).toBe('?x=1');
  });
});
