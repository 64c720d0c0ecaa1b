// examples/migrating-from-dub-analytics, in every engine: a React app written for `@dub/analytics`
// (a layout with `<Analytics>`, a banner with `useAnalytics()`, `window.dubAnalytics.trackLead`),
// switched by its import lines only. Built once per run with Vite (the build the Playwright spec
// used), its static output served from the test site: after a partner-link landing (`?via=jane`)
// the banner shows the partner and the discount, and the lead reaches Dub (the stand-in).
// Ported from test/e2e/migration.spec.ts.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedDubStandin, startDubStandin } from '../fixtures/dub-standin.mjs';
import type { EnginePage } from './engines/types.js';
import { ENGINE, HOST, setUpWorld, uncaught, until } from './harness.js';

const world = setUpWorld();

const root = fileURLToPath(
  new URL('../../examples/migrating-from-dub-analytics/', import.meta.url),
);
// One folder per engine: the three lanes build side by side.
const outDir = fileURLToPath(
  new URL(`../../test-results/migration-example-${ENGINE}/`, import.meta.url),
);

const PARTNER = { id: 'pn_jane', name: 'Jane Partner', image: null };
const DISCOUNT = { id: 'disc_1', amount: 20, type: 'percentage', maxDuration: null };

let standin: StartedDubStandin;
/** The built app: each file's path under the site (`/index.html`, `/assets/…`) and its text. */
let files: [string, string][] = [];

beforeAll(async () => {
  // Dub's API the app talks to: its address is built into the app (VITE_DUB_API_HOST).
  standin = await startDubStandin({
    links: [{ domain: 'refer.shop.test', key: 'jane', partner: PARTNER, discount: DISCOUNT }],
  });
  const before = process.env.VITE_DUB_API_HOST;
  process.env.VITE_DUB_API_HOST = standin.url;
  try {
    rmSync(outDir, { recursive: true, force: true });
    await build({ root, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  } finally {
    if (before === undefined) delete process.env.VITE_DUB_API_HOST;
    else process.env.VITE_DUB_API_HOST = before;
  }
  files = (readdirSync(outDir, { recursive: true }) as string[])
    .map((name) => path.join(outDir, name))
    .filter((file) => file.endsWith('.html') || file.endsWith('.js'))
    .map((file) => [
      `/${path.relative(outDir, file).split(path.sep).join('/')}`,
      readFileSync(file, 'utf8'),
    ]);
}, 180_000);

afterAll(async () => {
  await standin?.close();
});

/** Serves the built app from the site; its page loads the harness's recorder first. */
const serveApp = () => {
  for (const [pathname, text] of files) {
    world.site.page(
      pathname,
      pathname === '/index.html'
        ? text.replace('<head>', '<head><script src="/harness/instrument.js"></script>')
        : text,
    );
  }
  world.site.page(
    '/harness/instrument.js',
    readFileSync(new URL('./instrument.js', import.meta.url), 'utf8'),
  );
};

const textOf = (page: EnginePage, selector: string) =>
  page.evaluate(
    (selector: string) => document.querySelector(selector)?.textContent ?? null,
    selector,
  );

describe(`[${ENGINE}] migrating from @dub/analytics`, () => {
  it('an @dub/analytics React app, switched by its imports, shows the partner banner after a ?via= landing', async () => {
    const { page, site } = world;
    serveApp();
    const banner = 'Jane Partner gives you 20% off';
    // A site under the partner's domain where the engine maps fake hosts, else on 127.0.0.1.
    await page.goto(`${site.url(HOST)}/index.html?via=jane`);
    // Rendered without partner first, then again once the click answer brings the data.
    await until(async () => (await textOf(page, '#banner')) === banner, 'the partner banner');
    const click = standin.state.clicksRecorded[0] as { clickId: string };
    expect(click.clickId).toBeTruthy();
    expect(standin.state.clicksRecorded).toHaveLength(1);

    await page.click('#signup');
    await until(async () => (await textOf(page, '#lead')) === 'lead sent', 'the lead sent');
    const leads = standin.tracked().filter((record) => record.path === '/track/lead/client');
    expect(leads).toHaveLength(1);
    expect(leads[0].json).toMatchObject({
      eventName: 'Sign up',
      customerExternalId: 'user_jane',
      clickId: click.clickId,
    });
    expect(leads[0].headers.authorization).toBe('Bearer dub_pk_standin');
    expect(await uncaught(page)).toEqual([]);

    // A later page of the visit: the banner comes from Dub's cookie, at once.
    await page.goto(`${site.url(HOST)}/index.html`);
    await until(async () => (await textOf(page, '#banner')) === banner, 'the partner banner');
    expect(standin.state.clicksRecorded).toHaveLength(1);
    expect(await uncaught(page)).toEqual([]);
  });
});
