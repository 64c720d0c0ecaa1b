// Delivery throughput on loopback: N sales sent at once from a page in headless Chromium to the
// Dub-like collector (examples/collector.mjs), by dub-track with and without injected 503s, next
// to a bare `fetch` loop with the same concurrency and no retries. Median of RUNS runs, a fresh
// browser context (empty outbox) for each. Bounded: fixed counts, a hard time limit, loopback only.

import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startCollector } from '../examples/collector.mjs';
import { table, writeSection } from './results.mjs';

const N = 200;
const RUNS = 5;
/** The engine's limit in flight (src/engine/index.ts CONCURRENCY); the bare loop uses the same. */
const CONCURRENCY = 4;
const RETRY = { limit: 3, backoffLimitMs: 50, timeoutMs: 5000 };
const KEY = 'dub_pk_bench_delivery';
const TIME_LIMIT_MS = 300_000;

const guard = setTimeout(() => {
  console.error(`bench/delivery.mjs: still running after ${TIME_LIMIT_MS / 1000} s, giving up`);
  process.exit(1);
}, TIME_LIMIT_MS);
guard.unref();

const distDir = fileURLToPath(new URL('../dist/', import.meta.url));
const collector = await startCollector({ host: '127.0.0.1' });

const pageHtml = () =>
  `<!doctype html><meta charset="utf-8"><script src="/dist/dub-track.js" data-api-host="${collector.url}" data-publishable-key="${KEY}" data-retry='${JSON.stringify(RETRY)}'></script>`;

// The site: the page and dist/, on its own origin (so requests to the collector are cross-origin
// with a CORS preflight, as on a real site).
const site = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://bench');
  if (url.pathname === '/checkout') {
    res
      .writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' })
      .end(pageHtml());
    return;
  }
  const file = path.join(distDir, decodeURIComponent(url.pathname.replace(/^\/dist\//, '')));
  if (url.pathname.startsWith('/dist/') && file.startsWith(distDir)) {
    if ((await stat(file).catch(() => null))?.isFile()) {
      res.writeHead(200, {
        'content-type': 'text/javascript',
        'access-control-allow-origin': '*',
        'cache-control': 'no-store',
      });
      res.end(await readFile(file));
      return;
    }
  }
  res.writeHead(404).end();
});
await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${site.address().port}`;

/** 30% of POSTs answer 503 (3 of every 10), never more often for one event than it can retry. */
function injectFaults(maxPerEvent) {
  let count = 0;
  const failures = new Map();
  collector.respond((record) => {
    count += 1;
    const key = record.headers['idempotency-key'];
    const failed = failures.get(key) ?? 0;
    if (count % 10 < 3 && failed < maxPerEvent) {
      failures.set(key, failed + 1);
      return { status: 503 };
    }
    return undefined;
  });
}

/** In the page: N sales at once through dub-track; resolves when every promise has settled. */
const viaTracker = async (n) => {
  const started = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: n }, (_, i) =>
      window.dubTrack.sale({
        customerExternalId: `bench_${i}`,
        amount: 100 + i,
        invoiceId: `inv_${i}`,
      }),
    ),
  );
  return {
    ms: performance.now() - started,
    resolved: outcomes.filter((outcome) => outcome.status === 'fulfilled').length,
  };
};

/** In the page: the same N sales with plain fetch, `concurrency` at a time, no retries. */
const viaFetch = async ({ n, url, key, concurrency, run }) => {
  const send = (i) =>
    fetch(url, {
      method: 'POST',
      keepalive: true,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${key}`,
        'idempotency-key': `bare-${run}-${i}`,
      },
      body: JSON.stringify({
        customerExternalId: `bench_${i}`,
        amount: 100 + i,
        invoiceId: `inv_${i}`,
        currency: 'usd',
        eventName: 'Purchase',
        paymentProcessor: 'custom',
        clickId: '',
      }),
    }).then(
      (response) => response.ok,
      () => false,
    );
  let next = 0;
  let resolved = 0;
  const worker = async () => {
    while (next < n) if (await send(next++)) resolved++;
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms: performance.now() - started, resolved };
};

