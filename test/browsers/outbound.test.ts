// Outbound domains in every engine: a link to the site's other domains shows dub_id in its href
// as soon as the click is known (present at load, added or changed later, inside a srcdoc frame)
// and every way of following it carries it; a frame of that domain (present at load, or added
// later) loads with it, once; another domain's link and frame are left as they are. The other domain is `localhost`, which every
// engine resolves, and the page is on HOST.
import { describe, expect, it } from 'vitest';
import {
  call,
  ENGINE,
  HOST,
  note,
  pause,
  resolved,
  servePage,
  settleDown,
  setUpWorld,
  uncaught,
  until,
  violations,
  visit,
} from './harness.js';

const world = setUpWorld();

/** The requests for the partner chunk (not the gate every page of such a site loads). */
const partnerRequests = (site: { requests: { path: string }[] }) =>
  site.requests.filter((request) => request.path.startsWith('/dist/dub-track.partner.'));
/** The requests for the outbound chunk, which the gate loads for outbound links and frames. */
const outboundRequests = (site: { requests: { path: string }[] }) =>
  site.requests.filter((request) => request.path.startsWith('/dist/dub-track.outbound.'));

/**
 * Tells the site, at the link, the `href` each way of following it saw: `/seen?<type> <href>`
 * (a beacon, which outlives the page when the way navigates it).
 */
