// A local stand-in for Dub's tracking API (plain node:http, no dependencies).
// The demo server mounts it at /track/* and the end-to-end tests start one per run:
// it records every request, answers like Dub (same bodies, same error shape) and can be
// scripted to fail, stall or drop the connection.
import http from 'node:http';

const DOC_ERROR_URL = 'https://dub.co/docs/api-reference/errors';

/** Dub's error code for each status it uses; any other status falls back to a generic code. */
export const DUB_ERROR_CODES = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  410: 'invite_expired',
  422: 'unprocessable_entity',
  429: 'rate_limit_exceeded',
  500: 'internal_server_error',
};

/** The body Dub answers errors with: `{error: {code, message, doc_url}}`. */
export function dubError(status, message, code = DUB_ERROR_CODES[status]) {
  const errorCode = code ?? (status >= 500 ? 'internal_server_error' : 'bad_request');
  return {
    error: {
      code: errorCode,
      message: message ?? http.STATUS_CODES[status] ?? 'Error',
      // Dub builds the anchor with `code.replace("_", "-")`, i.e. only the first underscore.
      doc_url: `${DOC_ERROR_URL}#${errorCode.replace('_', '-')}`,
    },
  };
}

const DEFAULT_ALLOW_HEADERS = ['Content-Type', 'Authorization', 'Idempotency-Key'];
const PAYMENT_PROCESSORS = [
  'stripe',
  'shopify',
  'polar',
  'paddle',
  'apple',
  'revenuecat',
  'lemonsqueezy',
  'dub',
  'custom',
];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Creates a collector without a server: mount it with `collector.handle(req, res)`.
 * @param {{allowHeaders?: string[], onEvent?: (record: object, answer: object|string) => void}} [options]
 */
export function createCollector({ allowHeaders = DEFAULT_ALLOW_HEADERS, onEvent } = {}) {
  /** @type {((record: object) => unknown) | null} */
  let script = null;
  /** @type {{count: number, answer: unknown}[]} */
  let failures = [];
  const hanging = new Set();
  const timers = new Set();

  const collector = {
    /** Every request received (preflights included), oldest first. */
    requests: [],
    /** POSTs currently being answered (delayed and hanging ones included). */
    inFlight: 0,
    /** The highest `inFlight` seen since the last `reset()`. */
    maxInFlight: 0,

    /** The POST records only. */
    tracked() {
      return collector.requests.filter((record) => record.method === 'POST');
    },

    /** Installs `fn(record) => undefined | {status, body, headers, delayMs} | 'drop' | 'hang'`; `null` removes it. */
    respond(fn) {
      script = typeof fn === 'function' ? fn : null;
      return collector;
    },

    /** The next `n` POSTs get `answer` (or `answer(record)` when it is a function), later ones the usual answer. */
    failNext(n, answer) {
      if (n > 0) failures.push({ count: n, answer });
      return collector;
    },

    /** Resolves with the POST records once at least `count` have been answered (or rejects after `timeoutMs`). */
    waitForTracked(count = 1, timeoutMs = 5000) {
      const started = Date.now();
      return new Promise((resolve, reject) => {
        const check = () => {
          const posts = collector.tracked();
          if (posts.filter((record) => record.answer !== undefined).length >= count)
            return resolve(posts);
          if (Date.now() - started > timeoutMs) {
            return reject(
              new Error(`collector: expected ${count} tracked request(s), got ${posts.length}`),
            );
          }
          setTimeout(check, 20);
        };
        check();
      });
    },

    /** Forgets requests, scripts and counters, and cuts requests left hanging. */
    reset() {
      collector.requests = [];
      script = null;
      failures = [];
      for (const socket of hanging) socket.destroy();
      hanging.clear();
      collector.maxInFlight = collector.inFlight;
      return collector;
    },

    /** Cuts hanging requests and cancels delayed answers. */
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of hanging) socket.destroy();
      hanging.clear();
    },

    /** Answers preflights and POSTs under /track/; returns false for any other path. */
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://collector.local');
      if (!url.pathname.startsWith('/track/')) return false;

      const record = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: plainHeaders(req.headers),
        body: '',
        json: undefined,
        time: Date.now(),
        answer: undefined,
      };
      collector.requests.push(record);

      if (record.method === 'OPTIONS') {
        record.answer = { status: 204 };
        res.writeHead(204, corsHeaders(req, allowHeaders));
        res.end();
        req.resume();
        return true;
      }

      if (record.method !== 'POST') {
        record.answer = { status: 405 };
        send(res, req, allowHeaders, 405, dubError(405, `Method ${record.method} not allowed.`), {
          Allow: 'POST, OPTIONS',
        });
        req.resume();
        return true;
      }

      collector.inFlight += 1;
      collector.maxInFlight = Math.max(collector.maxInFlight, collector.inFlight);
      let counted = true;
      const done = () => {
        if (!counted) return;
        counted = false;
        collector.inFlight -= 1;
      };
      res.on('close', done);
      req.on('error', done);

      const chunks = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        record.body = Buffer.concat(chunks).toString('utf8');
        try {
          record.json = JSON.parse(record.body);
        } catch {
          record.json = undefined;
        }
        answer(record, req, res);
      });
      return true;
    },
  };

  function scriptedAnswer(record) {
    const failure = failures[0];
    if (failure) {
      failure.count -= 1;
      if (failure.count <= 0) failures.shift();
      return typeof failure.answer === 'function' ? failure.answer(record) : failure.answer;
    }
    return script ? script(record) : undefined;
  }

  function answer(record, req, res) {
    let scripted;
    try {
      scripted = scriptedAnswer(record);
    } catch (error) {
      scripted = {
        status: 500,
        body: dubError(500, `collector script threw: ${error?.message ?? error}`),
      };
    }

    if (scripted === 'drop') {
      record.answer = 'drop';
      res.socket?.destroy();
      onEvent?.(record, 'drop');
      return;
    }
    if (scripted === 'hang') {
      record.answer = 'hang';
      if (res.socket) {
        hanging.add(res.socket);
        res.socket.once('close', () => hanging.delete(res.socket));
      }
      onEvent?.(record, 'hang');
      return;
    }

    const fallback = defaultAnswer(record);
    const options = scripted && typeof scripted === 'object' ? scripted : {};
    const status = options.status ?? fallback.status;
    let body;
    if ('body' in options) body = options.body;
    else if (options.status === undefined || options.status === fallback.status)
      body = fallback.body;
    else if (status >= 400) body = dubError(status);
    else if (status === 204 || status === 304) body = null;
    else body = successBody(record.path, record.json ?? {});

    const write = () => {
      record.answer = { status };
      if (res.destroyed) return;
      send(res, req, allowHeaders, status, body, options.headers);
      onEvent?.(record, record.answer);
    };
    const delayMs = Number(options.delayMs) || 0;
    if (delayMs > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        write();
      }, delayMs);
      timers.add(timer);
    } else {
      write();
    }
  }

  return collector;
}

