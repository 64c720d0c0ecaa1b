// The end-to-end harness: a site that serves dist/ and test pages, a Dub-like collector on
// another origin, and a record of page errors. Every spec imports `test` and `expect` from here.
// The site and collector live in test/fixtures/site.ts, shared with the engine-neutral suite.
import { mkdirSync, writeFileSync } from 'node:fs';
import { test as base, type Page } from '@playwright/test';
import {
  type Collector,
  type Site,
  type SiteServer,
  startCollector,
  startSite,
} from '../fixtures/site.js';

export { expect } from '@playwright/test';
export {
  type Collector,
  type CollectorAnswer,
  type CollectorRecord,
  html,
  type ScriptAttrs,
  type Site,
  type SitePageOptions,
  type SiteRequest,
  scriptTag,
} from '../fixtures/site.js';

/** Uncaught errors and console errors of every page in the test's browser context. */
export interface PageErrors {
  /** Uncaught exceptions and unhandled promise rejections (`pageerror`). */
  uncaught: string[];
  /** `console.error` output, including Chromium's own lines (failed loads, CORS, CSP). */
  console: string[];
}

/** Waits until the script tag has defined `window.dubTrack` with its methods (not just the stub). */
export async function waitForTracker(page: Page, timeoutMs = 10_000): Promise<void> {
  const predicate = () => {
    const tracker = (window as { dubTrack?: { getClickId?: unknown } }).dubTrack;
    return typeof tracker?.getClickId === 'function';
  };
  await page.waitForFunction(predicate, undefined, { timeout: timeoutMs }).catch(() => {
    throw new Error(`window.dubTrack was not defined within ${timeoutMs} ms (is dist/ built?)`);
  });
}

export const test = base.extend<
  { site: Site; collector: Collector; evil: Collector; pageErrors: PageErrors },
  { siteServer: SiteServer; browserVersion: undefined }
>({
  /** Names the browser, as it reports itself, for `npm test`'s summary row (scripts/e2e.mjs). */
  browserVersion: [
    async ({ browser }, use) => {
      const file = new URL('../../test-results/engine-playwright.json', import.meta.url);
      mkdirSync(new URL('.', file), { recursive: true });
      writeFileSync(file, JSON.stringify({ browser: `chromium ${browser.version()}` }));
      await use(undefined);
    },
    { scope: 'worker', auto: true },
  ],

  siteServer: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright requires the destructuring pattern.
    async ({}, use) => {
      const server = await startSite();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  site: async ({ siteServer }, use) => {
    siteServer.reset();
    await use(siteServer);
  },

  // biome-ignore lint/correctness/noEmptyPattern: Playwright requires the destructuring pattern.
  collector: async ({}, use) => {
    const collector = await startCollector();
    await use(collector);
    await collector.close();
  },

  /** A second collector, started only for the tests that ask for it: the host a polluted `apiHost` would redirect events to. */
  // biome-ignore lint/correctness/noEmptyPattern: Playwright requires the destructuring pattern.
  evil: async ({}, use) => {
    const evil = await startCollector();
    await use(evil);
    await evil.close();
  },

  pageErrors: async ({ context }, use) => {
    const errors: PageErrors = { uncaught: [], console: [] };
    context.on('weberror', (error) => {
      const thrown = error.error();
      errors.uncaught.push(thrown.stack ?? String(thrown));
    });
    context.on('console', (message) => {
      if (message.type() !== 'error') return;
      // Chromium's "Failed to load resource" lines name the resource only in their location.
      const { url } = message.location();
      errors.console.push(url ? `${message.text()} [${url}]` : message.text());
    });
    await use(errors);
  },
});
