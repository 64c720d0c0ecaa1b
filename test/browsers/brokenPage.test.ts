// A page that breaks what the tracker uses, in every engine: cookies refused, storage that throws,
// a fetch or history wrapped by another script, the script included twice, handlers that throw.
// Its conversions are still delivered, and nothing is thrown into it. Each break is a script of
// the page run before the tag, as a site's own scripts or a browser's settings would leave it.
import { describe, expect, it } from 'vitest';
import { type ScriptAttrs, scriptTag } from '../fixtures/site.js';
import {
  ENGINE,
  engineFile,
  HOST,
  type Input,
  type Kind,
  servePage,
  setUpWorld,
  uncaught,
  visit,
} from './harness.js';
import { callInPage } from './helpers/inputs.js';

const world = setUpWorld();
const SALE: [Kind, Input] = [
  'sale',
  { amount: 1500, customerExternalId: 'cus_page', invoiceId: 'inv_page' },
];
// No call here waits for a request timeout: a generous one keeps a loaded machine from making one.
const FAST_RETRY = { limit: 0, backoffLimitMs: 50, timeoutMs: 10_000 };

/** A page script that runs `fn`: the function's source is written into the page. */
const script = (fn: () => void) => `(${fn.toString()})();`;

/** A page with `before` run ahead of the tag, opened on the test host with `query`. */
const open = async ({
  attrs = {},
  query = '',
  before,
}: {
  attrs?: ScriptAttrs;
  query?: string;
  before?: string;
} = {}) => {
  servePage(world, '/', { attrs, before });
  await visit(world.page, `${world.site.url(HOST)}/${query}`);
};

const statuses = (outcomes: unknown[]) =>
  outcomes.map((outcome) => (outcome as { status?: number }).status);