const RECORD_FOLLOWING = `for (const type of ['click', 'auxclick', 'contextmenu', 'keydown'])
  document.addEventListener(type, (event) => {
    const link = event.target.closest && event.target.closest('a');
    if (link) navigator.sendBeacon('/seen?' + encodeURIComponent(type + ' ' + link.href));
  });`;

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
    await until(
      () => page.evaluate(() => 'dub-track.outbound' in window),
      'the outbound chunk ran',
    );
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
    await until(
      () => page.evaluate(() => 'dub-track.outbound' in window),
      'the outbound chunk ran',
    );

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
    await until(
      () => page.evaluate(() => 'dub-track.outbound' in window),
      'the outbound chunk ran',
    );
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

  it('links show dub_id in their href: present at load, added or changed later, inside a srcdoc frame; other and same-domain links are left alone', async () => {
    const { page, site } = world;
    const port = site.port;
    const other = `http://localhost:${port}`;
    const here = HOST.replace(/^www\./, '');
    // `www.localhost` stands for `localhost` (Dub ignores `www.`); the page's own domain is never
    // outbound; `*.example.org` is its subdomains, not itself.
    servePage(world, '/', {
      attrs: { 'data-domains': { outbound: ['www.localhost', here, '*.example.org'] } },
      body:
        `<a id="present" href="${other}/next?x=1&q=a%20b#end">out</a>` +
        `<a id="sub" href="https://docs.example.org/a?q=1">sub</a>` +
        `<a id="apex" href="https://example.org/a">apex</a>` +
        `<a id="unlisted" href="https://elsewhere.example/a?q=1">elsewhere</a>` +
        `<a id="same" href="${site.url(HOST)}/next?s=1">same</a>` +
        `<a id="relative" href="/next?r=1">relative</a>` +
        `<a id="has" href="${other}/next?dub_id=earlier">has</a>` +
        `<iframe id="embed" srcdoc="<a id='inner' href='${other}/next?in=1'>in</a><iframe id='innerFrame' src='${other}/frame?in=1'></iframe>"></iframe>`,
    });
    site.page('/frame', '<!doctype html><p>frame</p>');
    await visit(page, `${site.url(HOST)}/?dub_id=out_click_4`);
    const hrefs = () =>
      page.evaluate(() => {
        const of = (doc: Document | null | undefined, attr: string) =>
          Object.fromEntries(
            [...(doc?.querySelectorAll(`[${attr}]`) ?? [])]
              .filter((element) => element.id)
              .map((element) => [element.id, element.getAttribute(attr)]),
          );
        const embed = document.getElementById('embed') as HTMLIFrameElement | null;
        return {
          ...of(document, 'href'),
          ...of(embed?.contentDocument, 'href'),
          ...of(embed?.contentDocument, 'src'),
        };
      });
    const expected = {
      // The URL's own parameters are kept as they were written (not re-encoded).
      present: `${other}/next?x=1&q=a%20b&dub_id=out_click_4#end`,
      sub: 'https://docs.example.org/a?q=1&dub_id=out_click_4',
      apex: 'https://example.org/a',
      unlisted: 'https://elsewhere.example/a?q=1',
      same: `${site.url(HOST)}/next?s=1`,
      relative: '/next?r=1',
      has: `${other}/next?dub_id=earlier`,
      inner: `${other}/next?in=1&dub_id=out_click_4`,
      innerFrame: `${other}/frame?in=1&dub_id=out_click_4`,
    };
    await until(
      async () => JSON.stringify(await hrefs()) === JSON.stringify(expected),
      'links present at load and inside the srcdoc frame carry dub_id',
    ).catch(async (error) => {
      expect(await hrefs()).toEqual(expected);
      throw error;
    });

    // Added later, and changed later (another domain's link given an outbound URL).
    await page.evaluate((url: string) => {
      const link = document.createElement('a');
      link.id = 'late';
      link.href = `${url}/next?late=1`;
      link.textContent = 'late';
      document.body.append(link);
      document.getElementById('unlisted')?.setAttribute('href', `${url}/next?changed=1`);
      const embed = document.getElementById('embed') as HTMLIFrameElement;
      const inner = embed.contentDocument?.createElement('a');
      if (inner) {
        inner.id = 'innerLate';
        inner.href = `${url}/next?innerLate=1`;
        embed.contentDocument?.body.append(inner);
      }
    }, other);
    const later = {
      ...expected,
      unlisted: `${other}/next?changed=1&dub_id=out_click_4`,
      late: `${other}/next?late=1&dub_id=out_click_4`,
      innerLate: `${other}/next?innerLate=1&dub_id=out_click_4`,
    };
    await until(async () => {
      const now = await hrefs();
      return Object.entries(later).every(([id, href]) => now[id] === href);
    }, 'links added or changed later carry dub_id').catch(async (error) => {
      expect(await hrefs()).toMatchObject(later);
      throw error;
    });
    expect(await uncaught(page)).toEqual([]);
  });

  it('following an outbound link by click, middle click, Ctrl+click, keyboard or context menu carries dub_id', async () => {
    const { page, site } = world;
    const port = site.port;
    const other = `http://localhost:${port}`;
    const ways = ['context', 'middle', 'modifier', 'keyboard', 'click'] as const;
    servePage(world, '/', {
      attrs: { 'data-domains': { outbound: ['localhost'] } },
      before: RECORD_FOLLOWING,
      body: ways
        .map((way) => `<p><a id="${way}" href="${other}/next?way=${way}">${way}</a></p>`)
        .join(''),
    });
    site.page('/next', '<!doctype html><p>next</p>');
    site.page('/seen', '');
    const url = `${site.url(HOST)}/?dub_id=out_click_5`;
    const decorated = (way: string) => `${other}/next?way=${way}&dub_id=out_click_5`;
    /** What the page saw, by way: `type href`. */
    const seen = (way: string) =>
      site.requests
        .filter((request) => request.path === '/seen')
        .map((request) => decodeURIComponent(request.query))
        .filter((entry) => entry.includes(`way=${way}`));
    const nexts = (way: string) =>
      site.requests.filter(
        (request) => request.path === '/next' && request.query.startsWith(`way=${way}`),
      );
    for (const way of ways) {
      await visit(page, url);
      await until(
        () =>
          page.evaluate(
            (way: string) =>
              (document.getElementById(way) as HTMLAnchorElement).href.includes('dub_id'),
            way,
          ),
        'the links are decorated',
      );
      if (way === 'click') await page.click(`#${way}`);
      else await page.follow(`#${way}`, way);
      await until(() => seen(way).length > 0, `the page saw the link followed (${way})`);
    }
    // The link as each way saw it (what a new tab, a copied link or the menu takes) had the
    // click. (Which events a way fires is the driver's: WebKitWebDriver's middle and right
    // buttons reach the page as a click.)
    for (const way of ways) {
      expect(seen(way).length).toBeGreaterThan(0);
      expect(seen(way).filter((entry) => !entry.endsWith(` ${decorated(way)}`))).toEqual([]);
    }
    // The click and the keyboard follow it in this tab; every load of the next page, from these
    // or from a tab a middle or Ctrl+click opened, carried the click.
    await until(() => nexts('click').length > 0 && nexts('keyboard').length > 0, 'followed');
    const all = ways.flatMap(nexts).map((request) => request.query);
    expect(all.filter((query) => !query.endsWith('&dub_id=out_click_5'))).toEqual([]);
  });

  for (const [how, query, domains] of [
    ['a ?via= registration', 'via=john', { refer: 'refer.example', outbound: ['localhost'] }],
    ['a site visit', '', { site: 'site.example/visit', outbound: ['localhost'] }],
  ] as const)
    it(`outbound links get the click ${how} gives, once Dub has answered`, async () => {
      const { page, site, collector } = world;
      const other = `http://localhost:${site.port}`;
      collector.respond((record) =>
        record.path === '/track/click' || record.path === '/track/visit'
          ? { status: 200, body: { clickId: 'given_click_1' } }
          : undefined,
      );
      servePage(world, '/', {
        attrs: { 'data-domains': domains },
        body: `<a id="out" href="${other}/next?x=1">out</a>`,
      });
      await visit(page, `${site.url(HOST)}/${query && `?${query}`}`);
      const href = () =>
        page.evaluate(() => document.getElementById('out')?.getAttribute('href') ?? null);
      await until(
        async () => (await href()) === `${other}/next?x=1&dub_id=given_click_1`,
        `the link carries the click ${how} gave`,
      );
      // The partner chunk for the landing work, then the outbound chunk: each downloaded once.
      expect(partnerRequests(site)).toHaveLength(1);
      expect(outboundRequests(site)).toHaveLength(1);
    });

  it('a page whose only partner work is outbound links downloads the outbound chunk and no partner chunk; with a partner link too, each once', async () => {
    const { page, site, collector } = world;
    const other = `http://localhost:${site.port}`;
    collector.respond((record) =>
      record.path === '/track/click' ? { status: 200, body: { clickId: 'given_2' } } : undefined,
    );
    servePage(world, '/', {
      attrs: { 'data-domains': { refer: 'refer.example', outbound: ['localhost'] } },
      body: `<a id="out" href="${other}/next">out</a>`,
    });
    const href = () =>
      page.evaluate(() => document.getElementById('out')?.getAttribute('href') ?? null);
    await visit(page, `${site.url(HOST)}/?dub_id=only_out_1`);
    await until(
      async () => (await href()) === `${other}/next?dub_id=only_out_1`,
      'the outbound link carries the click',
    );
    await settleDown(page, 300);
    expect(outboundRequests(site)).toHaveLength(1);
    expect(partnerRequests(site)).toEqual([]);
    expect(await page.evaluate(() => 'dub-track.partner' in window)).toBe(false);
    // A partner link on a page with the click known and an outbound link: both chunks, once each.
    await visit(page, `${site.url(HOST)}/?via=john`);
    await until(
      () => collector.requests.some((request) => request.path === '/track/click'),
      'the partner link was registered',
    );
    await until(
      async () => (await href())?.startsWith(`${other}/next?dub_id=`) ?? false,
      'the outbound link carries a click',
    );
    await settleDown(page, 300);
    // Counted in the page, as the second page may take the outbound chunk from the cache.
    expect(
      await page.evaluate(() =>
        [...document.querySelectorAll('script[src]')]
          .map((script) => (script as HTMLScriptElement).src.match(/dub-track\.(\w+)\./)?.[1])
          .filter((name) => name === 'partner' || name === 'outbound')
          .sort(),
      ),
    ).toEqual(['outbound', 'partner']);
    expect(partnerRequests(site)).toHaveLength(1);
  });

  it('a plain page of a partner site (click known, no partner link, no outbound link) downloads no partner chunk, until an outbound link appears', async () => {
    const { page, site, collector } = world;
    const other = `http://localhost:${site.port}`;
    collector.respond((record) =>
      record.path === '/track/click' || record.path === '/track/visit'
        ? { status: 200, body: { clickId: 'never_1' } }
        : undefined,
    );
    servePage(world, '/', {
      attrs: {
        'data-domains': { refer: 'refer.example', site: 'site.example', outbound: ['localhost'] },
      },
      body:
        `<a href="/pricing">pricing</a><a href="${site.url(HOST)}/about">about</a>` +
        '<a href="https://elsewhere.example/x">elsewhere</a><iframe src="/frame"></iframe>',
    });
    site.page('/frame', '<!doctype html><p>frame</p>');
    for (const url of [`${site.url(HOST)}/?dub_id=plain_1&utm_source=x`, `${site.url(HOST)}/`]) {
      await visit(page, url);
      await until(() => page.evaluate(() => 'dub-track.gate' in window), 'the partner gate ran');
      await settleDown(page, 300);
    }
    const gates = site.requests.filter((request) =>
      request.path.startsWith('/dist/dub-track.gate.'),
    );
    expect(gates.length).toBeGreaterThan(0);
    expect(partnerRequests(site)).toEqual([]);
    expect(outboundRequests(site)).toEqual([]);
    expect(collector.tracked()).toEqual([]);
    // An outbound link the page adds later brings the outbound chunk (and no partner chunk), which
    // gives it the click.
    await page.evaluate((url: string) => {
      const link = document.createElement('a');
      link.id = 'late';
      link.href = `${url}/next`;
      document.body.append(link);
    }, other);
    await until(
      () =>
        page.evaluate(
          () =>
            document.getElementById('late')?.getAttribute('href')?.endsWith('dub_id=plain_1') ??
            false,
        ),
      'the late outbound link carries the click',
    );
    expect(partnerRequests(site)).toEqual([]);
    expect(outboundRequests(site)).toHaveLength(1);
  });

  it('frames whose documents arrive just as the outbound chunk runs still load with dub_id', async () => {
    // Chromium drops a `src` set while the frame's first document is being committed, and the
    // frame keeps the URL without the click. The frames' answers are released together, then the
    // outbound chunk (which decorates them) a few milliseconds later, at a different delay on each
    // load: one of them lands in that window.
    const { page, site } = world;
    const port = site.port;
    const FRAMES = 4;
    const isOutbound = (url: URL) => url.pathname.startsWith('/dist/dub-track.outbound.');
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
      const outboundAnswer = site.hold(isOutbound);
      const visited = visit(page, `${site.url(HOST)}/?dub_id=out_click_3`);
      await Promise.all([frameAnswers.arrived(FRAMES), outboundAnswer.arrived(1)]);
      frameAnswers.release();
      await pause(delayMs);
      outboundAnswer.release();
      await visited;
      await until(
        () => decorated(round).length === FRAMES,
        `every frame of load ${round} (outbound chunk ${delayMs} ms after the frames) loaded with dub_id`,
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
    await until(() => page.evaluate(() => 'dub-track.gate' in window), 'the partner gate ran');
    await settleDown(page, 300);
    // Nothing on the page leads to the outbound domain: the partner chunk was never needed.
    expect(partnerRequests(site)).toEqual([]);
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

  it('under a strict CSP with Trusted Types, the partner gate and the outbound chunk it loads come through the dub-track policy, pinned, and then the engine too', async () => {
    const { page, site, collector } = world;
    const policy = `default-src 'none'; script-src 'self'; connect-src ${collector.url}; require-trusted-types-for 'script'; trusted-types dub-track`;
    // A link to the outbound domain, the page's only partner work: the gate brings the outbound
    // chunk (no partner chunk), through the core's policy.
    servePage(world, '/', {
      attrs: { 'data-publishable-key': 'dub_pk_tt', 'data-domains': { outbound: ['localhost'] } },
      headers: { 'Content-Security-Policy': policy },
      body: `<a href="http://localhost:${site.port}/next">docs</a>`,
    });
    await visit(page, `${site.url(HOST)}/?dub_id=tt_partner_1`);
    if (!(await page.evaluate(() => 'trustedTypes' in window)))
      note('no Trusted Types: their policy directives are ignored, the partner chunks checked');
    // Decorated by the outbound chunk, which came through the policy.
    await until(
      () => page.evaluate(() => document.querySelector('a')?.search === '?dub_id=tt_partner_1'),
      'the link carries dub_id',
    );
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
    expect(partnerRequests(site)).toEqual([]);
    const sale = resolved(
      await call(page, 'sale', { customerExternalId: 'cus_tt', amount: 100, invoiceId: 'inv_tt' }),
    );
    expect(sale.status).toBe(200);
    await settleDown(page);
    expect(await violations(page)).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });
});
