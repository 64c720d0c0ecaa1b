// The demo behind `npm start`: serves the example pages and dist/, mounts the local
// collector at /track/*, and lets the checkout page tell the collector how to fail. A second
// port serves the faithful Dub stand-in; `?api=dub` on a page sends its events there, and
// `?api=first-party` sends them through dub-track/server at /first-party/track/*, which forwards
// them to the stand-in with a secret key and absorbs repeated idempotency keys.
// Listens on loopback only.
import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDubHandler, toNodeHandler } from 'dub-track/server';
import { createCollector, dubError } from '../test/fixtures/collector.mjs';
import { createDubStandin } from '../test/fixtures/dub-standin.mjs';

const examplesDir = path.dirname(fileURLToPath(import.meta.url));
const rootDir = path.dirname(examplesDir);
const distDir = path.join(rootDir, 'dist');
const dataDir = path.join(rootDir, '.data');
const eventsFile = path.join(dataDir, 'events.jsonl');
const port = Number(process.env.PORT) || 8787;
const dubPort = Number(process.env.DUB_PORT) || port + 1;
/** The key the stand-in knows (any site host allowed, as a Dub workspace without an allow-list). */
const STANDIN_KEY = 'dub_pk_standin';
/** The stand-in's secret key, held by the first-party endpoint and never sent to a browser. */
const STANDIN_SECRET_KEY = 'dub_standin_demo_secret';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};
const EXAMPLE_TYPES = new Set(['.html', '.css', '.js', '.svg', '.png', '.ico']);
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:";

// ---- What the collector received ----------------------------------------------------------

const RECENT_LIMIT = 200;
/** @type {object[]} newest last */
const recentEvents = [];
mkdirSync(dataDir, { recursive: true });

function recordEvent(record, answer, note) {
  const event = {
    time: new Date(record.time).toISOString(),
    method: record.method ?? 'POST',
    path: record.path,
    status: typeof answer === 'string' ? answer : answer.status,
    idempotencyKey: record.headers['idempotency-key'] ?? null,
    body: record.json ?? record.body,
    ...(note && { note }),
  };
  recentEvents.push(event);
  if (recentEvents.length > RECENT_LIMIT) recentEvents.shift();
  try {
    appendFileSync(eventsFile, `${JSON.stringify(event)}\n`);
  } catch (error) {
    console.error(`could not append to ${eventsFile}: ${error.message}`);
  }
  console.log(`${event.time}  ${String(event.status).padEnd(4)} ${event.method} ${event.path}`);
}

// ---- Failure modes ------------------------------------------------------------------------

/** How many attempts a temporary failure mode lasts before the collector answers normally again. */
const FAILING_ATTEMPTS = 2;
const MODES = {
  ok: {},
  503: {
    attempts: FAILING_ATTEMPTS,
    // An overloaded proxy, not Dub itself: plain text, no JSON.
    answer: () => ({ status: 503, body: 'Service Unavailable' }),
  },
  429: {
    attempts: FAILING_ATTEMPTS,
    answer: () => ({
      status: 429,
      headers: { 'Retry-After': '2' },
      body: dubError(
        429,
        "You've been rate limited. Please try again in 2 seconds.",
        'rate_limit_exceeded',
      ),
    }),
  },
  '429ms': {
    attempts: FAILING_ATTEMPTS,
    // What Dub's rate limiter really sends: the reset time as epoch milliseconds.
    answer: () => {
      const reset = String(Date.now() + 3000);
      return {
        status: 429,
        headers: {
          'Retry-After': reset,
          'X-RateLimit-Limit': '600',
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': reset,
        },
        body: dubError(429, 'Too many requests.', 'rate_limit_exceeded'),
      };
    },
  },
  400: {
    answer: () => ({
      status: 400,
      body: dubError(400, 'Bad request (the demo collector is set to refuse every event).'),
    }),
  },
  drop: { attempts: FAILING_ATTEMPTS, answer: () => 'drop' },
  // Every attempt fails until a page of the demo is loaded again: the events wait in the outbox
  // and the reload delivers them.
  hold: { answer: () => ({ status: 503, body: 'Service Unavailable' }) },
};

let mode = 'ok';
let remaining = 0;

