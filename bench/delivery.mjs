// Checkout pages: how soon a first sale reaches the endpoint, how a burst of leads is delivered
// (throughput, the longest main-thread task, storage work) and what the engine leaves in the JS
// heap, each next to a bare `fetch` doing the same posts. A fresh browser context per run: cold
// HTTP cache, no CORS preflight cached, empty storage.
import { CORE, emptyScript, idle, mainThreadTasks, median, traced } from './harness.mjs';

const KEY = 'dub_pk_bench';
const FIRST_SALE_RUNS = 21;
const BURST = 200;
const BURST_RUNS = 5;
/** The engine's limit in flight; the bare loop uses the same. */
const CONCURRENCY = 4;
const HEAP_RUNS = 5;
const RETRY = { limit: 3, backoffLimitMs: 50, timeoutMs: 5000 };
const SALE = { customerExternalId: 'cus_bench', amount: 1999, invoiceId: 'inv_bench' };

/** In the page: `n` leads at once through dub-track; resolves when every promise has settled. */
async function leadsViaTracker(n) {
  const started = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: n }, (_, i) =>
      window.dubTrack.lead({ eventName: 'Sign up', customerExternalId: `bench_${i}` }),
    ),
  );
  return {
    ms: performance.now() - started,
    delivered: outcomes.filter((outcome) => outcome.status === 'fulfilled').length,
  };
}

/**
 * In the page: the same leads with plain `fetch`, `concurrency` at a time, no retries; with
 * `read`, each answer is read too (as Dub's own script's `trackLead` reads it, and as the
 * tracker does to return it), else only its status is looked at.
 */
