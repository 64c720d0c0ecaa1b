// Hardening in every engine: the lazily loaded engine is pinned by Subresource Integrity and a
// tampered copy is refused (the event kept, not lost); a strict Content-Security-Policy lets a
// sale through without a violation; consent pending holds everything, refused forgets it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ABLE,
  call,
  clickIdOf,
  consent,
  distRequests,
  ENGINE,
  engineFile,
  HOST,
  note,
  outbox,
  rejected,
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
const distDir = new URL('../../dist/', import.meta.url);
const RETRY = { limit: 1, backoffLimitMs: 50, timeoutMs: 5000 };
const SALE = { customerExternalId: 'cus_1', amount: 1999, invoiceId: 'inv_1' };

const open = async (query = '', attrs: Record<string, unknown> = {}) => {
  servePage(world, '/', { attrs: { 'data-retry': RETRY, ...attrs } });
  await visit(world.page, `${world.site.url(HOST)}/${query}`);
};

/** What a visitor's storage and cookies hold of the tracker's. */
const stored = async () => ({
  local: Object.keys(await world.page.localStorage()),
  session: await world.page.evaluate(() => Object.keys(sessionStorage)),
  cookies: (await world.page.cookies()).map((cookie) => cookie.name),
});

describe(`[${ENGINE}] hardening`, () => {
  it('a landing page with an empty outbox downloads only the core', async () => {
    const { page, site, collector } = world;
    await open('?dub_id=landing_1');
    await settleDown(page);
    expect(await clickIdOf(page)).toBe('landing_1');
    expect(distRequests(site)).toEqual(['/dist/dub-track.js']);
    expect(await page.evaluate(() => 'dub-track.engine' in window)).toBe(false);
    expect(collector.requests).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  it('a checkout page loads the engine once, pinned by SRI, and the sale is delivered', async () => {
    const { page, site, collector } = world;
    await open('?dub_id=checkout_1');
    resolved(await call(page, 'sale', SALE));
    resolved(await call(page, 'sale', SALE));
    expect(distRequests(site)).toEqual(['/dist/dub-track.js', `/dist/${engineFile()}`]);

    const tag = await page.evaluate(() => {
      const script = document.querySelector<HTMLScriptElement>('script[src*="dub-track.engine."]');
      return script && { integrity: script.integrity, crossOrigin: script.crossOrigin };
    });
    const hash = createHash('sha256')
      .update(readFileSync(new URL(engineFile(), distDir)))
      .digest('base64');
    expect(tag).toEqual({ integrity: `sha256-${hash}`, crossOrigin: 'anonymous' });
    expect(collector.tracked().map((record) => record.json)).toEqual([
      expect.objectContaining({ amount: 1999, clickId: 'checkout_1' }),
      expect.objectContaining({ amount: 1999, clickId: 'checkout_1' }),
    ]);
    expect(await uncaught(page)).toEqual([]);
  });

  if (ABLE.hostMapping) {
    it('the engine is found next to the core when the core comes from a CDN host', async () => {
      const { page, site } = world;
      servePage(world, '/', { attrs: { crossorigin: 'anonymous' }, from: 'cdn.shop.test' });
      await visit(page, `${site.url('www.shop.test')}/`);
      expect(resolved(await call(page, 'sale', SALE)).status).toBe(200);
      const engineRequest = site.requests.find(
        (request) => request.path === `/dist/${engineFile()}`,
      );
      expect(engineRequest?.host).toBe(`cdn.shop.test:${site.port}`);
      expect(await uncaught(page)).toEqual([]);
    });
  }

  for (const [failure, breakEngine] of [
    ['answers 404', () => world.site.failPath(`/dist/${engineFile()}`, 404)],
    [
      'does not match its hash',
      () =>
        world.site.page(
          `/dist/${engineFile()}`,
          `${readFileSync(new URL(engineFile(), distDir), 'utf8')};window.tampered=1;`,
        ),
    ],
  ] as const) {
    it(`an engine chunk that ${failure} rejects the call with NetworkError and keeps the event`, async () => {
      const { page, site, collector } = world;
      breakEngine();
      await open('?dub_id=broken_1');

      const { error } = rejected(await call(page, 'sale', SALE));
      expect(error).toMatchObject({ name: 'NetworkError', willRetry: true });
      expect(await page.evaluate(() => 'tampered' in window)).toBe(false);
      expect(collector.tracked()).toEqual([]);
      // flush() needs the engine too: it is refused the same way, as a typed error.
      const flushed = await page.evaluate(() => {
        const w = window as unknown as {
          dubTrack: { flush(): Promise<never> };
          __test: { settle(promise: Promise<never>): Promise<unknown> };
        };
        return w.__test.settle(w.dubTrack.flush());
      });
      expect(flushed).toMatchObject({ ok: false, error: { name: 'NetworkError', kind: null } });
      expect(await outbox(page)).toEqual([
        expect.objectContaining({ id: error.eventId, kind: 'sale', input: SALE }),
      ]);

      // The engine is healthy again: the next page load validates the kept call and delivers it.
      site.reset();
      await open();
      const [delivered] = await collector.waitForTracked(1, 15_000);
      expect(delivered.headers['idempotency-key']).toBe(error.eventId);
      expect(delivered.json).toEqual({
        ...SALE,
        currency: 'usd',
        eventName: 'Purchase',
        paymentProcessor: 'custom',
        clickId: 'broken_1',
      });
      await until(async () => (await outbox(page)).length === 0, 'outbox emptied');
      expect(await uncaught(page)).toEqual([]);
    });
  }

  for (const [name, scriptSrc, nonce] of [
    ["script-src 'self' 'nonce-…'", "'self' 'nonce-abc123'", 'abc123'],
    ["script-src 'self'", "'self'", undefined],
    ["script-src 'nonce-…' only (the engine inherits the nonce)", "'nonce-abc123'", 'abc123'],
  ] as const) {
    it(`under default-src 'none', ${name} and connect-src <apiHost>, a sale is delivered without a violation`, async () => {
      const { page, site, collector } = world;
      const policy = `default-src 'none'; script-src ${scriptSrc}; connect-src ${collector.url}`;
      servePage(world, '/', {
        nonce,
        attrs: { 'data-publishable-key': 'dub_pk_csp' },
        headers: { 'Content-Security-Policy': policy },
      });
      await visit(page, `${site.url(HOST)}/?dub_id=csp_1`);

      const sale = resolved(
        await call(page, 'sale', { amount: 4200, customerExternalId: 'cus_csp' }),
      );
      expect(sale.status).toBe(200);
      expect(distRequests(site)).toEqual(['/dist/dub-track.js', `/dist/${engineFile()}`]);
      expect(collector.tracked().map((record) => record.json)).toEqual([
        expect.objectContaining({ amount: 4200, clickId: 'csp_1' }),
      ]);
      await settleDown(page);
      expect(await violations(page)).toEqual([]);

      // Control: the policy is in force, and a violation would have been seen.
      expect(
        await page.evaluate(() => {
          const inline = document.createElement('script');
          inline.textContent = 'window.__inlineRan = true';
          document.head.append(inline);
          return '__inlineRan' in window;
        }),
      ).toBe(false);
      await until(async () => (await violations(page)).length === 1, 'one violation reported');
      expect(await violations(page)).toEqual([
        expect.stringMatching(/^script-src(-elem)? inline$/),
      ]);
      expect(await uncaught(page)).toEqual([]);
    });
  }

  // Trusted Types, where the engine has them (the page is asked: `window.trustedTypes`). An engine
  // without them ignores the policy's Trusted Types directives: the sale must be delivered there,
  // whatever the policy names, with nothing broken.
  const openUnderTrustedTypes = async (trustedTypes: string, before?: string) => {
    const { page, site, collector } = world;
    const policy = `default-src 'none'; script-src 'self'; connect-src ${collector.url}; require-trusted-types-for 'script'; trusted-types ${trustedTypes}`;
    servePage(world, '/', {
      before,
      attrs: { 'data-publishable-key': 'dub_pk_tt', 'data-retry': RETRY },
      headers: { 'Content-Security-Policy': policy },
    });
    await visit(page, `${site.url(HOST)}/?dub_id=tt_1`);
    const enforced = await page.evaluate(() => 'trustedTypes' in window);
    if (!enforced) note('no Trusted Types: their policy directives are ignored, sales checked');
    // With Trusted Types a plain string is no longer taken as a script URL; without, it is.
    expect(
      await page.evaluate(() => {
        try {
          document.createElement('script').src = '/not-loaded.js';
          return 'taken';
        } catch (error) {
          return (error as Error).name;
        }
      }),
    ).toBe(enforced ? 'TypeError' : 'taken');
    return enforced;
  };

  /** Without Trusted Types: the sale goes through the pinned engine as under any strict CSP. */
  const deliveredWithoutTrustedTypes = async () => {
    const { page, site, collector } = world;
    const sale = resolved(await call(page, 'sale', SALE));
    expect(sale.status).toBe(200);
    expect(collector.tracked().map((record) => record.json)).toEqual([
      expect.objectContaining({ amount: 1999, clickId: 'tt_1' }),
    ]);
    expect(distRequests(site)).toEqual(['/dist/dub-track.js', `/dist/${engineFile()}`]);
    await settleDown(page);
    expect(await violations(page)).toEqual([]);
    expect(await outbox(page)).toEqual([]);
    expect(await clickIdOf(page)).toBe('tt_1');
    expect(await uncaught(page)).toEqual([]);
  };

  it('under Trusted Types that allow the policy name dub-track, a sale is delivered through its pinned URL (an engine without them ignores the policy)', async () => {
    const { page, site, collector } = world;
    if (!(await openUnderTrustedTypes('dub-track'))) return deliveredWithoutTrustedTypes();
    const sale = resolved(await call(page, 'sale', SALE));
    expect(sale.status).toBe(200);
    expect(collector.tracked().map((record) => record.json)).toEqual([
      expect.objectContaining({ amount: 1999, clickId: 'tt_1' }),
    ]);
    expect(distRequests(site)).toEqual(['/dist/dub-track.js', `/dist/${engineFile()}`]);
    // Through the policy's pinned URL: the engine next to the core, with its SRI hash.
    expect(
      await page.evaluate(() => {
        const element = document.querySelector<HTMLScriptElement>(
          'script[src*="dub-track.engine."]',
        );
        return element && { src: element.src, integrity: element.integrity };
      }),
    ).toEqual({
      src: `${site.url(HOST)}/dist/${engineFile()}`,
      integrity: expect.stringMatching(/^sha256-/),
    });
    await settleDown(page);
    expect(await violations(page)).toEqual(
      // The probe above is the only refusal.
      [expect.stringMatching(/^require-trusted-types-for /)],
    );
    expect(await uncaught(page)).toEqual([]);
  });

  it('under Trusted Types that refuse the policy name, a sale rejects with NetworkError and is kept (an engine without them delivers it); the page does not break', async () => {
    const { page, site, collector } = world;
    if (!(await openUnderTrustedTypes('some-other-policy'))) return deliveredWithoutTrustedTypes();
    const { error } = rejected(await call(page, 'sale', SALE));
    expect(error).toMatchObject({ name: 'NetworkError', willRetry: true, isError: true });
    expect(distRequests(site)).toEqual(['/dist/dub-track.js']);
    expect(collector.requests).toEqual([]);
    expect(await outbox(page)).toHaveLength(1);
    expect(await clickIdOf(page)).toBe('tt_1');
    expect(await uncaught(page)).toEqual([]);
  });

  /** Calls lead without waiting: the promise is kept in the page, its outcome recorded when it settles. */
  const leadHeld = () =>
    world.page.evaluate(() => {
      const w = window as unknown as {
        __held: unknown;
        dubTrack: { lead(input: object): Promise<{ status: number }> };
      };
      w.__held = 'pending';
      w.dubTrack.lead({ eventName: 'Sign up', customerExternalId: 'cus_consent' }).then(
        (result) => {
          w.__held = { ok: true, status: result.status };
        },
        (error) => {
          w.__held = { ok: false, name: error.name };
        },
      );
    });
  const held = () => world.page.evaluate(() => (window as unknown as { __held: unknown }).__held);
  /** The engine has loaded and taken the held call (it holds it, it does not send it). */
  const engineLoaded = async () => {
    await until(
      () => distRequests(world.site).includes(`/dist/${engineFile()}`),
      'the engine loaded',
    );
    await settleDown(world.page);
  };

  it('with data-consent="pending" a lead waits until consent(true), then the cookie is written and the lead sent', async () => {
    const { page, collector } = world;
    await open('?dub_id=consent_1', { 'data-consent': 'pending' });
    await leadHeld();
    await engineLoaded();
    await settleDown(page, 500);
    expect(await clickIdOf(page)).toBe('consent_1');
    expect(await held()).toBe('pending');
    expect(await stored()).toEqual({ local: [], session: [], cookies: [] });
    expect(collector.requests).toEqual([]);

    await consent(page, true);
    await until(async () => typeof (await held()) === 'object', 'the held lead settled');
    expect(await held()).toEqual({ ok: true, status: 200 });
    expect(collector.tracked().map((record) => record.json)).toEqual([
      { eventName: 'Sign up', customerExternalId: 'cus_consent', clickId: 'consent_1' },
    ]);
    expect((await stored()).cookies).toEqual(['dub_id']);
    // The mirror also remembers the cookie's domain (where there is a parent to share), for the
    // next page.
    expect(await page.evaluate(() => localStorage.getItem('dub_id'))).toMatch(
      ABLE.hostMapping ? /^consent_1 \d+ shop\.test$/ : /^consent_1 \d+/,
    );
    await until(async () => (await outbox(page)).length === 0, 'outbox emptied');
    expect(await uncaught(page)).toEqual([]);
  });

  it('consent(false) forgets the click and the held lead and refuses every call with ConfigError, sending nothing', async () => {
    const { page, collector } = world;
    await open('?dub_id=consent_2', { 'data-consent': 'pending' });
    await leadHeld();
    await engineLoaded();
    expect(await held()).toBe('pending');

    await consent(page, false);
    await until(async () => typeof (await held()) === 'object', 'the held lead settled');
    expect(await held()).toEqual({ ok: false, name: 'ConfigError' });
    expect(await clickIdOf(page)).toBeNull();
    const outcomes = [
      await call(page, 'lead', { eventName: 'Sign up', customerExternalId: 'c' }),
      await call(page, 'sale', { amount: 100, customerExternalId: 'c' }),
      await call(page, 'customer', { customerExternalId: 'c' }),
    ];
    expect(outcomes.map((outcome) => rejected(outcome).error.name)).toEqual([
      'ConfigError',
      'ConfigError',
      'ConfigError',
    ]);
    await settleDown(page);
    expect(collector.requests).toEqual([]);
    expect(await stored()).toEqual({ local: [], session: [], cookies: [] });
    expect(await uncaught(page)).toEqual([]);
  });

  // ---- consent through the ES module, and refused after the fact ------------------------------

  type Target = 'dubTrack' | 'tracker';
  /** As `leadHeld`, through `target`: the script tag's `dubTrack` or the ES module's `tracker`. */
  const leadHeldThrough = (target: Target) =>
    world.page.evaluate((target: Target) => {
      const w = window as unknown as Record<string, unknown> & { __held: unknown };
      w.__held = 'pending';
      (w[target] as { lead(input: object): Promise<{ status: number }> })
        .lead({ eventName: 'Sign up', customerExternalId: 'cus_consent' })
        .then(
          (result) => {
            w.__held = { ok: true, status: result.status };
          },
          (error) => {
            w.__held = { ok: false, name: error.name };
          },
        );
    }, target);
  const through = <T>(target: Target, method: 'getClickId' | 'consent', ...args: unknown[]) =>
    world.page.evaluate(
      (target: Target, method: string, args: unknown[]) =>
        ((window as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[
          target
        ][method](...args) ?? null) as T,
      target,
      method,
      args,
    );
  const moduleEngine = /^\/dist\/chunks\/engine-\w+\.js$/;
  /** The ES module way in: `createTracker({consent: 'pending'})` from dist/index.js. */
  const openModulePage = async (query: string) => {
    const { page, site, collector } = world;
    const options = { apiHost: collector.url, consent: 'pending', retry: RETRY };
    servePage(world, '/', {
      noTag: true,
      body: `<script type="module">import { createTracker } from '/dist/index.js'; window.tracker = createTracker(${JSON.stringify(options)});</script>`,
    });
    await visit(page, `${site.url(HOST)}/${query}`, { tracker: false });
    await until(() => page.evaluate(() => 'tracker' in window), 'the module made its tracker');
  };
  const moduleEngineLoaded = async () => {
    await until(
      () => world.site.requests.some((request) => moduleEngine.test(request.path)),
      "the module's engine loaded",
    );
    await settleDown(world.page);
  };

  it("with ES module consent: 'pending', a lead waits in memory until consent(true), then the cookie is written and the lead sent", async () => {
    const { page, collector } = world;
    await openModulePage('?dub_id=consent_1');
    await leadHeldThrough('tracker');
    await moduleEngineLoaded();
    await settleDown(page, 500);
    expect(await through('tracker', 'getClickId')).toBe('consent_1');
    expect(await held()).toBe('pending');
    expect(await stored()).toEqual({ local: [], session: [], cookies: [] });
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(collector.requests).toEqual([]);

    await through('tracker', 'consent', true);
    await until(async () => typeof (await held()) === 'object', 'the held lead settled');
    expect(await held()).toEqual({ ok: true, status: 200 });
    expect(collector.tracked().map((record) => record.json)).toEqual([
      { eventName: 'Sign up', customerExternalId: 'cus_consent', clickId: 'consent_1' },
    ]);
    expect((await page.cookies()).map((cookie) => `${cookie.name}=${cookie.value}`)).toEqual([
      'dub_id=consent_1',
    ]);
    // The mirror also remembers the cookie's domain (where there is a parent to share).
    expect(await page.evaluate(() => localStorage.getItem('dub_id'))).toMatch(
      ABLE.hostMapping ? /^consent_1 \d+ shop\.test$/ : /^consent_1 \d+/,
    );
    await until(async () => (await outbox(page)).length === 0, 'outbox emptied');
    expect(await uncaught(page)).toEqual([]);
  });

  it("with ES module consent: 'pending', consent(false) forgets the click and the held lead and refuses later calls", async () => {
    const { page, collector } = world;
    await openModulePage('?dub_id=consent_2');
    await leadHeldThrough('tracker');
    await moduleEngineLoaded();
    expect(await held()).toBe('pending');

    await through('tracker', 'consent', false);
    await until(async () => typeof (await held()) === 'object', 'the held lead settled');
    expect(await held()).toEqual({ ok: false, name: 'ConfigError' });
    expect(await through('tracker', 'getClickId')).toBeNull();
    const later = await page.evaluate(async () => {
      const tracker = (
        window as unknown as { tracker: Record<string, (input: object) => Promise<unknown>> }
      ).tracker;
      const names = [];
      for (const [kind, input] of [
        ['lead', { eventName: 'Sign up', customerExternalId: 'cus_consent' }],
        ['sale', { amount: 100, customerExternalId: 'cus_consent' }],
        ['customer', { customerExternalId: 'cus_consent' }],
      ] as const) {
        names.push(
          await tracker[kind](input).then(
            () => 'resolved',
            (error) => error.name,
          ),
        );
      }
      return names;
    });
    expect(later).toEqual(['ConfigError', 'ConfigError', 'ConfigError']);
    await settleDown(page);
    expect(collector.requests).toEqual([]);
    expect(await stored()).toEqual({ local: [], session: [], cookies: [] });
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await uncaught(page)).toEqual([]);
  });

  /** Storage and cookies hold nothing of the tracker's, as the page and the browser see them. */
  const nothingStored = async () =>
    (await stored()).local.length === 0 &&
    (await stored()).session.length === 0 &&
    (await stored()).cookies.length === 0 &&
    (await world.page.evaluate(() => document.cookie)) === '';

  it('consent(false) after consent was granted removes the cookie, the mirror and waiting events', async () => {
    const { page, collector } = world;
    collector.failNext(1, { status: 503 });
    await open('?dub_id=consent_3', { 'data-retry': { ...RETRY, limit: 0 } });
    const { error } = rejected(
      await call(page, 'sale', { amount: 100, customerExternalId: 'cus_1' }),
    );
    expect(error).toMatchObject({ willRetry: true });
    expect((await page.cookies()).map((cookie) => `${cookie.name}=${cookie.value}`)).toEqual([
      'dub_id=consent_3',
    ]);
    expect(await outbox(page)).toHaveLength(1);

    await consent(page, false);
    await until(nothingStored, 'storage and cookies emptied');
    expect(await stored()).toEqual({ local: [], session: [], cookies: [] });
    expect(await clickIdOf(page)).toBeNull();
    await page.evaluate(() =>
      (window as unknown as { dubTrack: { flush(): Promise<void> } }).dubTrack
        .flush()
        .catch(() => {}),
    );
    await settleDown(page);
    expect(collector.tracked()).toHaveLength(1);
    expect(await uncaught(page)).toEqual([]);
  });

  it('consent(false) on a later page, before the engine has loaded, removes events an earlier page left', async () => {
    const { page, site, collector } = world;
    collector.failNext(1, { status: 503 });
    await open('?dub_id=consent_4', { 'data-retry': { ...RETRY, limit: 0 } });
    expect(rejected(await call(page, 'sale', SALE)).error).toMatchObject({ willRetry: true });
    expect(await outbox(page)).toHaveLength(1);

    // The next page waits for the banner; the visitor refuses before any call loads the engine.
    site.reset();
    await open('', { 'data-consent': 'pending' });
    await consent(page, false);
    await settleDown(page);
    expect(distRequests(site)).toEqual(['/dist/dub-track.js']);
    expect(await stored()).toEqual({ local: [], session: [], cookies: [] });
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(collector.tracked()).toHaveLength(1);
    expect(await uncaught(page)).toEqual([]);
  });

  // ---- Trusted Types the page makes policies of its own for ----------------------------------

  it("under Trusted Types with the site's own default policy, a sale is delivered through it (an engine without them ignores the policy)", async () => {
    const { page, site, collector } = world;
    // The site's default policy passes only its own dist/ files, and counts what it passed.
    const policy = `window.__passed = [];
if (window.trustedTypes) trustedTypes.createPolicy('default', {
  createScriptURL: (url) => {
    if (!new URL(url, location.href).pathname.startsWith('/dist/')) throw new TypeError('refused');
    window.__passed.push(url);
    return url;
  },
});`;
    const enforced = await openUnderTrustedTypes('default', policy);
    const sale = resolved(await call(page, 'sale', SALE));
    expect(sale.status).toBe(200);
    expect(collector.tracked().map((record) => record.json)).toEqual([
      expect.objectContaining({ amount: 1999, clickId: 'tt_1' }),
    ]);
    expect(distRequests(site)).toEqual(['/dist/dub-track.js', `/dist/${engineFile()}`]);
    expect(
      await page.evaluate(() => (window as unknown as { __passed: string[] }).__passed),
    ).toEqual(enforced ? [`${site.url(HOST)}/dist/${engineFile()}`] : []);
    expect(await outbox(page)).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  it('under Trusted Types, an engine that failed to load once loads on the next call: the policy is made once and reused', async () => {
    const { page, site, collector } = world;
    await openUnderTrustedTypes('dub-track');
    site.failPath(`/dist/${engineFile()}`, 404);
    const { error } = rejected(await call(page, 'sale', SALE));
    expect(error).toMatchObject({ name: 'NetworkError', willRetry: true });

    site.reset();
    const delivered = resolved(
      await call(page, 'sale', {
        amount: 2500,
        customerExternalId: 'cus_page',
        invoiceId: 'inv_second',
      }),
    );
    expect(delivered.status).toBe(200);
    // The sale kept by the failed load is replayed by the engine too.
    await collector.waitForTracked(2, 15_000);
    await until(async () => (await outbox(page)).length === 0, 'outbox emptied');
    expect(
      collector
        .tracked()
        .map((record) => (record.json as { invoiceId: string }).invoiceId)
        .sort(),
    ).toEqual(['inv_1', 'inv_second']);
    expect(await uncaught(page)).toEqual([]);
  });
});
