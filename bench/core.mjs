// Size of what a page downloads, and the main-thread cost of evaluating the core on a landing
// page: median of RUNS fresh page loads in headless Chromium, the script served from memory on
// loopback, next to a no-op script of the same byte size as the baseline.

import { readFileSync } from 'node:fs';
import http from 'node:http';
import { chromium } from 'playwright-core';
import { BUDGETS, CEILINGS, measure } from '../scripts/size.mjs';
import { table, writeSection } from './results.mjs';

const RUNS = 61;
const core = readFileSync(new URL('../dist/dub-track.js', import.meta.url));
const pad = (code) => Buffer.from(`${code}/*${' '.repeat(core.length - code.length - 4)}*/`);
const baseline = pad('');
// What any capture script pays: one cookie read and one localStorage read, nothing else.
const storageOnly = pad("document.cookie;localStorage.getItem('dub_id');");
const scripts = { '/core.js': core, '/baseline.js': baseline, '/storage.js': storageOnly };

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
// A landing through a short link writes the cookie and the mirror; any other page only reads.
// The three cases are interleaved, so a slow moment of the machine hits all of them alike.
const cases = [
  { label: 'landing with `?dub_id=` (writes)', src: '/core.js', query: (run) => `&dub_id=b${run}` },
  { label: 'page without a click (reads only)', src: '/core.js', query: () => '' },
  { label: 'a cookie read and a localStorage read alone', src: '/storage.js', query: () => '' },
  { label: 'no-op baseline of the same size', src: '/baseline.js', query: () => '' },
];
const BASELINE = cases.length - 1;
const timings = cases.map(() => []);
try {
  for (let run = 0; run < RUNS; run++) {
    for (const [index, { src, query }] of cases.entries()) {
      const context = await browser.newContext();
      const tab = await context.newPage();
      await tab.goto(`${origin}/page?src=${src}${query(run)}`);
      timings[index].push(
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
const medians = timings.map(median);
const baseMs = medians[BASELINE];
const sizeTable = table(
  ['what a page downloads', 'gzip -9 bytes', 'budget (issue 6)', 'enforced by `npm test`'],
  [
    ['landing page: `dist/dub-track.js` (core)', sizes.core, BUDGETS.core, CEILINGS.core],
    [`checkout adds \`dist/${sizes.engineFile}\` (engine)`, sizes.engine, '—', '—'],
    ['core + everything a sale loads', sizes.sale, BUDGETS.sale, CEILINGS.sale],
  ],
);
const evalTable = table(
  [`script (${core.length} B)`, `median of ${RUNS} loads, ms`, 'over the baseline, ms'],
  cases.map(({ label }, index) => [
    label,
    medians[index].toFixed(2),
    index === BASELINE ? '—' : (medians[index] - baseMs).toFixed(2),
  ]),
);
writeSection(
  'Size',
  `Measured by \`node bench/core.mjs\` with node's zlib at level 9 (the same figures \`npm test\` checks).\n\n${sizeTable}`,
);
writeSection(
  'Core evaluation',
  `Measured by \`node bench/core.mjs\`: headless Chromium (Debian), a fresh context per load, the script served from memory on loopback. Time between two marks around the parser-blocking script; the baseline is a comment of the same size served the same way, so the difference is the core's own cost on the main thread: parsing, and capture's synchronous cookie and localStorage accesses, which are cross-process calls in Chromium (the first \`localStorage\` access of a fresh profile is the largest). Timer resolution is 0.1 ms; 2-core machine, one run, no other load.\n\n${evalTable}`,
);
console.log(`${sizeTable}\n\n${evalTable}`);
