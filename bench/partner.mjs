// `node bench/partner.mjs` (part of `npm run bench`): what a site that runs a Dub partner program
// (`data-domains`) pays, beside Dub's own script in the same run when a built copy of it is at
// hand: bytes and script CPU on a plain page of such a site, on a page with outbound links and on
// a `?via=` landing, and how soon a sale made just before leaving arrives. Dub's script is never
// kept in this repository: build `dubinc/analytics`' packages/script with its own build script
// somewhere else and point DUB_SCRIPT_DIR at its `dist/analytics`; without it Dub's column says
// "not measured". Writes the "Partner sites" section of bench/RESULTS.md.
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { dist, idle, median, startBench, traced } from './harness.mjs';
import { table, writeSection } from './results.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const SALES = Number(process.env.BENCH_SALES ?? 20);
const DUB_DIR = process.env.DUB_SCRIPT_DIR;
/** Dub's builds for these pages: site visits and outbound links; conversion tracking. */
const dubFile = (name) =>
  DUB_DIR && existsSync(path.join(DUB_DIR, name)) ? readFileSync(path.join(DUB_DIR, name)) : null;
const DUB_PARTNER = dubFile('script.site-visit.outbound-domains.js');
const DUB_SALES = dubFile('script.conversion-tracking.js');

const gz = (buffer) => gzipSync(buffer, { level: 9 }).length;
const DOMAINS = { refer: 'refer.shop.test', site: 'site.shop.test', outbound: ['docs.shop.test'] };
const LINKS = Array.from(
  { length: 5 },
  (_, i) => `<a href="http://docs.shop.test/guide/${i}?lang=en">docs ${i}</a>`,
).join('');
/** Dub's queueing stub, written the way Dub's docs describe it (calls kept until the script runs). */
const DUB_STUB = `<script>window.dubAnalytics=window.dubAnalytics||function(){(window.dubAnalytics.q=window.dubAnalytics.q||[]).push(arguments)};</script>`;

