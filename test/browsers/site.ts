// The site under test and the Dub-like collector, shared by both end-to-end harnesses: the
// Playwright fixtures (test/e2e) and the engine-neutral suite (test/browsers). Plain node:http.
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));
const collectorModuleUrl = new URL('../../examples/collector.mjs', import.meta.url).href;

/** One request the collector received (preflights included), as examples/collector.mjs records it. */
export interface CollectorRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** The raw body; `json` is its parse, or `undefined` when it is not JSON. */
  body: string;
  json: unknown;
  /** `Date.now()` when the request arrived. */
  time: number;
  /** What it was answered: `{status}`, `'drop'`, `'hang'`, or `undefined` while pending. */
  answer: { status: number } | 'drop' | 'hang' | undefined;
}

/** What a `respond`/`failNext` script returns: the default Dub answer, a custom one, or a cut. */
export type CollectorAnswer =
  | undefined
  | 'drop'
  | 'hang'
  | { status?: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

/** The Dub-like API the tracker posts to (examples/collector.mjs, started on 127.0.0.1). */
export interface Collector {
  /** `http://127.0.0.1:PORT`: the value for `data-api-host`. */
  url: string;
  port: number;
  requests: CollectorRecord[];
  inFlight: number;
  maxInFlight: number;
  /** The POST records only. */
  tracked(): CollectorRecord[];
  respond(fn: ((record: CollectorRecord) => CollectorAnswer) | null): Collector;
  failNext(
    n: number,
    answer: CollectorAnswer | ((record: CollectorRecord) => CollectorAnswer),
  ): Collector;
  /** Resolves with the POST records once `count` of them have been answered. */
  waitForTracked(count?: number, timeoutMs?: number): Promise<CollectorRecord[]>;
  reset(): Collector;
  /**
   * `false`: every connection to the collector is cut as soon as it opens, before any HTTP (open
   * ones too), so a request fails on the network and nothing is recorded; `true` undoes it.
   */
  reachable(reachable: boolean): void;
  close(): Promise<void>;
}

interface CollectorModule {
  startCollector(options?: {
    host?: string;
    port?: number;
  }): Promise<Omit<Collector, 'reachable'> & { server: http.Server }>;
}

/** Starts examples/collector.mjs on 127.0.0.1, a port of its own (another origin than the site). */
export async function startCollector(): Promise<Collector> {
  const { startCollector: start } = (await import(collectorModuleUrl)) as CollectorModule;
  const collector = await start({ host: '127.0.0.1' });
  let cut = false;
  collector.server.prependListener('connection', (socket) => {
    if (cut) socket.destroy();
  });
  return Object.assign(collector, {
    reachable(reachable: boolean) {
      cut = !reachable;
      if (cut) collector.server.closeAllConnections();
    },
  });
}

/** One request the browser made to the site. */
export interface SiteRequest {
  method: string;
  /** The pathname, e.g. `/dist/dub-track.js`; `query` holds the search string without `?`. */
  path: string;
  query: string;
  /** The Host header, e.g. `www.shop.test:41234`. */
  host: string;
  time: number;
}

/** Options for `site.page`. */
export interface SitePageOptions {
  /** Extra response headers, e.g. `{ 'Content-Security-Policy': "script-src 'self'" }`. */
  headers?: Record<string, string>;
  /** Default 200. */
  status?: number;
}

/** The site under test: serves `dist/` at `/dist/*` and the pages a test registers. */
export interface Site {
  port: number;
  /** `http://127.0.0.1:PORT`, or `http://HOST:PORT` for a host such as `www.shop.test`. */
  url(host?: string): string;
  /** Serves `body` at `pathname` (any query string); content type from the extension, else HTML. */
  page(pathname: string, body: string, options?: SitePageOptions): void;
  /** Makes `pathname` (a page or a dist file) answer `status` with an empty body. */
  failPath(pathname: string, status?: number): void;
  /** What the browser fetched from the site during this test, oldest first. */
  requests: SiteRequest[];
  /**
   * Holds the answers to the requests `match` picks (by path and query) until
   * the test releases them: to make a response arrive at a chosen moment.
   */
  hold(match: (url: URL) => boolean): Hold;
  /** Forgets the registered pages, failures, holds and requests (done before every test). */
  reset(): void;
}

/** Answers held by `site.hold`. */
export interface Hold {
  /** Resolves once `count` held requests have arrived. */
  arrived(count: number): Promise<void>;
  /** Answers the held requests; later ones are answered at once. */
  release(): void;
}

interface HoldState {
  match: (url: URL) => boolean;
  held: number;
  released: Promise<void>;
  release: () => void;
  /** Checked whenever a request is held: each `arrived` call that still waits. */
  waiting: Set<() => void>;
}

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

function contentTypeOf(pathname: string): string {
  return contentTypes[path.extname(pathname)] ?? 'text/html; charset=utf-8';
}

export interface SiteServer extends Site {
  close(): Promise<void>;
}

/** Starts the site on 127.0.0.1 (hosts like `www.shop.test` reach it through each engine's host mapping). */
export async function startSite(): Promise<SiteServer> {
  const pages = new Map<string, { body: string; options: SitePageOptions }>();
  const failures = new Map<string, number>();
  const requests: SiteRequest[] = [];
  const holds: HoldState[] = [];

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://site.local');
    // Chromium asks for a favicon on its own, at a time of its choosing: not the page's doing.
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      return;
    }
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.slice(1),
      host: req.headers.host ?? '',
      time: Date.now(),
    });
    req.resume();
    const hold = holds.find((candidate) => candidate.match(url));
    if (hold) {
      hold.held++;
      for (const check of hold.waiting) check();
      await hold.released;
    }
    const noStore = { 'Cache-Control': 'no-store' };
    const failure = failures.get(url.pathname);
    if (failure !== undefined) {
      res.writeHead(failure, noStore).end();
      return;
    }
    const page = pages.get(url.pathname);
    if (page) {
      res.writeHead(page.options.status ?? 200, {
        'Content-Type': contentTypeOf(url.pathname),
        ...noStore,
        ...page.options.headers,
      });
      res.end(page.body);
      return;
    }
    if (url.pathname.startsWith('/dist/')) {
      const file = path.join(distDir, decodeURIComponent(url.pathname.slice('/dist/'.length)));
      const isFile = file.startsWith(distDir) && (await stat(file).catch(() => null))?.isFile();
      if (isFile) {
        // Like a CDN: the engine chunk is loaded with crossorigin=anonymous (SRI needs CORS).
        res.writeHead(200, {
          'Content-Type': contentTypeOf(file),
          'Access-Control-Allow-Origin': '*',
          ...noStore,
        });
        res.end(await readFile(file));
        return;
      }
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...noStore });
    res.end(`site: nothing at ${url.pathname}`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('site: no TCP address');
  const port = address.port;

  return {
    port,
    requests,
    url: (host = '127.0.0.1') => `http://${host}:${port}`,
    page(pathname, body, options = {}) {
      pages.set(pathname, { body, options });
    },
    failPath(pathname, status = 404) {
      failures.set(pathname, status);
    },
    hold(match) {
      const state = { match, held: 0, waiting: new Set() } as HoldState;
      state.released = new Promise((resolve) => {
        state.release = resolve;
      });
      holds.push(state);
      return {
        arrived: (count) =>
          new Promise((resolve) => {
            const check = () => {
              if (state.held < count) return;
              state.waiting.delete(check);
              resolve();
            };
            state.waiting.add(check);
            check();
          }),
        release: () => {
          if (holds.includes(state)) holds.splice(holds.indexOf(state), 1);
          state.release();
        },
      };
    },
    reset() {
      for (const hold of holds.splice(0)) hold.release();
      pages.clear();
      failures.clear();
      requests.length = 0;
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Attribute values for `scriptTag`: `true` writes a bare attribute, objects are written as JSON. */
export type ScriptAttrs = Record<string, string | number | boolean | object | null | undefined>;

/**
 * The tag a site owner writes: `<script src="/dist/dub-track.js" data-api-host="<collector>">`.
 * `attrs` add or override attributes (`undefined`/`false` removes one, e.g. `data-api-host`);
 * `from` loads the script from another host of the site (e.g. `cdn.shop.test`), not the page's own.
 */
export function scriptTag(
  site: Site,
  collector: Collector,
  attrs: ScriptAttrs = {},
  { from }: { from?: string } = {},
): string {
  const src = `${from ? site.url(from) : ''}/dist/dub-track.js`;
  // The collector is another origin whose CORS allows Idempotency-Key: a site owner names the
  // header for such an endpoint (by default it goes only to the page's own origin).
  const idempotency =
    'data-api-host' in attrs ? {} : { 'data-idempotency-header': 'Idempotency-Key' };
  const all: ScriptAttrs = { src, 'data-api-host': collector.url, ...idempotency, ...attrs };
  const written = Object.entries(all).flatMap(([name, value]) => {
    if (value === undefined || value === null || value === false) return [];
    if (value === true) return [name];
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    return [`${name}="${escapeAttribute(text)}"`];
  });
  return `<script ${written.join(' ')}></script>`;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** An HTML page whose `<head>` holds `head` (e.g. a `scriptTag`) and whose body holds `body`. */
export function html(head: string, body = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
}

/** Waits in the test (not the page): for what can only be seen as an absence. */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The POSTs the collector received with `eventId` as their idempotency key: one event's attempts. */
export const postsOf = (collector: Collector, eventId: string): CollectorRecord[] =>
  collector.tracked().filter((post) => post.headers['idempotency-key'] === eventId);

/**
 * The file name of the engine chunk the built core loads (it carries its hash), found in dist/
 * and checked against dist/dub-track.js: for telling the engine's request apart or making it fail.
 */
export const engineFile = () => {
  const dist = new URL('../../dist/', import.meta.url);
  const name = readdirSync(dist).find((file) => /^dub-track\.engine\.[\da-f]+\.js$/.test(file));
  // The core builds the name from the hash it carries (`dub-track.<name>.<hash>.js`).
  const hash = name?.split('.')[2];
  if (!hash || !readFileSync(new URL('dub-track.js', dist), 'utf8').includes(`.${hash}.js`))
    throw new Error('dist/dub-track.js loads no engine chunk of dist/: run npm run build');
  return name;
};
