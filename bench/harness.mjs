// What every benchmark shares: one headless Chromium, one loopback server that is both the site
// (`http://www.shop.test:PORT`, pages and dist/) and the Dub-like collector
// (`http://127.0.0.1:PORT`, another origin: posts need a CORS preflight, as on a real site), and
// small helpers. Loopback only: `*.shop.test` resolves to 127.0.0.1 inside the browser.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/fixtures/chromium.mjs';
import { startCollector } from '../test/fixtures/collector.mjs';

export const dist = new URL('../dist/', import.meta.url);
export const CORE = readFileSync(new URL('dub-track.js', dist));

/** A script that does nothing, `bytes` long (a comment): the baseline for the core's own cost. */
export const emptyScript = (bytes) => Buffer.from(`/*${' '.repeat(Math.max(0, bytes - 4))}*/`);

export const median = (values) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/** Resolves once the page has been idle (every idle callback queued before has run), then `ms`. */
export const idle = (page, ms = 0) =>
  page.evaluate(
    (ms) => new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, ms))),
    ms,
  );

/** Starts the server and the browser; `close()` stops both. */
export async function startBench() {
  /** Pages and scripts by pathname: a body, or a function of the request URL returning one. */
  const routes = new Map();
  const collector = await startCollector({
    host: '127.0.0.1',
    fallback(req, res) {
      const url = new URL(req.url ?? '/', 'http://bench');
      let body = routes.get(url.pathname);
      let type = url.pathname.endsWith('.js') ? 'text/javascript' : 'text/html';
      if (typeof body === 'function') body = body(url);
      if (body === undefined && url.pathname.startsWith('/dist/')) {
        try {
          const name = url.pathname.slice('/dist/'.length);
          if (!name.includes('..')) body = readFileSync(new URL(name, dist));
          type = 'text/javascript';
        } catch {}
      }
      if (body === undefined) res.writeHead(404).end();
      else
        res
          .writeHead(200, {
            'content-type': type,
            'cache-control': 'no-store',
            // The engine is loaded with crossorigin=anonymous (SRI needs CORS).
            'access-control-allow-origin': '*',
          })
          .end(body);
    },
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP *.shop.test 127.0.0.1'],
  });
  return {
    browser,
    collector,
    /** The site's origin; the collector is `collector.url` (same port, another origin). */
    site: `http://www.shop.test:${collector.port}`,
    route: (pathname, body) => routes.set(pathname, body),
    async close() {
      await browser.close();
      await collector.close();
    },
  };
}

/** The trace of what `run()` made the browser do, for the given categories. */
export async function traced(browser, page, categories, run) {
  await browser.startTracing(page, { categories });
  await run().catch(async (error) => {
    await browser.stopTracing();
    throw error;
  });
  return JSON.parse((await browser.stopTracing()).toString()).traceEvents;
}

/**
 * The tasks of the pages' main threads in a trace, longest first: `ms` as they lasted, `cpuMs`
 * the thread's own time in them (without the waits when the machine's other work ran instead).
 */
export function mainThreadTasks(events) {
  const main = new Set(
    events
      .filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain')
      .map((event) => `${event.pid}:${event.tid}`),
  );
  return events
    .filter((event) => /(^|::)RunTask$/.test(event.name) && main.has(`${event.pid}:${event.tid}`))
    .map((event) => ({ ms: (event.dur ?? 0) / 1000, cpuMs: (event.tdur ?? 0) / 1000 }))
    .sort((a, b) => b.ms - a.ms);
}