/**
 * Starts an HTTP server with a collector at /track/*. `fallback(req, res)` serves every
 * other path (404 without it). Other options go to `createCollector`.
 */
export async function startCollector({ host = '127.0.0.1', port = 0, fallback, ...options } = {}) {
  const collector = createCollector(options);
  const server = http.createServer(async (req, res) => {
    try {
      if (collector.handle(req, res)) return;
      if (fallback) {
        await fallback(req, res);
        return;
      }
      send(res, req, [], 404, dubError(404, `No route for ${req.method} ${req.url}.`));
    } catch (error) {
      if (!res.headersSent) send(res, req, [], 500, dubError(500, String(error?.message ?? error)));
      else res.destroy();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const closeCollector = collector.close;
  return Object.assign(collector, {
    server,
    port: address.port,
    url: `http://${shownHost}:${address.port}`,
    /** Stops the server, cutting open and hanging connections. */
    close() {
      closeCollector();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  });
}

function plainHeaders(headers) {
  const plain = {};
  for (const [name, value] of Object.entries(headers)) {
    plain[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return plain;
}

function corsHeaders(req, allowHeaders) {
  const origin = req.headers.origin;
  return {
    'Access-Control-Allow-Origin': origin ?? '*',
    ...(origin ? { Vary: 'Origin' } : {}),
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers': allowHeaders.join(', '),
    'Access-Control-Expose-Headers': 'Retry-After, X-RateLimit-Reset',
    'Access-Control-Max-Age': '600',
  };
}

function send(res, req, allowHeaders, status, body, extraHeaders = {}) {
  const headers = { ...corsHeaders(req, allowHeaders), 'Cache-Control': 'no-store' };
  let payload = '';
  if (body !== null && body !== undefined) {
    if (typeof body === 'string') {
      payload = body;
      headers['Content-Type'] = 'text/plain; charset=utf-8';
    } else {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
  }
  Object.assign(headers, extraHeaders);
  res.writeHead(status, headers);
  res.end(payload);
}

// ---- Dub's default answers --------------------------------------------------------------

function kindOf(path) {
  if (path === '/track/lead/client' || path === '/track/lead') return 'lead';
  if (path === '/track/sale/client' || path === '/track/sale') return 'sale';
  if (path === '/track/customer') return 'customer';
  return null;
}

function defaultAnswer(record) {
  const kind = kindOf(record.path);
  if (!kind) return { status: 404, body: dubError(404, `Endpoint ${record.path} not found.`) };

  const auth = record.headers.authorization;
  if (auth !== undefined && !/^Bearer dub_pk_\S+$/.test(auth)) {
    return {
      status: 401,
      body: dubError(
        401,
        'Unauthorized: Invalid publishable key. Publishable keys start with "dub_pk_".',
      ),
    };
  }
  if (record.json === undefined) {
    return {
      status: 400,
      body: dubError(
        400,
        'Invalid JSON format in request body. Please ensure the request body is a valid JSON object.',
      ),
    };
  }
  const problem = validate(kind, record.json);
  if (problem) return { status: 422, body: dubError(422, problem) };
  return { status: 200, body: successBody(record.path, record.json) };
}

// Messages follow Dub's zod-error format: "<code>: <field>: <message>".
function validate(kind, body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return `invalid_type: Expected object, received ${Array.isArray(body) ? 'array' : body === null ? 'null' : typeof body}`;
  }
  const externalId = body.customerExternalId ?? body.customerId ?? body.externalId;
  const problems = [
    kind === 'lead' && text(body, 'eventName', 1, 255, true),
    // A sale's eventName may be empty at Dub (only a lead's must have a character).
    kind === 'sale' && text(body, 'eventName', 0, 255, false),
    kind !== 'customer' && typeof body.clickId !== 'string' && body.clickId != null
      ? 'invalid_type: clickId: Expected string'
      : null,
    kind === 'lead' && body.clickId == null ? 'invalid_type: clickId: Required' : null,
    text({ customerExternalId: externalId }, 'customerExternalId', 1, 100, true),
    text(body, 'customerName', 0, 100, false),
    text(body, 'customerEmail', 0, 100, false) ??
      (body.customerEmail != null && !EMAIL.test(body.customerEmail)
        ? 'invalid_string: customerEmail: Invalid email'
        : null),
    // Dub takes any string (a URL or base64 data) and uploads it.
    body.customerAvatar != null && typeof body.customerAvatar !== 'string'
      ? 'invalid_type: customerAvatar: Expected string'
      : null,
  ];
  if (kind === 'lead') {
    problems.push(
      body.mode != null && !['async', 'wait', 'deferred'].includes(body.mode)
        ? "invalid_enum_value: mode: Invalid enum value. Expected 'async' | 'wait' | 'deferred'"
        : null,
      body.eventQuantity != null &&
        !(
          Number.isInteger(body.eventQuantity) &&
          body.eventQuantity >= 1 &&
          body.eventQuantity <= 100
        )
        ? 'invalid_type: eventQuantity: Expected an integer between 1 and 100'
        : null,
    );
  }
  if (kind === 'sale') {
    problems.push(
      body.amount === undefined
        ? 'invalid_type: amount: Required'
        : !Number.isSafeInteger(body.amount)
          ? 'invalid_type: amount: Expected integer'
          : body.amount < 0
            ? 'too_small: amount: Number must be greater than or equal to 0'
            : null,
      body.currency != null && !/^[A-Za-z]{3}$/.test(String(body.currency))
        ? 'invalid_string: currency: Must be a three-letter ISO 4217 code'
        : null,
      body.paymentProcessor != null && !PAYMENT_PROCESSORS.includes(body.paymentProcessor)
        ? `invalid_enum_value: paymentProcessor: Invalid enum value. Expected ${PAYMENT_PROCESSORS.map((p) => `'${p}'`).join(' | ')}`
        : null,
      body.invoiceId != null && typeof body.invoiceId !== 'string'
        ? 'invalid_type: invoiceId: Expected string'
        : null,
    );
  }
  if (kind !== 'customer') {
    problems.push(
      body.metadata != null && (typeof body.metadata !== 'object' || Array.isArray(body.metadata))
        ? 'invalid_type: metadata: Expected object'
        : body.metadata != null && JSON.stringify(body.metadata).length > 10000
          ? 'custom: metadata: Metadata must be less than 10,000 characters'
          : null,
    );
  }
  return problems.find(Boolean) ?? null;
}

function text(body, field, min, max, required) {
  const value = body[field];
  if (value === undefined || value === null)
    return required ? `invalid_type: ${field}: Required` : null;
  if (typeof value !== 'string')
    return `invalid_type: ${field}: Expected string, received ${typeof value}`;
  const length = value.trim().length;
  if (length < min) return `too_small: ${field}: String must contain at least ${min} character(s)`;
  if (length > max) return `too_big: ${field}: String must contain at most ${max} character(s)`;
  return null;
}

function successBody(path, body) {
  const externalId = body.customerExternalId ?? body.customerId ?? body.externalId ?? null;
  const name = body.customerName ?? null;
  const email = body.customerEmail ?? null;
  const avatar = body.customerAvatar ?? null;
  switch (kindOf(path)) {
    case 'lead':
      return {
        click: { id: body.clickId ?? '' },
        link: null,
        customer: { name, email, avatar, externalId },
      };
    case 'sale':
      return {
        eventName: body.eventName ?? 'Purchase',
        customer: { id: customerId(externalId), name, email, avatar, externalId },
        sale: {
          amount: body.amount ?? 0,
          currency: String(body.currency ?? 'usd').toLowerCase(),
          paymentProcessor: body.paymentProcessor ?? 'custom',
          invoiceId: body.invoiceId ?? null,
          metadata: body.metadata ?? null,
        },
      };
    case 'customer':
      return { customer: { id: customerId(externalId), externalId, name, email, avatar } };
    default:
      return {};
  }
}

// A stable fake Dub customer ID, so that the same external ID always maps to the same customer.
function customerId(externalId) {
  let hash = 2166136261;
  for (const char of String(externalId))
    hash = Math.imul(hash ^ char.codePointAt(0), 16777619) >>> 0;
  return `cus_${hash.toString(36).padStart(7, '0')}`;
}