const collector = createCollector({ onEvent: recordEvent });
/** How many leads and sales the stand-in has recorded: an accepted request that adds none was de-duplicated. */
const recordedByStandin = () => standin.state.leads.length + standin.state.sales.length;
let lastRecorded = 0;
/** What Dub made of an accepted conversion, for the log: recorded, de-duplicated, or nothing to record. */
function standinNote(record) {
  const recorded = recordedByStandin();
  const added = recorded > lastRecorded;
  lastRecorded = recorded;
  const status = record.answer?.status;
  if (!/^\/track\/(lead|sale)/.test(record.path) || status >= 300) return 'at the Dub stand-in';
  if (added) return 'at the Dub stand-in: recorded';
  if (record.path.startsWith('/track/sale') && record.answer?.body?.sale === null)
    return 'at the Dub stand-in: nothing recorded (sale: null: no customer for this ID and no click, or amount 0)';
  return record.path.startsWith('/track/sale')
    ? 'at the Dub stand-in: de-duplicated by invoiceId, the first answer again, no second sale'
    : 'at the Dub stand-in: de-duplicated (one lead per customer and event name), nothing new recorded';
}
// Dub as Dub behaves: no failure modes, but its CORS, key checks, limit, 422s and sale: null.
const standin = createDubStandin({
  keys: { [STANDIN_KEY]: [] },
  secretKeys: [STANDIN_SECRET_KEY],
  onEvent: (record) => {
    if (record.method === 'POST' || record.method === 'PATCH')
      recordEvent(record, record.answer, standinNote(record));
  },
});

// The site's own endpoint, as a site would run it: the stand-in plays Dub's API for the SDK.
const dubHandler = createDubHandler({
  basePath: '/first-party',
  secretKey: STANDIN_SECRET_KEY,
  serverURL: `http://127.0.0.1:${dubPort}`,
  // The demo's signed-in user, as a site's session would say: customer updates for user_42 go
  // through, any other ID is refused (403), and a lead or sale without an ID gets this one.
  authorize: () => 'user_42',
  log: (line) => console.log(line),
});
/** The handler, each of its answers written to the log (a replayed one reached no one). */
const firstParty = toNodeHandler(
  Object.assign(
    async (request, context) => {
      const copy = request.method === 'POST' ? request.clone() : null;
      const response = await dubHandler(request, context);
      if (copy) {
        const body = await copy.text().catch(() => '');
        let json;
        try {
          json = JSON.parse(body);
        } catch {}
        const replayed = response.headers.get('idempotent-replayed') === 'true';
        recordEvent(
          {
            time: Date.now(),
            path: new URL(request.url).pathname,
            headers: { 'idempotency-key': request.headers.get('idempotency-key') ?? undefined },
            json,
            body,
          },
          { status: response.status },
          replayed
            ? 'replayed: the first answer again, nothing sent to Dub'
            : 'first-party endpoint',
        );
      }
      return response;
    },
    { handles: dubHandler.handles },
  ),
);

function setMode(next) {
  mode = next;
  remaining = MODES[next].attempts ?? Number.POSITIVE_INFINITY;
  if (next === 'ok') {
    collector.respond(null);
    return;
  }
  collector.respond(() => {
    if (remaining <= 0) return undefined;
    remaining -= 1;
    const answer = MODES[mode].answer();
    // A temporary failure ends by itself; the page sees the switch back when it polls.
    if (remaining <= 0) {
      mode = 'ok';
      collector.respond(null);
    }
    return answer;
  });
}

/** The modes in the order the page lists them (numeric-looking keys would sort first). */
const MODE_NAMES = ['ok', '503', '429', '429ms', '400', 'drop', 'hold'];

function modeState() {
  const limited = mode !== 'ok' && Number.isFinite(remaining);
  return { mode, remaining: limited ? remaining : null, modes: MODE_NAMES };
}

// ---- HTTP ---------------------------------------------------------------------------------

function sendJson(res, status, body) {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

function readBody(req, limit = 10_000) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > limit) {
        reject(new Error('body too large'));
        req.destroy();
      }
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

async function handleDemoApi(req, res, pathname) {
  if (pathname === '/__demo/mode') {
    if (req.method === 'GET') return sendJson(res, 200, modeState());
    if (req.method === 'POST') {
      let requested;
      try {
        requested = JSON.parse(await readBody(req)).mode;
      } catch {
        return sendJson(res, 400, { error: 'expected a JSON body {"mode": …}' });
      }
      if (!Object.hasOwn(MODES, String(requested))) {
        return sendJson(res, 400, {
          error: `unknown mode; use one of ${MODE_NAMES.join(', ')}`,
        });
      }
      setMode(String(requested));
      console.log(`collector mode: ${mode}`);
      return sendJson(res, 200, modeState());
    }
  }
  if (pathname === '/__demo/events' && req.method === 'GET') {
    return sendJson(res, 200, { events: recentEvents.slice().reverse() });
  }
  return sendJson(res, 404, { error: 'not found' });
}

// Only hosts that look like a host[:port] are echoed into pages.
function pageOrigin(req) {
  const host = req.headers.host;
  return /^[A-Za-z0-9.[\]:-]+$/.test(host ?? '') ? `http://${host}` : `http://localhost:${port}`;
}