/** The machine's load average over the last minute, beside its cores: CPU figures move with it. */
const load = () => `${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;
const loadAtStart = load();

const bench = await startBench();
const { browser, collector, site, route } = bench;
const tag = (src) =>
  `<script src="${src}" data-api-host="${collector.url}" data-publishable-key="dub_pk_bench" data-domains='${JSON.stringify(DOMAINS)}'></script>`;
route('/page', (url) => {
  const src = url.searchParams.get('src');
  return `<!doctype html>${tag(src)}<p>A page of the site.</p><a href="/pricing">pricing</a>${url.searchParams.has('links') ? LINKS : ''}`;
});
if (DUB_PARTNER) route('/dub/partner.js', DUB_PARTNER);
if (DUB_SALES) route('/dub/sales.js', DUB_SALES);
collector.respond((record) =>
  record.path === '/track/click'
    ? { status: 200, body: { clickId: 'bench_via_click', partner: null, discount: null } }
    : record.path === '/track/visit'
      ? { status: 200, body: { clickId: 'bench_visit_click' } }
      : undefined,
);

/** The scripts of each side, by URL path: dub-track's core and chunks, or Dub's script. */
const ours = (url) => url.pathname.startsWith('/dist/dub-track.');
const dubs = (url) => url.pathname.startsWith('/dub/');
const sides = [
  { name: 'dub-track', src: '/dist/dub-track.js', owns: ours },
  ...(DUB_PARTNER ? [{ name: 'Dub', src: '/dub/partner.js', owns: dubs }] : []),
];

/**
 * Opens `query` on a fresh profile (with a known click when `cookie`), until the page is idle
 * (and its registration answered, when `registers`); returns the bytes of the side's scripts it
 * downloaded (gzip -9) and their CPU: the thread time of `EvaluateScript` and `FunctionCall`
 * trace events of those scripts.
 */
async function open(side, query, { cookie = false, registers = false } = {}) {
  const context = await browser.newContext();
  if (cookie)
    await context.addCookies([
      { name: 'dub_id', value: 'bench_known_click', domain: 'www.shop.test', path: '/' },
    ]);
  const page = await context.newPage();
  const files = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (side.owns(url)) files.push(url.pathname);
  });
  collector.requests.length = 0;
  const events = await traced(browser, page, ['devtools.timeline'], async () => {
    await page.goto(`${site}/page?src=${side.src}${query}`);
    if (registers)
      for (let i = 0; i < 200 && !collector.tracked().some((r) => r.path === '/track/click'); i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
    await idle(page, 200);
  });
  const urls = new Set(files.map((file) => `${site}${file}`));
  const cpuMs = events
    .filter(
      (event) =>
        (event.name === 'EvaluateScript' || event.name === 'FunctionCall') &&
        urls.has(event.args?.data?.url),
    )
    .reduce((sum, event) => sum + (event.tdur ?? 0) / 1000, 0);
  const bytes = files.reduce(
    (sum, file) =>
      sum +
      gz(
        file.startsWith('/dub/')
          ? file === '/dub/partner.js'
            ? DUB_PARTNER
            : DUB_SALES
          : readFileSync(new URL(file.slice('/dist/'.length), dist)),
      ),
    0,
  );
  await context.close();
  return { bytes, cpuMs, files };
}

const scenarios = [
  { name: 'plain page of a partner site (click known)', query: '', options: { cookie: true } },
  { name: 'page with 5 outbound links (click known)', query: '&links', options: { cookie: true } },
  { name: '`?via=` landing (fresh profile)', query: '&via=john', options: { registers: true } },
];
const figures = {};
try {
  for (const scenario of scenarios) {
    console.error(`bench: ${scenario.name}…`);
    const runs = Object.fromEntries(sides.map((side) => [side.name, []]));
    for (let run = 0; run < RUNS; run++)
      for (const side of sides)
        runs[side.name].push(await open(side, scenario.query, scenario.options));
    figures[scenario.name] = Object.fromEntries(
      Object.entries(runs).map(([name, list]) => [
        name,
        {
          bytes: median(list.map((r) => r.bytes)),
          cpuMs: median(list.map((r) => r.cpuMs)),
          files: [...new Set(list.flatMap((r) => r.files))].map((file) => path.basename(file)),
        },
      ]),
    );
  }

  // A sale, then `location.href` at once (the engine not loaded yet): when it arrives, measured
  // from the next page's load event, and how often.
  console.error('bench: sale, then leave…');
  const checkout = (src, call) =>
    `<!doctype html>${src.startsWith('/dub/') ? DUB_STUB : ''}<script src="${src}" data-api-host="${collector.url}" data-publishable-key="dub_pk_bench"></script><button id="pay" onclick="${call};location.href='/thanks?src=${src}'">Pay</button>`;
  route('/checkout', (url) =>
    checkout(
      url.searchParams.get('src'),
      url.searchParams.get('src').startsWith('/dub/')
        ? `dubAnalytics.trackSale({customerExternalId:'u',amount:100,invoiceId:'${url.searchParams.get('inv')}'})`
        : `dubTrack.sale({customerExternalId:'u',amount:100,invoiceId:'${url.searchParams.get('inv')}'})`,
    ),
  );
  route(
    '/thanks',
    (url) =>
      `<!doctype html><script src="${url.searchParams.get('src')}" data-api-host="${collector.url}" data-publishable-key="dub_pk_bench"></script><h1>Thank you</h1>`,
  );
  const saleSides = [
    { name: 'dub-track', src: '/dist/dub-track.js' },
    ...(DUB_SALES ? [{ name: 'Dub', src: '/dub/sales.js' }] : []),
  ];
  const sales = Object.fromEntries(saleSides.map((side) => [side.name, []]));
  for (let run = 0; run < SALES; run++)
    for (const side of saleSides) {
      const context = await browser.newContext();
      const page = await context.newPage();
      collector.requests.length = 0;
      const invoice = `inv_${side.name}_${run}`;
      await page.goto(`${site}/checkout?src=${side.src}&inv=${invoice}&dub_id=sale_click_${run}`);
      await page.click('#pay');
      await page.waitForURL(/\/thanks/, { waitUntil: 'load' });
      const loaded = await page.evaluate(
        () => performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventEnd,
      );
      const posts = () =>
        collector
          .tracked()
          .filter((r) => r.path === '/track/sale/client' && r.json?.invoiceId === invoice);
      for (let i = 0; i < 60 && !posts().length; i++)
        await new Promise((resolve) => setTimeout(resolve, 100));
      // Long enough for a second copy sent after the 3 s grace to be counted too.
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      const arrived = posts();
      sales[side.name].push({
        count: arrived.length,
        afterLoadMs: arrived.length ? arrived[0].time - loaded : null,
        allMs: arrived.map((r) => Math.round(r.time - loaded)),
      });
      // BENCH_VERBOSE=1: each run's arrivals (ms after the next page's load) on stderr.
      if (process.env.BENCH_VERBOSE) console.error(side.name, run, sales[side.name].at(-1).allMs);
      await context.close();
    }
  figures.sales = sales;
} finally {
  await bench.close();
}
const loadAtEnd = load();

const NOT_MEASURED = 'not measured';
const ms = (value) => `${value.toFixed(1)} ms`;
const ratio = (a, b) => (b ? (a / b).toFixed(2) : '—');
const rows = [];
for (const scenario of scenarios) {
  const { 'dub-track': mine, Dub: dub } = figures[scenario.name];
  rows.push([
    `${scenario.name}: bytes (gzip -9)`,
    `${mine.bytes} B (${mine.files.join(', ')})`,
    dub ? `${dub.bytes} B` : NOT_MEASURED,
    dub ? ratio(mine.bytes, dub.bytes) : '—',
  ]);
  rows.push([
    `${scenario.name}: script CPU`,
    ms(mine.cpuMs),
    dub ? ms(dub.cpuMs) : NOT_MEASURED,
    dub ? ratio(mine.cpuMs, dub.cpuMs) : '—',
  ]);
}
const saleRow = (list) => {
  if (!list) return NOT_MEASURED;
  const arrived = list.filter((r) => r.count > 0);
  const soon = arrived.filter((r) => r.afterLoadMs <= 1000).length;
  const twice = list.filter((r) => r.count > 1).length;
  const delays = arrived.map((r) => r.afterLoadMs);
  return `${arrived.length} of ${list.length} arrived, ${soon} within 1 s of the next page's load${twice ? `, ${twice} twice` : ''}; median ${delays.length ? ms(median(delays)) : '—'}, longest ${delays.length ? ms(Math.max(...delays)) : '—'}`;
};
rows.push([
  'a sale, then `location.href` at once (engine not loaded)',
  saleRow(figures.sales['dub-track']),
  saleRow(figures.sales.Dub),
  '—',
]);
const dubNote = DUB_PARTNER
  ? `Dub's script: \`${path.basename(DUB_DIR)}\` from \`DUB_SCRIPT_DIR\`, built from \`dubinc/analytics\` (packages/script) with its own build script, outside this repository: \`script.site-visit.outbound-domains.js\` for the pages, \`script.conversion-tracking.js\` (with Dub's queueing stub before it) for the sale.`
  : "Dub's script: not measured (no `DUB_SCRIPT_DIR` with a build of `dubinc/analytics`' packages/script).";
