// examples/vite: a user's Vite app with three pages: `dub-track` as an ES module (index.html),
// `import 'dub-track/script'` (script.html, which a bundler must not tree-shake away) and
// `dub-track/react` (react.html). Built with Vite (the engine must be split into its own chunk
// and found) and run in Vite's dev server (where the engine must come from Vite's own modules,
// not the page root), each page delivers a sale.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { build, createServer, type ViteDevServer } from 'vite';
import { type Collector, expect, test } from './fixtures.js';

const root = fileURLToPath(new URL('../../examples/vite/', import.meta.url));
const outDir = fileURLToPath(new URL('../../test-results/vite-example/', import.meta.url));

/** Builds the example with the collector as its API host (Vite reads VITE_* from the environment). */
async function buildExample(collector: Collector) {
  process.env.VITE_DUB_PUBLISHABLE_KEY = 'dub_pk_vite';
  process.env.VITE_DUB_API_HOST = collector.url;
  await rm(outDir, { recursive: true, force: true });
  await build({ root, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
}

/** Serves a folder on 127.0.0.1, as any static host would. */
async function serveFolder(folder: string) {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
  const server = http.createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const file = path.join(folder, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(folder) || !(await stat(file).catch(() => null))?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
    res.end(await readFile(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Lands through a Dub link, presses Buy, and checks the sale the collector received. */
async function buyAndCheck(page: Page, collector: Collector, url: string) {
  collector.reset();
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  await page.goto(`${url}?dub_id=vite_click_1`);
  await expect(page.locator('#click')).toHaveText('vite_click_1');
  const beforeBuy = scripts.length;
  await page.click('#buy');
  await expect(page.locator('#result')).toHaveText('sale delivered (200)', { timeout: 20_000 });
  const [sale] = await collector.waitForTracked(1);
  expect(sale.path).toBe('/track/sale/client');
  expect(sale.json).toMatchObject({ clickId: 'vite_click_1', amount: 4900, currency: 'usd' });
  expect(collector.tracked()).toHaveLength(1);
  expect(sale.headers.authorization).toBe('Bearer dub_pk_vite');
  // The engine arrived with the first call, as its own script.
  expect(scripts.length).toBeGreaterThan(beforeBuy);
  return scripts.slice(beforeBuy);
}

test.describe.configure({ timeout: 120_000 });

test('the Vite example, built, splits off the engine and delivers a sale from each page', async ({
  page,
  collector,
}) => {
  await buildExample(collector);
  const assets = await readdir(path.join(outDir, 'assets'));
  // The app, and the engine as chunks of their own.
  expect(assets.filter((name) => name.endsWith('.js')).length).toBeGreaterThan(1);
  const served = await serveFolder(outDir);
  try {
    for (const file of ['index.html', 'script.html', 'react.html']) {
      const loadedOnBuy = await buyAndCheck(page, collector, `${served.url}/${file}`);
      expect(loadedOnBuy.every((script) => script.startsWith('/assets/'))).toBe(true);
    }
  } finally {
    await served.close();
  }
});

test("the Vite example in Vite's dev server finds the engine and delivers a sale from each page", async ({
  page,
  collector,
}) => {
  process.env.VITE_DUB_PUBLISHABLE_KEY = 'dub_pk_vite';
  process.env.VITE_DUB_API_HOST = collector.url;
  const server: ViteDevServer = await createServer({
    root,
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    // Its own cache, so a run never reuses another checkout's pre-bundled modules.
    cacheDir: path.join(outDir, '..', 'vite-cache'),
  });
  await server.listen();
  try {
    const address = server.httpServer?.address() as { port: number };
    for (const file of ['index.html', 'script.html', 'react.html']) {
      const loadedOnBuy = await buyAndCheck(
        page,
        collector,
        `http://127.0.0.1:${address.port}/${file}`,
      );
      // Not from the page root (where nothing is): from Vite's module graph.
      expect(loadedOnBuy.some((script) => /engine/.test(script))).toBe(true);
    }
  } finally {
    await server.close();
  }
});
