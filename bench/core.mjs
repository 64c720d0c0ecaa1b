// Size of what a page downloads, and the main-thread cost of evaluating the core on a landing
// page: median of RUNS fresh page loads in headless Chromium, the script served from memory on
// loopback, next to a no-op script of the same byte size as the baseline.

import { readFileSync } from 'node:fs';
import http from 'node:http';
import { chromium } from 'playwright-core';
import { BUDGETS, measure } from '../scripts/size.mjs';
import { table, writeSection } from './results.mjs';

const RUNS = 41;
const core = readFileSync(new URL('../dist/dub-track.js', import.meta.url));
const baseline = Buffer.from(`/*${' '.repeat(core.length - 4)}*/`);
const scripts = { '/core.js': core, '/baseline.js': baseline };

// The marks around a parser-blocking script take in its fetch too; the baseline has the same fetch.
const page = (src) =>
  `<!doctype html><script>performance.mark('before')</script><script src="${src}" data-api-host="http://127.0.0.1:9"></script><script>performance.mark('after')</script>`;

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://bench');
  if (scripts[url.pathname])
    res
      .writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' })
      .end(scripts[url.pathname]);
  else if (url.pathname === '/page')
    res.writeHead(200, { 'content-type': 'text/html' }).end(page(url.searchParams.get('src')));
  else res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const timings = { '/core.js': [], '/baseline.js': [] };
try {
  for (let run = 0; run < RUNS; run++) {
    for (const src of Object.keys(timings)) {
      const context = await browser.newContext();
      const tab = await context.newPage();
      await tab.goto(`${origin}/page?src=${src}&dub_id=bench_${run}`);
      timings[src].push(
        await tab.evaluate(() => performance.measure('core', 'before', 'after').duration),
      );
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}

const sizes = measure();
const coreMs = median(timings['/core.js']);
const baseMs = median(timings['/baseline.js']);
const sizeTable = table(
  ['what a page downloads', 'gzip -9 bytes', 'budget (issue 6)'],
  [
    ['landing page: `dist/dub-track.js` (core)', sizes.core, BUDGETS.core],
    [`checkout adds \`dist/${sizes.engineFile}\` (engine)`, sizes.engine, '—'],
    ['core + everything a sale loads', sizes.sale, BUDGETS.sale],
  ],
);
const evalTable = table(
  ['script (same byte size)', `median of ${RUNS} loads, ms`],
  [
    [`core (${core.length} B)`, coreMs.toFixed(2)],
    ['no-op baseline', baseMs.toFixed(2)],
    ['core evaluation cost (difference)', (coreMs - baseMs).toFixed(2)],
  ],
);
writeSection(
  'Size',
  `Measured by \`node bench/core.mjs\` with node's zlib at level 9 (the same figures \`npm test\` checks).\n\n${sizeTable}`,
);
writeSection(
  'Core evaluation',
  `Measured by \`node bench/core.mjs\`: headless Chromium (Debian), a fresh context per load, the script served from memory on loopback with \`?dub_id=\` in the URL (capture writes the cookie and the mirror). Time between two marks around the parser-blocking script; the baseline is a comment of the same size, so the difference is the core's own cost on the main thread. 2-core machine, one run, no other load.\n\n${evalTable}`,
);
console.log(`${sizeTable}\n\n${evalTable}`);