const summary = table(['figure', 'dub-track', "Dub's script, same run", 'ratio'], rows);
writeSection(
  'Partner sites',
  `Written by \`node bench/partner.mjs\`: headless Chromium (Debian) on loopback, the site on \`http://www.shop.test:PORT\`, the Dub-like collector on \`http://127.0.0.1:PORT\` answering \`/track/click\` and \`/track/visit\` as Dub does. ${dubNote}

${summary}

- Machine load (1-minute average): ${loadAtStart} at the start, ${loadAtEnd} at the end; both sides ran interleaved under it, so the ratios are fairer than the milliseconds.
- Pages: the tag with \`data-domains\` ${JSON.stringify(DOMAINS)} in the head, median of ${RUNS} fresh profiles each, the two scripts interleaved. A known click is a \`dub_id\` cookie set before the visit; the \`?via=\` landing waits for its \`/track/click\`. Bytes: gzip -9 of every script of the side the page downloaded (files listed). Script CPU: the thread time of the \`EvaluateScript\` and \`FunctionCall\` trace events of those scripts, until the page is idle (promise callbacks and the browser's own work for them are not in it, for either side).
- Sale: ${SALES} fresh profiles each; a button calls the sale and sets \`location.href\` in the same task, the next page has the same tag; arrival time at the collector minus the next page's \`loadEventEnd\` (negative: before it), waiting up to 6 s for the first copy and 3.5 s more for a second one ("twice": the same sale arrived two times).`,
);
console.log(summary);