const scenarios = [
  { name: 'dub-track, no faults', tracker: true, faults: false },
  { name: 'dub-track, 30% of POSTs answered 503', tracker: true, faults: true },
  { name: 'bare `fetch` loop (baseline), no faults', tracker: false, faults: false },
  { name: 'bare `fetch` loop, 30% of POSTs answered 503', tracker: false, faults: true },
];

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
    '--host-resolver-rules=MAP *.shop.test 127.0.0.1',
  ],
});

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = [];
try {
  for (const scenario of scenarios) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      await page.goto(`${origin}/checkout`);
      await page.waitForFunction(() => typeof window.dubTrack?.flush === 'function');
      // Warm-up outside the measure: the engine chunk (dub-track) and the CORS preflight (both).
      collector.respond(null);
      if (scenario.tracker) await page.evaluate(viaTracker, 1);
      else
        await page.evaluate(viaFetch, {
          n: 1,
          url: `${collector.url}/track/sale/client`,
          key: KEY,
          concurrency: 1,
          run: `warm-${run}`,
        });
      collector.reset();
      if (scenario.faults) injectFaults(scenario.tracker ? RETRY.limit : Number.POSITIVE_INFINITY);

      const { ms, resolved } = scenario.tracker
        ? await page.evaluate(viaTracker, N)
        : await page.evaluate(viaFetch, {
            n: N,
            url: `${collector.url}/track/sale/client`,
            key: KEY,
            concurrency: CONCURRENCY,
            run,
          });
      const posts = collector.tracked();
      const delivered = new Set(
        posts
          .filter((post) => post.answer?.status >= 200 && post.answer?.status < 300)
          .map((post) => post.headers['idempotency-key']),
      ).size;
      runs.push({
        ms,
        resolved,
        delivered,
        posts: posts.length,
        failed: posts.filter((post) => post.answer?.status === 503).length,
        maxInFlight: collector.maxInFlight,
      });
      await context.close();
    }
    results.push({ scenario, runs });
    const msMedian = median(runs.map((run) => run.ms));
    console.error(
      `${scenario.name}: median ${msMedian.toFixed(0)} ms for ${N} events, ${(N / (msMedian / 1000)).toFixed(0)} events/s`,
    );
  }
} finally {
  await browser.close();
  site.close();
  await collector.close();
}

const rows = results.map(({ scenario, runs }) => {
  const ms = median(runs.map((run) => run.ms));
  const range = (pick) => {
    const values = runs.map(pick);
    const [low, high] = [Math.min(...values), Math.max(...values)];
    return low === high ? String(low) : `${low}–${high}`;
  };
  return [
    scenario.name,
    (N / (ms / 1000)).toFixed(0),
    ms.toFixed(0),
    range((run) => run.delivered),
    range((run) => run.posts),
    range((run) => run.failed),
    range((run) => run.maxInFlight),
  ];
});
const result = table(
  [
    'scenario',
    `events/s (median of ${RUNS})`,
    `ms for ${N} events`,
    `delivered of ${N}`,
    'POSTs',
    '503s',
    'max in flight',
  ],
  rows,
);
writeSection(
  'Delivery',
  `Measured by \`node bench/delivery.mjs\`: headless Chromium (Debian) posts ${N} sales issued at once from a page to the collector of \`examples/collector.mjs\` on another loopback origin (CORS preflight cached by a warm-up call, which also loads the engine). dub-track runs with \`retry ${JSON.stringify(RETRY)}\`; the bare loop posts the same bodies and headers with \`fetch\` (${CONCURRENCY} at a time, \`keepalive\`, no retries, no storage). Faults: 3 of every 10 POSTs answered 503 (for dub-track never more often per event than it retries, so every event can land). Time from the first call until every promise settled, inside the page; median of ${RUNS} runs, each in a fresh browser context; ranges over the runs. The collector answers at once, so on loopback requests seldom overlap there ("max in flight" is what it saw; the page never has more than ${CONCURRENCY} out). 2-core machine, one run, other work on the machine possible.\n\n${result}`,
);
console.log(result);
