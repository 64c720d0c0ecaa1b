// The two ways in exist at all: the script tag defines `window.dubTrack`, and the ES module
// imports in plain Node without reaching for the browser (§2).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, html, scriptTag, test, waitForTracker } from './fixtures.js';

const distIndexUrl = new URL('../../dist/index.js', import.meta.url).href;

test('the script tag defines window.dubTrack', async ({ page, site, collector, pageErrors }) => {
  site.page('/', html(scriptTag(site, collector)));
  await page.goto(`${site.url('www.shop.test')}/`);
  await waitForTracker(page);

  const shape = await page.evaluate(() => {
    const { dubTrack } = window as unknown as {
      dubTrack: { lead: unknown; version: unknown; getClickId(): unknown };
    };
    return {
      lead: typeof dubTrack.lead,
      version: typeof dubTrack.version,
      clickId: dubTrack.getClickId(),
    };
  });

  expect(shape).toEqual({ lead: 'function', version: 'string', clickId: null });
  expect(site.requests.map((request) => request.path)).toContain('/dist/dub-track.js');
  expect(collector.tracked()).toEqual([]);
  expect(pageErrors).toEqual({ uncaught: [], console: [] });
});

// Runs in a fresh Node process whose browser globals throw when read, so any access at import
// time (even `typeof window`) is recorded; a later timer touching them would be caught too.
const importWithoutBrowser = `
const touched = [];
for (const name of ['window', 'document', 'localStorage', 'sessionStorage']) {
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      touched.push(name);
      throw new Error(name + ' was touched while importing dist/index.js');
    },
  });
}
const mod = await import(process.env.DIST_INDEX_URL);
await new Promise((resolve) => setTimeout(resolve, 100));
console.log(JSON.stringify({
  exports: Object.keys(mod),
  createTracker: typeof mod.createTracker,
  shopify: mod.PaymentProcessor?.Shopify,
  errorIsError: typeof mod.DubTrackError === 'function' && mod.DubTrackError.prototype instanceof Error,
  touched,
}));
`;

test('the ES module imports in Node without touching window', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', importWithoutBrowser],
    { env: { ...process.env, DIST_INDEX_URL: distIndexUrl }, timeout: 15_000 },
  ).catch((error: { stderr?: string; message: string }) => {
    // The default message repeats the whole script; the child's stderr is what explains it.
    throw new Error(`importing dist/index.js failed:\n${error.stderr || error.message}`);
  });
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');

  expect(result.exports).toEqual(
    expect.arrayContaining(['createTracker', 'PaymentProcessor', 'DubTrackError']),
  );
  expect(result.createTracker).toBe('function');
  expect(result.shopify).toBe('shopify');
  expect(result.errorIsError).toBe(true);
  expect(result.touched).toEqual([]);
});