describe(`[${ENGINE}] a page that breaks things`, () => {
  it('with cookies disabled the tracker still loads, keeps the click in memory and delivers', async () => {
    const { page, collector } = world;
    // As a browser that refuses this site's cookies: document.cookie throws a SecurityError.
    await open({
      query: '?dub_id=nocookie_1',
      before: script(() => {
        const blocked = () => {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        };
        Object.defineProperty(Document.prototype, 'cookie', {
          configurable: true,
          get: blocked,
          set: blocked,
        });
      }),
    });
    expect(
      await page.evaluate(() => {
        try {
          return document.cookie;
        } catch (error) {
          return (error as Error).name;
        }
      }),
    ).toBe('SecurityError');
    expect(
      await page.evaluate(() =>
        (window as unknown as { dubTrack: { getClickId(): string } }).dubTrack.getClickId(),
      ),
    ).toBe('nocookie_1');
    const [outcome] = await callInPage(page, [SALE]);
    expect(outcome).toMatchObject({ resolved: true, status: 200 });
    expect(collector.tracked().map((record) => record.json)).toEqual([
      expect.objectContaining({ invoiceId: 'inv_page', clickId: 'nocookie_1' }),
    ]);
    expect(await page.cookies()).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  for (const [how, breakStorage] of [
    [
      'every Storage method throws',
      () => {
        for (const method of ['getItem', 'setItem', 'removeItem', 'key', 'clear'] as const) {
          Storage.prototype[method] = () => {
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          };
        }
      },
    ],
    [
      'reading window.localStorage throws',
      () => {
        const blocked = {
          configurable: true,
          get() {
            throw new DOMException('Access is denied for this document.', 'SecurityError');
          },
        };
        Object.defineProperty(window, 'localStorage', blocked);
        Object.defineProperty(Window.prototype, 'localStorage', blocked);
      },
    ],
  ] as const) {
    it(`when ${how}, the tracker still captures the click and delivers`, async () => {
      const { page, collector } = world;
      await open({ query: '?dub_id=nostorage_1', before: script(breakStorage) });
      // The break is in force.
      expect(
        await page.evaluate(() => {
          try {
            localStorage.getItem('probe');
            return 'read';
          } catch (error) {
            return (error as Error).name;
          }
        }),
      ).not.toBe('read');
      expect(
        await page.evaluate(() =>
          (window as unknown as { dubTrack: { getClickId(): string } }).dubTrack.getClickId(),
        ),
      ).toBe('nostorage_1');
      const outcomes = await callInPage(page, [
        SALE,
        ['lead', { eventName: 'Sign up', customerExternalId: 'cus_page' }],
      ]);
      expect(outcomes).toEqual([
        expect.objectContaining({ resolved: true, status: 200 }),
        expect.objectContaining({ resolved: true, status: 200 }),
      ]);
      expect(
        collector.tracked().map((record) => (record.json as { clickId: string }).clickId),
      ).toEqual(['nostorage_1', 'nostorage_1']);
      expect(await uncaught(page)).toEqual([]);
    });
  }

  it('a fetch wrapped by another script carries the conversions', async () => {
    const { page, collector } = world;
    await open({
      query: '?dub_id=fetch_1',
      before: script(() => {
        const w = window as unknown as { __fetchCalls: string[] };
        w.__fetchCalls = [];
        const original = window.fetch;
        window.fetch = function (this: unknown, ...args: Parameters<typeof fetch>) {
          const [input] = args;
          w.__fetchCalls.push(input instanceof Request ? input.url : String(input));
          return original.apply(this, args);
        };
      }),
    });
    const outcomes = await callInPage(page, [SALE, SALE]);
    expect(statuses(outcomes)).toEqual([200, 200]);
    expect(collector.tracked()).toHaveLength(2);
    expect(
      await page.evaluate(() => (window as unknown as { __fetchCalls: string[] }).__fetchCalls),
    ).toEqual([`${collector.url}/track/sale/client`, `${collector.url}/track/sale/client`]);
    expect(await uncaught(page)).toEqual([]);
  });

  it("history.pushState wrapped by a router before the tracker: both wrappers run and the router's result is kept", async () => {
    const { page } = world;
    await open({
      before: script(() => {
        const w = window as unknown as { __routes: string[] };
        w.__routes = [];
        for (const method of ['pushState', 'replaceState'] as const) {
          const original = history[method];
          history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
            original.apply(this, args);
            w.__routes.push(`${method} ${location.pathname}${location.search}`);
            return `router:${method}` as unknown as undefined;
          };
        }
      }),
    });
    const results = await page.evaluate(() => {
      const tracker = (window as unknown as { dubTrack: { getClickId(): string | null } }).dubTrack;
      return [
        tracker.getClickId(),
        history.pushState({}, '', '/pricing?dub_id=spa_1'),
        tracker.getClickId(),
        history.replaceState({}, '', '/pricing?dub_id=spa_2'),
        tracker.getClickId(),
        (window as unknown as { __routes: string[] }).__routes,
      ];
    });
    expect(results).toEqual([
      null,
      'router:pushState',
      'spa_1',
      'router:replaceState',
      'spa_2',
      ['pushState /pricing?dub_id=spa_1', 'replaceState /pricing?dub_id=spa_2'],
    ]);
    expect(await uncaught(page)).toEqual([]);
  });

  it('the script included twice keeps the first tracker, its queue and its handlers', async () => {
    const { page, site, collector } = world;
    // The documented snippet queues a lead and a handler before either tag has run.
    const snippet = `!function(w,n){var t=w[n]=w[n]||{q:[]};["lead","sale","customer"].forEach(function(m){t[m]=t[m]||function(){var a=arguments;return new Promise(function(s,j){t.q.push([m,a,s,j])})}});t.on=t.on||function(){t.q.push(["on",arguments])}}(window,"dubTrack");
window.__successes = [];
window.__queued = dubTrack.lead({ eventName: 'Sign up', customerExternalId: 'cus_twice' });
dubTrack.on('success', function (detail) { window.__successes.push(detail.kind); });`;
    const keepFirst = '<script>window.__first = window.dubTrack;</script>';
    // The second tag points elsewhere: were it to take over, requests would go to the site itself.
    // Each inclusion has a URL of its own (a query), so every engine fetches and runs it: WebKitGTK
    // serves a repeated script URL of one document from its memory cache.
    const second = scriptTag(site, collector, { 'data-api-host': site.url(HOST) }).replace(
      '/dist/dub-track.js',
      '/dist/dub-track.js?second',
    );
    servePage(world, '/', { before: snippet, body: keepFirst + second });
    await visit(page, `${site.url(HOST)}/?dub_id=twice_1`);

    const state = await page.evaluate(async () => {
      const w = window as unknown as Record<string, unknown> & { dubTrack: { q?: unknown } };
      const queued = (await (w.__queued as Promise<{ status: number }>)).status;
      return { same: w.dubTrack === w.__first, queue: 'q' in w.dubTrack, queued };
    });
    expect(state).toEqual({ same: true, queue: false, queued: 200 });

    // Included once more, later, by a tag manager.
    await page.evaluate(
      (src: string) =>
        new Promise((resolve) => {
          const script = document.createElement('script');
          script.src = src;
          script.onload = resolve;
          document.head.append(script);
        }),
      '/dist/dub-track.js?third',
    );
    const outcomes = await callInPage(page, [SALE, SALE]);
    expect(statuses(outcomes)).toEqual([200, 200]);
    expect(
      await page.evaluate(
        () =>
          (window as unknown as Record<string, unknown>).dubTrack ===
          (window as unknown as Record<string, unknown>).__first,
      ),
    ).toBe(true);

    expect(collector.tracked().map((record) => record.path)).toEqual([
      '/track/lead/client',
      '/track/sale/client',
      '/track/sale/client',
    ]);
    expect(
      await page.evaluate(() => (window as unknown as { __successes: string[] }).__successes),
    ).toEqual(['lead', 'sale', 'sale']);
    expect(site.requests.filter((request) => request.path.startsWith('/track/'))).toEqual([]);
    expect(
      site.requests
        .filter((request) => request.path === '/dist/dub-track.js')
        .map((request) => request.query)
        .sort(),
    ).toEqual(['', 'second', 'third']);
    expect(
      site.requests.filter((request) => request.path === `/dist/${engineFile()}`),
    ).toHaveLength(1);
    expect(await uncaught(page)).toEqual([]);
  });

  it('handlers that throw break neither delivery nor the handlers after them', async () => {
    const { page, collector } = world;
    await open({ attrs: { 'data-retry': FAST_RETRY }, query: '?dub_id=handler_1' });
    await page.evaluate(() => {
      const w = window as unknown as {
        dubTrack: { on(type: string, handler: (detail: { kind: string }) => void): void };
        __seen: string[];
      };
      w.__seen = [];
      for (const type of ['success', 'error', 'retry']) {
        w.dubTrack.on(type, () => {
          throw new Error(`a ${type} handler of the site broke`);
        });
        w.dubTrack.on(type, (detail) => w.__seen.push(`${type} ${detail.kind}`));
      }
    });
    collector.failNext(1, { status: 400 });
    const outcomes = await callInPage(page, [SALE, SALE]);
    expect(outcomes).toEqual([
      expect.objectContaining({ resolved: false, name: 'BadRequest' }),
      expect.objectContaining({ resolved: true, status: 200 }),
    ]);
    expect(await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen)).toEqual([
      'error sale',
      'success sale',
    ]);
    expect(collector.tracked()).toHaveLength(2);
    expect(await uncaught(page)).toEqual([]);
  });
});
