// A checkout or sign-up page that asks for it (`data-preload="engine"`, `preload: 'engine'`) has
// the engine downloaded once it is idle, before any call; every other page still loads only the
// core until a call needs more. In every engine (ported from test/e2e/preload.spec.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  call,
  clickIdOf,
  distRequests,
  engineFile,
  HOST,
  seen,
  servePage,
  settleDown,
  setUpWorld,
  uncaught,
  until,
  visit,
} from './harness.js';

const world = setUpWorld();

const moduleEngine = /^\/dist\/chunks\/engine-\w+\.js$/;

/** Serves `/` with the tag (`preload` as its `data-preload`) and opens it with a click. */
async function openTagPage(preload?: string) {
  servePage(world, '/', {
    attrs: {
      'data-publishable-key': 'dub_pk_test',
      'data-preload': preload,
      'data-debug': preload !== undefined && preload !== 'engine',
    },
  });
  await visit(world.page, `${world.site.url(HOST)}/?dub_id=preload_1`);
}

/** A page whose module script makes `window.tracker` with `createTracker(options)`. */
const modulePage = (options: Record<string, unknown>, head = '') => ({
  noTag: true,
  body: `${head}<script type="module">import { createTracker } from '/dist/index.js'; window.tracker = createTracker(${JSON.stringify(options)});</script>`,
});

const trackerMade = () =>
  until(() => world.page.evaluate(() => 'tracker' in window), 'createTracker() ran');

describe('preload', () => {
  it('with data-preload="engine" the engine is fetched once the page is idle, before any call', async () => {
    const { page, site, collector } = world;
    await openTagPage('engine');
    await expect
      .poll(() => distRequests(site))
      .toEqual(['/dist/dub-track.js', `/dist/${engineFile()}`]);
    await until(() => page.evaluate(() => 'dub-track.engine' in window), 'the engine ran');
    expect(collector.requests).toEqual([]);

    // The first sale uses it: no second download, and the sale is delivered.
    const outcome = await call(page, 'sale', {
      customerExternalId: 'cus_pre',
      amount: 4200,
      invoiceId: 'inv_pre',
    });
    expect(outcome).toMatchObject({ ok: true });
    expect(distRequests(site)).toEqual(['/dist/dub-track.js', `/dist/${engineFile()}`]);
    expect(collector.tracked().map((record) => record.json)).toEqual([
      expect.objectContaining({ amount: 4200, clickId: 'preload_1' }),
    ]);
    expect((await seen(page)).error).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  it('without it, a landing page fetches only the core, idle or not', async () => {
    const { page, site, collector } = world;
    await openTagPage();
    await settleDown(page, 500);
    expect(distRequests(site)).toEqual(['/dist/dub-track.js']);
    expect(await page.evaluate(() => 'dub-track.engine' in window)).toBe(false);
    expect(await clickIdOf(page)).toBe('preload_1');
    expect(collector.requests).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  it('an unknown data-preload value is reported as a ConfigError in debug mode', async () => {
    const { page } = world;
    await openTagPage('yes');
    // Debug mode loads the engine to check every option: that load is the one expected here.
    await expect
      .poll(async () => (await seen(page)).error.map((error) => error.message))
      .toEqual([expect.stringContaining('preload is invalid')]);
    expect((await seen(page)).error[0]?.name).toBe('ConfigError');
    expect(await uncaught(page)).toEqual([]);
  });

  it("the ES module's createTracker({preload: 'engine'}) imports the engine chunk before any call", async () => {
    const { page, site, collector } = world;
    const options = { apiHost: collector.url, publishableKey: 'dub_pk_test' };
    servePage(world, '/plain', modulePage(options));
    await visit(page, `${site.url(HOST)}/plain`, { tracker: false });
    await trackerMade();
    await settleDown(page, 500);
    expect(distRequests(site).some((path) => moduleEngine.test(path))).toBe(false);

    site.reset();
    servePage(world, '/checkout', modulePage({ ...options, preload: 'engine' }));
    await visit(page, `${site.url(HOST)}/checkout`, { tracker: false });
    await expect.poll(() => distRequests(site).some((path) => moduleEngine.test(path))).toBe(true);
    expect(collector.requests).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  it("the README's module preload of the engine chunk is the one download the first sale uses", async () => {
    const { page, site, collector } = world;
    // The recipe: the one engine-<hash>.js of dist/chunks/, the chunk the ES module imports.
    const chunks = new URL('../../dist/chunks/', import.meta.url);
    const named = readdirSync(chunks).find((name) => /^engine-\w+\.js$/.test(name));
    const imports = readdirSync(chunks)
      .map((name) => readFileSync(new URL(name, chunks), 'utf8'))
      .join('\n');
    expect(imports).toContain(`import("./${named}")`);
    expect(named).toMatch(/^engine-\w+\.js$/);
    servePage(
      world,
      '/checkout',
      modulePage(
        { apiHost: collector.url, publishableKey: 'dub_pk_test' },
        `<link rel="modulepreload" href="/dist/chunks/${named}">`,
      ),
    );
    await visit(page, `${site.url(HOST)}/checkout?dub_id=modulepreload_1`, { tracker: false });
    await trackerMade();
    // Fetched while the page loads, before any call.
    await expect.poll(() => distRequests(site)).toContain(`/dist/chunks/${named}`);
    const outcome = await page.evaluate(() =>
      (window as unknown as { tracker: { sale(input: unknown): Promise<unknown> } }).tracker
        .sale({ customerExternalId: 'cus_mp', amount: 300 })
        .then(
          (result) => ({ ok: true, result }),
          (error) => ({ ok: false, error: String(error) }),
        ),
    );
    expect(outcome).toMatchObject({ ok: true });
    expect(collector.tracked().map((record) => record.json)).toEqual([
      expect.objectContaining({ customerExternalId: 'cus_mp', clickId: 'modulepreload_1' }),
    ]);
    // Downloaded once: the import found the preloaded module.
    expect(distRequests(site).filter((path) => path === `/dist/chunks/${named}`)).toHaveLength(1);
    expect(await uncaught(page)).toEqual([]);
  });
});
