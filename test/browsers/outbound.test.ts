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
  it('a frame of an outbound domain, present at load or added later, loads with dub_id once; a link to it navigates with it', async () => {
    const { page, site } = world;
    const port = site.port;
    const other = `http://localhost:${port}`;
    servePage(world, '/', {
      attrs: { 'data-domains': { outbound: ['localhost'] } },
      body:
        `<iframe id="present" src="${other}/frame?a=1#top"></iframe>` +
        `<a id="out" href="${other}/next?x=1#end">out</a>`,
    });
    site.page('/frame', '<!doctype html><p>frame</p>');
    site.page('/next', '<!doctype html><p>next</p>');
    await visit(page, `${site.url(HOST)}/?dub_id=out_click_1`);
    const src = (id: string) =>
      page.evaluate((id: string) => document.getElementById(id)?.getAttribute('src') ?? null, id);
    /** The query strings `/frame` was loaded with from `localhost`. */
    const frameLoads = () =>
      site.requests
        .filter((request) => request.path === '/frame' && request.host === `localhost:${port}`)
        .map((request) => request.query);

    await until(
      async () => (await src('present')) === `${other}/frame?a=1&dub_id=out_click_1#top`,
      'the frame present at load carries dub_id',
    );
    await page.evaluate((url: string) => {
      const frame = document.createElement('iframe');
      frame.id = 'late';
      frame.src = url;
      document.body.append(frame);
    }, `${other}/frame?late=1`);
    await until(
      async () => (await src('late')) === `${other}/frame?late=1&dub_id=out_click_1`,
      'the frame added later carries dub_id',
    );
    await until(
      () => frameLoads().includes('late=1&dub_id=out_click_1'),
      'the late frame loaded with dub_id',
    );
    await settleDown(page, 300);
    expect(
      frameLoads()
        .filter((query) => query.includes('dub_id'))
        .sort(),
    ).toEqual(['a=1&dub_id=out_click_1', 'late=1&dub_id=out_click_1']);

    await page.click('#out');
    await until(
      async () => (await page.url()).startsWith(`${other}/next`),
      'the link was followed',
    );
    const followed = new URL(await page.url());
    expect(followed.search).toBe('?x=1&dub_id=out_click_1');
    expect(followed.hash).toBe('#end');
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