async function leadsViaFetch({ n, url, key, concurrency, read = false }) {
  const send = (i) =>
    fetch(url, {
      method: 'POST',
      keepalive: true,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${key}`,
        'idempotency-key': `bare-${performance.now()}-${i}`,
      },
      body: JSON.stringify({
        eventName: 'Sign up',
        customerExternalId: `bench_${i}`,
        clickId: 'bench_click',
      }),
    }).then(
      async (response) => {
        if (read) await response.text();
        return response.ok;
      },
      () => false,
    );
  let next = 0;
  let delivered = 0;
  const worker = async () => {
    while (next < n) if (await send(next++)) delivered++;
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms: performance.now() - started, delivered };
}

/** In the page: counts localStorage reads, writes, removals and key scans from now on. */
function countStorage() {
  const ops = { getItem: 0, setItem: 0, removeItem: 0, scans: 0 };
  window.__storageOps = ops;
  for (const method of ['getItem', 'setItem', 'removeItem']) {
    const original = Storage.prototype[method];
    Storage.prototype[method] = function (...args) {
      ops[method] += 1;
      return original.apply(this, args);
    };
  }
  // A scan lists every key: `Object.keys(localStorage)`, or `key(i)` up to `length`.
  const keys = Object.keys;
  Object.keys = (target) => {
    if (target === localStorage) ops.scans += 1;
    return keys(target);
  };
  const length = Object.getOwnPropertyDescriptor(Storage.prototype, 'length');
  Object.defineProperty(Storage.prototype, 'length', {
    configurable: true,
    get() {
      ops.scans += 1;
      return length.get.call(this);
    },
  });
}

export async function measureDelivery({ browser, collector, site, route }) {
  const tag = (preload) =>
    `<script src="/dist/dub-track.js" data-api-host="${collector.url}" data-publishable-key="${KEY}" data-retry='${JSON.stringify(RETRY)}'${preload ? ' data-preload="engine"' : ''}></script>`;
  route('/checkout', (url) => `<!doctype html>${tag(url.searchParams.has('preload'))}`);
  route('/bench/empty.js', emptyScript(CORE.length));
  route('/bare', '<!doctype html><script src="/bench/empty.js"></script>');
  const fetchArgs = (n, concurrency) => ({
    n,
    url: `${collector.url}/track/lead/client`,
    key: KEY,
    concurrency,
  });

  /** A fresh context on `path`, its tracker (if any) defined and the page idle. */
  const open = async (path, origin = site) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    await page.goto(`${origin}${path}`);
    // Polled by hand: `waitForFunction` would leave Playwright's own script in the page's heap.
    await page.evaluate(
      (engine) =>
        new Promise((resolve) => {
          const check = () =>
            (!engine || 'dub-track.engine' in window) &&
            typeof window.dubTrack?.flush === 'function'
              ? resolve()
              : setTimeout(check, 5);
          if (location.pathname === '/checkout') check();
          else resolve();
        }),
      path.includes('preload'),
    );
    await idle(page, 200);
    return { context, page };
  };

  // 1. The first sale of a page that has called nothing yet: call → the POST at the endpoint.
  // The baseline sends the same request as the script, `keepalive` included (the script's
  // requests must survive a navigation), and the same without `keepalive`, as Dub's script sends it.
  const firstSale = { preload: [], plain: [], fetch: [], fetchPlain: [] };
  for (let run = 0; run < FIRST_SALE_RUNS; run++)
    for (const [name, path] of [
      ['preload', '/checkout?preload&dub_id=bench_click'],
      ['plain', '/checkout?dub_id=bench_click'],
      ['fetch', '/bare'],
      ['fetchPlain', '/bare'],
    ]) {
      const { context, page } = await open(path);
      collector.reset();
      const calledAt =
        name === 'fetch' || name === 'fetchPlain'
          ? await page.evaluate(
              ({ url, key, sale, keepalive }) => {
                const at = Date.now();
                fetch(url, {
                  method: 'POST',
                  keepalive,
                  headers: {
                    'content-type': 'application/json',
                    authorization: `Bearer ${key}`,
                    'idempotency-key': `first-${at}`,
                  },
                  body: JSON.stringify({ ...sale, currency: 'usd', clickId: 'bench_click' }),
                });
                return at;
              },
              {
                url: `${collector.url}/track/sale/client`,
                key: KEY,
                sale: SALE,
                keepalive: name === 'fetch',
              },
            )
          : await page.evaluate((sale) => {
              const at = Date.now();
              window.dubTrack.sale(sale).catch(() => {});
              return at;
            }, SALE);
      const [post] = await collector.waitForTracked(1, 30_000);
      firstSale[name].push(post.time - calledAt);
      await context.close();
    }

  // 2. 200 leads at once, after a warm-up call (engine loaded, preflight cached): throughput, and
  // in one traced run each, the longest task of the page's main thread.
  const burst = {
    tracker: [],
    fetch: [],
    fetchRead: [],
    trackerTask: 0,
    fetchTask: 0,
    delivered: [],
  };
  const fire = (page, via, n) =>
    via === 'tracker'
      ? page.evaluate(leadsViaTracker, n)
      : page.evaluate(leadsViaFetch, {
          ...fetchArgs(n, via === 'warm' ? 1 : CONCURRENCY),
          read: via === 'fetchRead',
        });
  const warm = async (via, origin = site) => {
    const opened = await open(via === 'tracker' ? '/checkout?dub_id=bench_click' : '/bare', origin);
    await fire(opened.page, via === 'tracker' ? 'tracker' : 'warm', 1);
    await idle(opened.page, 100);
    collector.reset();
    return opened;
  };
  for (let run = 0; run <= BURST_RUNS; run++)
    for (const via of ['tracker', 'fetch', 'fetchRead']) {
      // The traced run: the tracker and the plain loop.
      if (run === BURST_RUNS && via === 'fetchRead') continue;
      const { context, page } = await warm(via);
      if (run < BURST_RUNS) {
        const { ms, delivered } = await fire(page, via, BURST);
        burst[via].push(BURST / (ms / 1000));
        burst.delivered.push(delivered);
      } else {
        const events = await traced(browser, page, ['toplevel', 'devtools.timeline'], () =>
          fire(page, via, BURST),
        );
        burst[`${via}Task`] = mainThreadTasks(events)[0] ?? { ms: 0, cpuMs: 0 };
      }
      await context.close();
    }
  // The same on a secure context (`localhost`), as a site on https is: there the script holds a
  // Web Lock for each event while it sends it, which plain-http pages do not have.
  const secure = site.replace('www.shop.test', 'localhost');
  const secureBurst = { tracker: [], fetch: [], fetchRead: [] };
  for (let run = 0; run < BURST_RUNS; run++)
    for (const via of ['tracker', 'fetch', 'fetchRead']) {
      const { context, page } = await warm(via, secure);
      secureBurst[via].push(BURST / ((await fire(page, via, BURST)).ms / 1000));
      await context.close();
    }

  // 3. Storage operations while leads are delivered, for bursts of 100, 200 and 1,000 (the
  // backlog each event is added to, claimed from and removed from).
  const storage = {};
  for (const n of [100, BURST, 1000]) {
    const { context, page } = await warm('tracker');
    await page.evaluate(countStorage);
    const { delivered } = await page.evaluate(leadsViaTracker, n);
    await idle(page, 300);
    storage[n] = { ...(await page.evaluate(() => window.__storageOps)), delivered };
    await context.close();
  }

  // 4. JS heap after one sale (after GC), next to a page with the empty script and no call, and
  // to that page after one bare `fetch` post. The pages are driven over CDP alone, values never
  // returned: Playwright's evaluate would leave its own serializer's compiled code in the heap
  // measured (about 15 kB more on the page whose call returns an object).
  const heap = { tracker: [], fetch: [], empty: [] };
  const inPage = (cdp, expression) =>
    cdp.send('Runtime.evaluate', {
      expression: `(async () => { ${expression} })().then(() => undefined)`,
      awaitPromise: true,
    });
  const calls = {
    tracker: `await window.dubTrack.sale(${JSON.stringify(SALE)});`,
    fetch: `await (${leadsViaFetch})(${JSON.stringify(fetchArgs(1, 1))});`,
    empty: '',
  };
  for (let run = 0; run < HEAP_RUNS; run++)
    for (const via of ['tracker', 'fetch', 'empty']) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${site}${via === 'tracker' ? '/checkout?dub_id=bench_click' : '/bare'}`);
      const cdp = await context.newCDPSession(page);
      const settle = (ms) =>
        inPage(cdp, `await new Promise((r) => requestIdleCallback(() => setTimeout(r, ${ms})));`);
      await settle(200);
      await inPage(cdp, calls[via]);
      await settle(300);
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      heap[via].push((await cdp.send('Runtime.getHeapUsage')).usedSize);
      await context.close();
    }

  return {
    firstSale: {
      runs: FIRST_SALE_RUNS,
      preload: median(firstSale.preload),
      plain: median(firstSale.plain),
      fetch: median(firstSale.fetch),
      fetchPlain: median(firstSale.fetchPlain),
    },
    burst: {
      n: BURST,
      runs: BURST_RUNS,
      concurrency: CONCURRENCY,
      tracker: median(burst.tracker),
      fetch: median(burst.fetch),
      fetchRead: median(burst.fetchRead),
      delivered: Math.min(...burst.delivered),
      secure: {
        tracker: median(secureBurst.tracker),
        fetch: median(secureBurst.fetch),
        fetchRead: median(secureBurst.fetchRead),
      },
      trackerTask: burst.trackerTask,
      fetchTask: burst.fetchTask,
    },
    storage,
    heap: {
      runs: HEAP_RUNS,
      tracker: median(heap.tracker),
      fetch: median(heap.fetch),
      empty: median(heap.empty),
    },
  };
}
