// examples/migrating-from-dub-analytics: a React app written for `@dub/analytics` (a layout with
// `<Analytics>`, a banner with `useAnalytics()`, `window.dubAnalytics.trackLead`), switched by its
// import lines only. Built with Vite, it behaves as it did with Dub's script: after a partner-link
// landing (`?via=jane`) the banner shows the partner and the discount, and the lead reaches Dub.
// [Chromium only: needs a Vite build]
import { readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { type StartedDubStandin, startDubStandin } from '../fixtures/dub-standin.mjs';
import { expect, test } from './fixtures.js';

const root = fileURLToPath(
  new URL('../../examples/migrating-from-dub-analytics/', import.meta.url),
);
const outDir = fileURLToPath(new URL('../../test-results/migration-example/', import.meta.url));

const PARTNER = { id: 'pn_jane', name: 'Jane Partner', image: null };
const DISCOUNT = { id: 'disc_1', amount: 20, type: 'percentage', maxDuration: null };

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
  return { port, close: () => new Promise((resolve) => server.close(resolve)) };
}

let standin: StartedDubStandin | undefined;
test.afterEach(async () => {
  await standin?.close();
  standin = undefined;
});

test.describe.configure({ timeout: 120_000 });

test('an @dub/analytics React app, switched by its imports, shows the partner banner after a ?via= landing', async ({
  page,
  pageErrors,
}) => {
  standin = await startDubStandin({
    links: [{ domain: 'refer.shop.test', key: 'jane', partner: PARTNER, discount: DISCOUNT }],
  });
  process.env.VITE_DUB_API_HOST = standin.url;
  await rm(outDir, { recursive: true, force: true });
  await build({ root, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  const served = await serveFolder(outDir);
  try {
    // www.shop.test maps to 127.0.0.1 in the fixtures' Chromium: a site under the partner domain.
    await page.goto(`http://www.shop.test:${served.port}/index.html?via=jane`);
    // Rendered without partner first, then again once the click answer brings the data.
    await expect(page.locator('#banner')).toHaveText('Jane Partner gives you 20% off');
    const click = standin.state.clicksRecorded[0] as { clickId: string };
    expect(click.clickId).toBeTruthy();

    await page.click('#signup');
    await expect(page.locator('#lead')).toHaveText('lead sent');
    const leads = standin.tracked().filter((record) => record.path === '/track/lead/client');
    expect(leads).toHaveLength(1);
    expect(leads[0].json).toMatchObject({
      eventName: 'Sign up',
      customerExternalId: 'user_jane',
      clickId: click.clickId,
    });
    expect(leads[0].headers.authorization).toBe('Bearer dub_pk_standin');

    // A later page of the visit: the banner comes from Dub's cookie, at once.
    await page.goto(`http://www.shop.test:${served.port}/index.html`);
    await expect(page.locator('#banner')).toHaveText('Jane Partner gives you 20% off');
    expect(pageErrors.uncaught).toEqual([]);
  } finally {
    await served.close();
  }
});