async function serveFile(req, res, baseDir, relative, allowedTypes) {
  const ext = path.extname(relative).toLowerCase();
  const file = path.resolve(baseDir, `.${path.posix.normalize(`/${relative}`)}`);
  const inside = file.startsWith(baseDir + path.sep);
  const hidden = relative.split('/').some((part) => part.startsWith('.'));
  if (!inside || hidden || !allowedTypes.has(ext)) return notFound(res);

  let content;
  try {
    content = await readFile(file);
  } catch {
    return notFound(
      res,
      baseDir === distDir ? 'dist/ is missing this file; run `npm run build`.' : undefined,
    );
  }
  const headers = {
    'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  // dist/ is served as a CDN serves it, so pages on other origins (your own page trying the
  // script against the stand-in) can load it: its chunks are fetched with CORS for their SRI check.
  if (baseDir === distDir) headers['Access-Control-Allow-Origin'] = '*';
  if (ext === '.html') {
    // A page load ends the `hold` mode: what waited in the outbox is delivered by this page.
    if (mode === 'hold') setMode('ok');
    const origin = pageOrigin(req);
    const api = new URL(req.url ?? '/', origin).searchParams.get('api');
    let text = content
      .toString('utf8')
      .replaceAll('%ORIGIN%', origin)
      .replaceAll('%API%', ['dub', 'first-party'].includes(api) ? api : 'collector');
    headers['Content-Security-Policy'] = CSP;
    if (api === 'first-party') {
      // Same origin: the script sends Idempotency-Key, and customer() has a route.
      text = text.replace(`data-api-host="${origin}"`, `data-api-host="${origin}/first-party"`);
    }
    if (api === 'dub') {
      // The script tag's apiHost and key point at the stand-in, another origin as Dub's API is.
      const dubOrigin = `http://${new URL(origin).hostname}:${dubPort}`;
      text = text
        .replace(`data-api-host="${origin}"`, `data-api-host="${dubOrigin}"`)
        .replace('data-publishable-key="dub_pk_demo"', `data-publishable-key="${STANDIN_KEY}"`);
      headers['Content-Security-Policy'] = CSP.replace(
        "connect-src 'self'",
        `connect-src 'self' ${dubOrigin}`,
      );
    }
    content = text;
  }
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : content);
}

function notFound(res, message = 'Not found') {
  res.writeHead(404, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(message);
}

async function handle(req, res) {
  if (dubHandler.handles(req.url ?? '/')) return firstParty(req, res);
  if (collector.handle(req, res)) return;

  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    return notFound(res);
  }
  if (pathname.startsWith('/__demo/')) return handleDemoApi(req, res, pathname);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' });
    return res.end();
  }
  if (pathname.startsWith('/dist/')) {
    return serveFile(req, res, distDir, pathname.slice('/dist/'.length), new Set(['.js', '.map']));
  }
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
  return serveFile(req, res, examplesDir, relative, EXAMPLE_TYPES);
}

const server = http.createServer((req, res) => {
  // No connection is reused: Chromium silently re-sends a request whose reused connection was
  // dropped, so the page would never see the `drop` mode's failures.
  res.shouldKeepAlive = false;
  handle(req, res).catch((error) => {
    console.error(error);
    if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    else res.destroy();
  });
});

// `localhost` may resolve to either loopback address, so listen on both (IPv6 when present).
function listen(target, host, on = port) {
  return new Promise((resolve, reject) => {
    target.once('error', reject);
    target.listen(on, host, () => {
      target.off('error', reject);
      resolve();
    });
  });
}

await listen(server, '127.0.0.1');
const server6 = http.createServer(server.listeners('request')[0]);
await listen(server6, '::1').catch(() => {});

// The stand-in answers every path of its port as Dub's API host does.
const dubServers = [http.createServer(standin.handle), http.createServer(standin.handle)];
await listen(dubServers[0], '127.0.0.1', dubPort);
await listen(dubServers[1], '::1', dubPort).catch(() => {});

console.log(`dub-track demo: http://localhost:${port}/`);
console.log(`  landing page through a short link: http://localhost:${port}/?dub_id=demo_click_123`);
console.log(`  checkout page:                     http://localhost:${port}/checkout.html`);
console.log(`  checkout against the Dub stand-in: http://localhost:${port}/checkout.html?api=dub`);
console.log(
  `  checkout through dub-track/server: http://localhost:${port}/checkout.html?api=first-party`,
);
console.log(`  received events are appended to   ${path.relative(process.cwd(), eventsFile)}`);
console.log(
  `Dub stand-in (Dub's tracking API; publishable key ${STANDIN_KEY}): http://localhost:${dubPort}`,
);
console.log(`  the script for your own pages:    http://localhost:${port}/dist/dub-track.js`);

// Events are appended synchronously, so there is nothing to flush: stop at once.
function shutdown() {
  collector.close();
  server.close();
  server6.close();
  for (const dubServer of dubServers) dubServer.close();
  process.exit(0);
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
