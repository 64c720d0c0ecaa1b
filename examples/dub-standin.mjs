// A faithful local stand-in for Dub's tracking API, for tests and the demo (plain node:http).
// Unlike the permissive collector.mjs, it behaves as Dub's open-source server does (apps/web:
// app/(ee)/api/track/*, lib/auth/publishable-key.ts, lib/api/cors.ts, lib/zod/schemas/leads.ts
// and sales.ts, the Upstash sliding-window limiter): the browser routes only, Dub's CORS headers
// (no Expose-Headers), publishable-key checks, 600 requests a minute per key, zod 4 validation
// with Dub's 422 messages, de-duplication and the 200 answers that record nothing. It also has
// the secret-key routes the `dub` SDK calls from a server (lib/auth/workspace.ts's key checks):
// POST /track/lead, POST /track/sale and PATCH /customers/:id (`ext_<externalId>` or Dub's id). The schemas
// and logic below are re-written from those facts, not copied.

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { generateErrorMessage } from 'zod-error';

// ---- Dub's request and response schemas (zod 4, as Dub's lockfile pins) -----------------

// Dub caps metadata by its JSON length, after zod has accepted any string-keyed record.
const metadata = z
  .record(z.string(), z.any())
  .nullish()
  .default(null)
  .refine((value) => !value || JSON.stringify(value).length <= 10000, {
    message: 'Metadata must be less than 10,000 characters when stringified',
  });

/** What `POST /track/lead/client` accepts (unknown keys are dropped, as zod objects do). */
export const trackLeadRequestSchema = z.object({
  // Required, but `""` means "use the click of the customer Dub already knows".
  clickId: z.string().trim(),
  eventName: z.string().trim().min(1, 'eventName is required').max(255),
  customerExternalId: z.string().trim().min(1, 'customerExternalId is required').max(100),
  customerName: z.string().max(100).nullish().default(null),
  customerEmail: z.email().max(100).nullish().default(null),
  // A URL or base64 image data: Dub uploads whatever it is given.
  customerAvatar: z.string().nullish().default(null),
  // Not nullish: `null` is refused, only absence takes the default.
  mode: z.enum(['async', 'wait', 'deferred']).default('async'),
  eventQuantity: z.number().int().positive().max(100).nullish(),
  metadata,
});

/** The payment processors Dub's main branch accepts (no `lemonsqueezy`). */
export const PAYMENT_PROCESSORS = [
  'stripe',
  'shopify',
  'polar',
  'paddle',
  'apple',
  'revenuecat',
  'dub',
  'custom',
];

/** What `POST /track/sale/client` accepts. */
export const trackSaleRequestSchema = z.object({
  customerExternalId: z.string().trim().min(1, 'customerExternalId is required').max(100),
  amount: z.number({ error: 'amount is required' }).int().min(0, 'amount cannot be negative'),
  // Any string, lowercased; `null` is refused (only absence takes the default).
  currency: z
    .string()
    .default('usd')
    .transform((value) => value.toLowerCase()),
  // Not trimmed, and `null` is refused.
  eventName: z.string().max(255).optional().default('Purchase'),
  paymentProcessor: z.enum(PAYMENT_PROCESSORS).default('custom'),
  // Not trimmed: it is the de-duplication key, `""` included.
  invoiceId: z.string().nullish().default(null),
  metadata,
  leadEventName: z.string().nullish().default(null),
  clickId: z.string().trim().nullish(),
  customerName: z.string().max(100).nullish().default(null),
  customerEmail: z.email().max(100).nullish().default(null),
  customerAvatar: z.string().nullish().default(null),
});

/** What `PATCH /customers/:id` accepts (Dub's updateCustomerBodySchema, the fields the SDK sends). */
export const updateCustomerRequestSchema = z.object({
  name: z.string().max(100).nullish(),
  email: z.email().max(100).nullish(),
  avatar: z.string().nullish(),
  externalId: z.string().max(100).nullish(),
});

const linkAnswer = z.object({
  id: z.string(),
  domain: z.string(),
  key: z.string(),
  shortLink: z.string(),
  url: z.string(),
  partnerId: z.string().nullable(),
  programId: z.string().nullable(),
  tenantId: z.string().nullable(),
  externalId: z.string().nullable(),
});

/** Dub's 200 answer to a lead. */
export const trackLeadResponseSchema = z.object({
  click: z.object({ id: z.string() }),
  link: linkAnswer.nullable(),
  customer: z.object({
    name: z.string().nullable(),
    email: z.string().nullable(),
    avatar: z.string().nullable(),
    externalId: z.string().nullable(),
  }),
});

/** Dub's 200 answer to a sale; `customer` and `sale` are `null` when nothing was recorded. */
export const trackSaleResponseSchema = z.object({
  eventName: z.string(),
  customer: z
    .object({
      id: z.string(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      avatar: z.string().nullable(),
      externalId: z.string().nullable(),
    })
    .nullable(),
  sale: z
    .object({
      amount: z.number(),
      currency: z.string(),
      paymentProcessor: z.string(),
      invoiceId: z.string().nullable(),
      metadata: z.record(z.string(), z.any()).nullable(),
    })
    .nullable(),
});

/** Dub's error body: `{error: {code, message, doc_url}}`. */
export const dubErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), doc_url: z.string().optional() }),
});

// `/track/click`: the domain loses a leading `www.` before it is checked.
const trackClickSchema = z.object({
  domain: z.preprocess(
    (value) => (typeof value === 'string' ? value.replace(/^www\./, '') : value),
    z.string({ error: 'domain is required.' }),
  ),
  key: z.string({ error: 'key is required.' }),
  url: z.string().nullish(),
  referrer: z.string().nullish(),
});

// ---- Dub's answers ---------------------------------------------------------------------------

/** The CORS headers of every answer on Dub's track routes: no Expose-Headers, two request headers. */
export const DUB_CORS_HEADERS = Object.freeze({
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization',
});

const STATUS_OF = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  exceeded_limit: 403,
  not_found: 404,
  conflict: 409,
  invite_pending: 409,
  invite_expired: 410,
  unprocessable_entity: 422,
  rate_limit_exceeded: 429,
  internal_server_error: 500,
};
const DOC_ERROR_URL = 'https://dub.co/docs/api-reference/errors';

class DubApiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
    this.status = STATUS_OF[code];
  }
}

/** `{error: {code, message, doc_url}}`; Dub's anchor replaces only the first underscore. */
export function dubErrorBody(code, message) {
  return { error: { code, message, doc_url: `${DOC_ERROR_URL}#${code.replace('_', '-')}` } };
}

/** Dub's 422 message for a zod error: the first issue as "code: path: message" (zod-error). */
export function zodErrorMessage(error) {
  return generateErrorMessage(error.issues, {
    maxErrors: 1,
    delimiter: { component: ': ' },
    path: { enabled: true, type: 'objectNotation', label: '' },
    code: { enabled: true, label: '' },
    message: { enabled: true, label: '' },
  });
}

// Next.js's own not-found page: every path Dub has no route for, with no CORS headers.
const NOT_FOUND_HTML =
  '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>404: This page could not be found.</title></head><body><div style="font-family:system-ui,&quot;Segoe UI&quot;,Roboto,Helvetica,Arial,sans-serif;height:100vh;text-align:center;display:flex;flex-direction:column;align-items:center;justify-content:center"><div><h1 class="next-error-h1" style="display:inline-block;margin:0 20px 0 0;padding:0 23px 0 0;font-size:24px;font-weight:500;vertical-align:top;line-height:49px">404</h1><div style="display:inline-block"><h2 style="font-size:14px;font-weight:400;line-height:49px;margin:0">This page could not be found.</h2></div></div></div></body></html>';

const R2_URL = 'https://dubassets.com';
const ADJECTIVES = ['Big', 'Quiet', 'Swift', 'Bright', 'Gentle', 'Brave'];
const COLOURS = ['Red', 'Blue', 'Green', 'Amber', 'Violet', 'Teal'];
const ANIMALS = ['Caribou', 'Heron', 'Otter', 'Lynx', 'Falcon', 'Marmot'];

function pick(list) {
  return list[randomBytes(1)[0] % list.length];
}
function randomName() {
  return `${pick(ADJECTIVES)} ${pick(COLOURS)} ${pick(ANIMALS)}`;
}
function nanoid(size) {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return Array.from(randomBytes(size), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** The hostname Dub checks: from `Referer`, else `Origin`, without a leading `www.`. */
export function hostnameOf(headers) {
  const source = headers.referer || headers.origin;
  if (!source) return null;
  try {
    return new URL(source).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** Dub's allow-list check: empty list allows all; `*.example.com` allows proper subdomains only. */
export function hostnameAllowed(allowedHostnames, headers) {
  if (!allowedHostnames || allowedHostnames.length === 0) return true;
  const hostname = hostnameOf(headers);
  if (!hostname) return false;
  if (allowedHostnames.includes(hostname)) return true;
  return allowedHostnames
    .filter((entry) => entry.startsWith('*.'))
    .some((entry) => hostname.endsWith(`.${entry.slice(2)}`));
}

function forbiddenHost(headers) {
  return new DubApiError(
    'forbidden',
    `Request origin '${hostnameOf(headers)}' is not included in the allowed hostnames for this workspace. Update your allowed hostnames here: https://app.dub.co/settings/tracking`,
  );
}

// ---- The stand-in ----------------------------------------------------------------------------

/**
 * @typedef {object} DubStandinOptions
 * @property {Record<string, string[] | {allowedHostnames?: string[], plan?: string}>} [keys]
 *   Publishable keys Dub knows, each with its workspace's allowed hostnames (empty = any host,
 *   as Dub) and plan (default `business`; `free`/`pro` answer 403 "Need higher plan.").
 *   Default: `{dub_pk_standin: []}`.
 * @property {number | {requests?: number, windowMs?: number}} [rateLimit] Per key, sliding
 *   window. Default 600 requests per 60,000 ms, as Dub.
 * @property {'any' | string[]} [clicks] Click IDs Dub has recorded (plus those minted by
 *   `/track/click` and `/track/visit`). Default `'any'`: every non-empty click ID is known.
 * @property {Array<{domain: string, key: string, url?: string, partner?: object, discount?: object,
 *   allowedHostnames?: string[]}>} [links] Short links `/track/click` and `/track/visit` resolve.
 *   Default: every domain and key resolves to a plain (non-partner) link.
 * @property {Array<{externalId: string, clickId?: string, name?: string, email?: string,
 *   leadEvents?: string[]}>} [customers] Customers the workspace of the first key already has.
 * @property {string[]} [secretKeys] Secret workspace keys (`dub_…`) the server routes accept; they
 *   act on the workspace of the first publishable key. Default `['dub_standin_secret']`.
 * @property {string} [basePath] Mount point for `handle` (e.g. `/dub`): other paths return false.
 * @property {(record: object) => void} [onEvent] Called after each answer.
 */

/**
 * Creates a stand-in without a server: mount it with `standin.handle(req, res)`, which answers
 * every path as Dub's API host would (under `basePath` when set) and returns true.
 * @param {DubStandinOptions} [options]
 */
export function createDubStandin(options = {}) {
  const keys = normaliseKeys(options.keys ?? { dub_pk_standin: [] });
  const secretKeys = new Set(options.secretKeys ?? ['dub_standin_secret']);
  const basePath = (options.basePath ?? '').replace(/\/$/, '');
  const { onEvent } = options;
  let state = freshState(options, keys);
  /** @type {{count: number, answer: unknown}[]} */
  let failures = [];
  // Dub's handlers `set` the rate-limit headers on the one shared CORS `Headers` object, so once
  // a keyed request has been answered, every later answer of that server instance carries them.
  let sharedRateHeaders = {};

  const standin = {
    /** Every request received (preflights and 404s included), oldest first. */
    requests: [],
    /** The per-key limit, `{requests, windowMs}`; a test may change it while the stand-in runs. */
    rateLimit: normaliseRateLimit(options.rateLimit),
    /** What Dub recorded since the last reset: customers by workspace, lead and sale events. */
    get state() {
      return state;
    },

    /** The POST records (and the PATCHes of customers), the requests that carry a conversion. */
    tracked() {
      return standin.requests.filter(
        (record) => record.method === 'POST' || record.method === 'PATCH',
      );
    },

    /** Resolves with the POST records once at least `count` have been answered (or rejects after `timeoutMs`). */
    waitForTracked(count = 1, timeoutMs = 5000) {
      const started = Date.now();
      return new Promise((resolve, reject) => {
        const check = () => {
          const posts = standin.tracked();
          if (posts.filter((record) => record.answer !== undefined).length >= count)
            return resolve(posts);
          if (Date.now() - started > timeoutMs) {
            return reject(
              new Error(`dub stand-in: expected ${count} tracked request(s), got ${posts.length}`),
            );
          }
          setTimeout(check, 20);
        };
        check();
      });
    },

    /**
     * The next `n` POSTs or PATCHes get `answer` ({status, body, headers} or a function of the record)
     * instead of Dub's, e.g. a 500 — Dub's own failures are not otherwise reachable.
     */
    failNext(n, answer) {
      if (n > 0) failures.push({ count: n, answer });
      return standin;
    },

    /** Makes `clickId` a click Dub has recorded (when `clicks` is a list). */
    addClick(clickId) {
      state.clicks?.add(clickId);
      return standin;
    },

    /** Forgets requests, recorded events, customers, de-duplication and rate-limit counters. */
    reset() {
      standin.requests = [];
      state = freshState(options, keys);
      failures = [];
      sharedRateHeaders = {};
      return standin;
    },

    close() {},

    /** Answers `req` as Dub's API host; returns false only for paths outside `basePath`. */
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://dub.local');
      if (basePath && !(url.pathname === basePath || url.pathname.startsWith(`${basePath}/`)))
        return false;
      const path = url.pathname.slice(basePath.length) || '/';
      const record = {
        method: req.method ?? 'GET',
        path,
        query: Object.fromEntries(url.searchParams),
        headers: plainHeaders(req.headers),
        body: '',
        json: undefined,
        time: Date.now(),
        answer: undefined,
      };
      standin.requests.push(record);

      const chunks = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        record.body = Buffer.concat(chunks).toString('utf8');
        try {
          record.json = record.body === '' ? undefined : JSON.parse(record.body);
        } catch {
          record.json = undefined;
        }
        const { status, headers, body } = answer(record);
        record.answer = { status, body };
        if (!res.destroyed) {
          res.writeHead(status, headers);
          res.end(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
        }
        onEvent?.(record);
      });
      return true;
    },
  };

  function cors() {
    return { ...DUB_CORS_HEADERS, ...sharedRateHeaders };
  }
  function json(status, body) {
    return { status, headers: { ...cors(), 'Content-Type': 'application/json' }, body };
  }
  function failure(error) {
    if (error instanceof z.ZodError) {
      return json(422, {
        error: {
          code: 'unprocessable_entity',
          message: zodErrorMessage(error),
          doc_url: `${DOC_ERROR_URL}#unprocessable-entity`,
        },
      });
    }
    if (error instanceof DubApiError)
      return json(error.status, dubErrorBody(error.code, error.message));
    // Dub hides unexpected errors behind one message.
    return json(
      500,
      dubErrorBody(
        'internal_server_error',
        'An internal server error occurred. Please contact our support if the problem persists.',
      ),
    );
  }

  function answer(record) {
    const serverRoute = serverRouteOf(record.path);
    if (serverRoute) return answerServerRoute(record, serverRoute);
    const route = ROUTES[record.path];
    if (!route) {
      return {
        status: 404,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
        body: NOT_FOUND_HTML,
      };
    }
    if (record.method === 'OPTIONS') return { status: 204, headers: cors(), body: undefined };
    // Next answers methods a route does not export with an empty 405, outside the handler.
    if (record.method !== 'POST')
      return { status: 405, headers: { Allow: 'OPTIONS, POST' }, body: undefined };

    const scripted = scriptedFailure(record);
    if (scripted) return scripted;

    try {
      return route(record);
    } catch (error) {
      return failure(error);
    }
  }

  /** The answer `failNext` scripted for this request, if any is left. */
  function scriptedFailure(record) {
    const failureNow = failures[0];
    if (!failureNow) return undefined;
    failureNow.count -= 1;
    if (failureNow.count <= 0) failures.shift();
    const scripted =
      typeof failureNow.answer === 'function' ? failureNow.answer(record) : failureNow.answer;
    const status = scripted?.status ?? 500;
    const body =
      scripted && 'body' in scripted
        ? scripted.body
        : dubErrorBody('internal_server_error', 'An internal server error occurred.');
    return {
      status,
      headers: { ...cors(), 'Content-Type': 'application/json', ...scripted?.headers },
      body,
    };
  }

  // ---- The secret-key routes (what the `dub` SDK calls from a server) ----------------------

  /** `{method, handle}` of a secret-key route for `path`, or null for any other path. */
  function serverRouteOf(path) {
    if (path === '/track/lead')
      return { method: 'POST', handle: (record) => trackLead(record, true) };
    if (path === '/track/sale')
      return { method: 'POST', handle: (record) => trackSale(record, true) };
    const customer = /^\/customers\/([^/]+)$/.exec(path);
    if (customer) {
      let id;
      try {
        id = decodeURIComponent(customer[1]);
      } catch {
        return null;
      }
      return { method: 'PATCH', handle: (record) => updateCustomer(record, id) };
    }
    return null;
  }

  // Server routes are called by servers: no CORS; the key's rate-limit headers on every answer.
  function answerServerRoute(record, { method, handle }) {
    // Next answers OPTIONS itself for a route that does not export it; other methods get 405.
    if (record.method === 'OPTIONS')
      return { status: 204, headers: { Allow: `OPTIONS, ${method}` }, body: undefined };
    if (record.method !== method)
      return { status: 405, headers: { Allow: `OPTIONS, ${method}` }, body: undefined };
    const scripted = scriptedFailure(record);
    if (scripted) return scripted;
    let result;
    try {
      result = handle(record);
    } catch (error) {
      result = failure(error);
    }
    // Dub's withWorkspace sets the limiter's headers on the answer, error or not.
    const headers = { ...result.headers };
    for (const name of Object.keys(DUB_CORS_HEADERS)) delete headers[name];
    return { ...result, headers: { ...headers, ...record.rateHeaders } };
  }

  // Order as in Dub's withWorkspace: header, Bearer, the key itself, then its rate limit.
  function authoriseSecret(record) {
    const authorization = record.headers.authorization;
    if (!authorization) throw new DubApiError('unauthorized', 'Unauthorized: Login required.');
    if (!authorization.includes('Bearer '))
      throw new DubApiError(
        'bad_request',
        "Misconfigured authorization header. Did you forget to add 'Bearer '? Learn more: https://d.to/auth",
      );
    const apiKey = authorization.replace('Bearer ', '');
    if (!secretKeys.has(apiKey))
      throw new DubApiError('unauthorized', 'Unauthorized: Invalid API key.');
    const limit = standin.rateLimit;
    const verdict = takeToken(state.windows, apiKey, limit, record.time);
    record.rateHeaders = {
      'Retry-After': String(verdict.reset),
      'X-RateLimit-Limit': String(limit.requests),
      'X-RateLimit-Remaining': String(verdict.remaining),
      'X-RateLimit-Reset': String(verdict.reset),
    };
    if (!verdict.success) throw new DubApiError('rate_limit_exceeded', 'Too many requests.');
    // A secret key acts on the workspace of the first publishable key (where `customers` live).
    const workspaceKey = keys.keys().next().value ?? apiKey;
    return { workspace: { allowedHostnames: [] }, data: workspaceData(workspaceKey) };
  }

  /** The server routes also take the older names of `customerExternalId`. */
  function withOlderNames(body) {
    if (!body || typeof body !== 'object' || body.customerExternalId !== undefined) return body;
    const { customerId, externalId, ...rest } = body;
    const id = externalId ?? customerId;
    return id === undefined ? rest : { ...rest, customerExternalId: id };
  }

  function updateCustomer(record, id) {
    const { data } = authoriseSecret(record);
    const input = updateCustomerRequestSchema.parse(parseBody(record));
    const customer = id.startsWith('ext_')
      ? data.customers.get(id.replace('ext_', ''))
      : [...data.customers.values()].find((known) => known.id === id);
    if (!customer) throw new DubApiError('not_found', 'Customer not found.');
    // Given fields are written (null clears one); absent ones are left alone.
    for (const field of ['name', 'email', 'avatar']) {
      if (input[field] !== undefined) customer[field] = input[field];
    }
    if (input.externalId) {
      data.customers.delete(customer.externalId);
      customer.externalId = input.externalId;
      data.customers.set(customer.externalId, customer);
    }
    return json(200, {
      id: customer.id,
      externalId: customer.externalId,
      name: customer.name,
      email: customer.email,
      avatar: customer.avatar,
      country: null,
      sales: customer.sales ?? 0,
      saleAmount: customer.saleAmount ?? 0,
      createdAt: customer.createdAt,
    });
  }

  // Order as in Dub's withPublishableKey: header, Bearer, dub_pk_, rate limit, key, plan.
  function authorise(record) {
    const authorization = record.headers.authorization;
    if (!authorization) throw new DubApiError('unauthorized', 'Missing publishable key.');
    if (!authorization.startsWith('Bearer '))
      throw new DubApiError('bad_request', 'Invalid or missing publishable key.');
    const publishableKey = authorization.replace('Bearer ', '');
    if (!publishableKey.startsWith('dub_pk_'))
      throw new DubApiError('bad_request', 'Invalid or missing publishable key.');

    const limit = standin.rateLimit;
    const verdict = takeToken(state.windows, publishableKey, limit, record.time);
    sharedRateHeaders = {
      'Retry-After': String(verdict.reset),
      'X-RateLimit-Limit': String(limit.requests),
      'X-RateLimit-Remaining': String(verdict.remaining),
      'X-RateLimit-Reset': String(verdict.reset),
    };
    if (!verdict.success) throw new DubApiError('rate_limit_exceeded', 'Too many requests.');

    const workspace = keys.get(publishableKey);
    if (!workspace) throw new DubApiError('unauthorized', 'Invalid publishable key.');
    if (!['business', 'advanced', 'enterprise'].includes(workspace.plan))
      throw new DubApiError('forbidden', 'Unauthorized: Need higher plan.');
    return { workspace, data: workspaceData(publishableKey) };
  }

  function workspaceData(key) {
    let data = state.workspaces.get(key);
    if (!data) {
      data = { customers: new Map(), leadKeys: new Set(), invoices: new Map() };
      state.workspaces.set(key, data);
    }
    return data;
  }

  function parseBody(record) {
    if (record.json === undefined) {
      throw new DubApiError(
        'bad_request',
        'Invalid JSON format in request body. Please ensure the request body is a valid JSON object.',
      );
    }
    return record.json;
  }

  function knownClick(clickId) {
    return state.clicks ? state.clicks.has(clickId) : clickId !== '';
  }

  function linkFor(clickId) {
    const minted = state.clickLinks.get(clickId);
    if (minted) return minted;
    return plainLink('dub.sh', `standin-${clickId.slice(0, 6)}`, 'https://example.com');
  }

  function newCustomer(data, fields) {
    const id = `cus_${nanoid(24)}`;
    const avatar =
      fields.customerAvatar && !fields.customerAvatar.startsWith(R2_URL)
        ? `${R2_URL}/customers/${id}/avatar_${nanoid(7)}`
        : (fields.customerAvatar ?? null);
    const customer = {
      id,
      name: fields.customerName || fields.customerEmail || randomName(),
      email: fields.customerEmail ?? null,
      avatar,
      externalId: fields.customerExternalId,
      clickId: fields.clickId,
      leadEvents: [],
      createdAt: new Date().toISOString(),
    };
    data.customers.set(customer.externalId, customer);
    return customer;
  }

  function trackLead(record, withSecretKey = false) {
    const { workspace, data } = withSecretKey ? authoriseSecret(record) : authorise(record);
    const body = withSecretKey ? withOlderNames(parseBody(record)) : parseBody(record);
    if (!hostnameAllowed(workspace.allowedHostnames, record.headers))
      throw forbiddenHost(record.headers);
    const input = trackLeadRequestSchema.parse(body);

    let customer = data.customers.get(input.customerExternalId) ?? null;
    let clickId = input.clickId;
    if (!clickId) {
      if (!customer?.clickId) {
        throw new DubApiError(
          'bad_request',
          'The `clickId` property was not provided in the request, and no existing customer with the provided `customerExternalId` was found.',
        );
      }
      clickId = customer.clickId;
    }

    // Claimed before the click is looked up, as Dub's Redis SET NX: a retry answers 200 and records nothing.
    const dedupeKey = `${input.customerExternalId}:${input.eventName.toLowerCase().replaceAll(' ', '-')}`;
    const duplicate = input.mode !== 'deferred' && data.leadKeys.has(dedupeKey);
    if (input.mode !== 'deferred') data.leadKeys.add(dedupeKey);

    let link = null;
    if (!duplicate) {
      if (!knownClick(clickId))
        throw new DubApiError('not_found', `Click event not found for clickId: ${clickId}`);
      link = linkFor(clickId);
      if (!customer) customer = newCustomer(data, { ...input, clickId });
      if (input.mode !== 'deferred') {
        const quantity = input.eventQuantity ?? 1;
        for (let i = 0; i < quantity; i += 1) {
          customer.leadEvents.push(input.eventName);
          state.leads.push({ ...input, clickId, customerId: customer.id });
        }
      }
    }
    const shown = customer ?? {
      name: input.customerName || input.customerEmail || randomName(),
      email: input.customerEmail || null,
      avatar: input.customerAvatar || null,
      externalId: input.customerExternalId,
    };
    return json(200, {
      click: { id: clickId },
      link,
      customer: {
        name: shown.name,
        email: shown.email,
        avatar: shown.avatar,
        externalId: shown.externalId,
      },
    });
  }

  function trackSale(record, withSecretKey = false) {
    const { workspace, data } = withSecretKey ? authoriseSecret(record) : authorise(record);
    const body = withSecretKey ? withOlderNames(parseBody(record)) : parseBody(record);
    if (!hostnameAllowed(workspace.allowedHostnames, record.headers))
      throw forbiddenHost(record.headers);
    const input = trackSaleRequestSchema.parse(body);

    // An invoice already recorded answers the first answer again.
    if (input.invoiceId) {
      const cached = data.invoices.get(input.invoiceId);
      if (cached) return json(200, cached);
    }
    const nothing = { eventName: input.eventName, customer: null, sale: null };

    let customer = data.customers.get(input.customerExternalId) ?? null;
    if (customer) {
      const found = input.leadEventName
        ? customer.leadEvents.includes(input.leadEventName)
        : customer.leadEvents.length > 0;
      if (!found) {
        throw new DubApiError(
          'not_found',
          `Lead event not found for externalId: ${input.customerExternalId} and leadEventName: ${input.leadEventName}`,
        );
      }
    } else {
      if (!input.clickId) return json(200, nothing);
      // Direct sale: Dub creates the customer and a lead from the click.
      if (!knownClick(input.clickId))
        throw new DubApiError('not_found', `Click event not found for clickId: ${input.clickId}`);
      customer = newCustomer(data, input);
      const leadEventName = input.leadEventName ?? 'Direct sale tracking lead event';
      customer.leadEvents.push(leadEventName);
      state.leads.push({
        clickId: input.clickId,
        eventName: leadEventName,
        customerExternalId: input.customerExternalId,
        customerId: customer.id,
        direct: true,
      });
    }

    if (input.amount <= 0) return json(200, nothing);

    // Dub converts other currencies to USD at the day's rate; the stand-in reports them as sent.
    const response = {
      eventName: input.eventName,
      customer: {
        id: customer.id,
        name: customer.name,
        email: customer.email,
        avatar: customer.avatar,
        externalId: customer.externalId,
      },
      sale: {
        amount: input.amount,
        currency: input.currency,
        paymentProcessor: input.paymentProcessor,
        invoiceId: input.invoiceId,
        metadata: input.metadata,
      },
    };
    state.sales.push({ ...input, customerId: customer.id });
    // Written after the sale is recorded, so only later retries are de-duplicated.
    if (input.invoiceId) data.invoices.set(input.invoiceId, response);
    return json(200, response);
  }

  function resolveLink(domain, key) {
    if (!options.links) return plainLink(domain, key, 'https://example.com');
    const found = options.links.find((link) => link.domain === domain && link.key === key);
    if (!found) return null;
    return {
      ...plainLink(domain, key, found.url ?? 'https://example.com'),
      partner: found.partner ?? null,
      discount: found.discount ?? null,
      allowedHostnames: found.allowedHostnames ?? [],
    };
  }

  // Dub reuses a visitor's click ID for the same link (keyed by IP and user agent) for an hour.
  function cachedClick(record, domain, key) {
    const identity = `${domain}:${key}:${record.headers['x-forwarded-for'] ?? ''}:${record.headers['user-agent'] ?? ''}`;
    return { identity, clickId: state.clickCache.get(identity) };
  }

  function mintClick(identity, link) {
    const clickId = nanoid(16);
    state.clickCache.set(identity, clickId);
    state.clicks?.add(clickId);
    state.clickLinks.set(clickId, link);
    return clickId;
  }

  function trackClick(record) {
    const { domain, key, url } = trackClickSchema.parse(parseBody(record));
    const link = resolveLink(domain, key);
    if (!link)
      throw new DubApiError('not_found', `Link not found for domain: ${domain} and key: ${key}.`);
    const cached = cachedClick(record, domain, key);
    let clickId = cached.clickId;
    if (!clickId) {
      if (!hostnameAllowed(link.allowedHostnames, record.headers))
        throw forbiddenHost(record.headers);
      clickId = mintClick(cached.identity, link);
      state.clicksRecorded.push({ clickId, domain, key, url: url ?? link.url });
    }
    const isPartnerLink = Boolean(link.partner);
    return json(200, {
      clickId,
      ...(isPartnerLink && { partner: link.partner, discount: link.discount ?? null }),
    });
  }

  function trackVisit(record) {
    const { domain, url, referrer } = parseBody(record) ?? {};
    if (!domain || !url) throw new DubApiError('bad_request', 'Missing domain or url');
    // An unparsable url throws here, which Dub answers as a 500.
    const key = new URL(url).pathname.slice(1) || '_root';
    const cached = cachedClick(record, domain, key);
    if (cached.clickId) return json(200, { clickId: cached.clickId });
    const link = resolveLink(domain, key);
    if (!link)
      throw new DubApiError('not_found', `Link not found for domain: ${domain} and key: ${key}.`);
    const clickId = mintClick(cached.identity, link);
    // Dub records the visit in the background, only for allowed hosts, and answers the ID anyway.
    if (hostnameAllowed(link.allowedHostnames, record.headers))
      state.clicksRecorded.push({ clickId, domain, key, url, referrer, trigger: 'pageview' });
    return json(200, { clickId });
  }

  const ROUTES = {
    '/track/lead/client': trackLead,
    '/track/sale/client': trackSale,
    '/track/click': trackClick,
    '/track/visit': trackVisit,
  };

  return standin;
}

function plainLink(domain, key, url) {
  return {
    id: `link_${Buffer.from(`${domain}/${key}`).toString('hex').slice(0, 20)}`,
    domain,
    key,
    shortLink: `https://${domain}/${key}`,
    url,
    partnerId: null,
    programId: null,
    tenantId: null,
    externalId: null,
  };
}

function freshState(options, keys) {
  const state = {
    /** Per publishable key: customers by external ID, claimed lead keys, invoice answers. */
    workspaces: new Map(),
    /** Lead events recorded (one per unit of `eventQuantity`), oldest first. */
    leads: [],
    /** Sales recorded, oldest first. */
    sales: [],
    /** Clicks and visits recorded by `/track/click` and `/track/visit`. */
    clicksRecorded: [],
    clicks:
      options.clicks === undefined || options.clicks === 'any' ? null : new Set(options.clicks),
    clickLinks: new Map(),
    clickCache: new Map(),
    windows: new Map(),
  };
  const firstKey = keys.keys().next().value;
  if (options.customers?.length && firstKey) {
    const data = { customers: new Map(), leadKeys: new Set(), invoices: new Map() };
    for (const customer of options.customers) {
      data.customers.set(customer.externalId, {
        id: `cus_${nanoid(24)}`,
        name: customer.name ?? randomName(),
        email: customer.email ?? null,
        avatar: null,
        externalId: customer.externalId,
        clickId: customer.clickId ?? null,
        leadEvents: [...(customer.leadEvents ?? ['Sign up'])],
        createdAt: new Date().toISOString(),
      });
    }
    state.workspaces.set(firstKey, data);
  }
  return state;
}

function normaliseKeys(keys) {
  const map = new Map();
  for (const [key, value] of Object.entries(keys)) {
    const settings = Array.isArray(value) ? { allowedHostnames: value } : (value ?? {});
    map.set(key, {
      allowedHostnames: settings.allowedHostnames ?? [],
      plan: settings.plan ?? 'business',
    });
  }
  return map;
}

function normaliseRateLimit(rateLimit) {
  if (typeof rateLimit === 'number') return { requests: rateLimit, windowMs: 60_000 };
  return { requests: rateLimit?.requests ?? 600, windowMs: rateLimit?.windowMs ?? 60_000 };
}

/**
 * Upstash's sliding window, as Dub configures it: the previous window's count weighs by how much
 * of it still overlaps; refused requests are not counted; `reset` is the current window's end in
 * epoch milliseconds.
 */
export function takeToken(windows, identifier, { requests, windowMs }, now = Date.now()) {
  const current = Math.floor(now / windowMs);
  const inCurrent = windows.get(`${identifier}:${current}`) ?? 0;
  const inPrevious = windows.get(`${identifier}:${current - 1}`) ?? 0;
  const weightedPrevious = Math.floor((1 - (now % windowMs) / windowMs) * inPrevious);
  const reset = (current + 1) * windowMs;
  if (weightedPrevious + inCurrent >= requests) return { success: false, remaining: 0, reset };
  windows.set(`${identifier}:${current}`, inCurrent + 1);
  return { success: true, remaining: requests - (inCurrent + 1 + weightedPrevious), reset };
}

function plainHeaders(headers) {
  const plain = {};
  for (const [name, value] of Object.entries(headers)) {
    plain[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return plain;
}

/**
 * Starts a server (HTTPS when `tls: {key, cert}` is given) whose every path is the stand-in.
 * @param {DubStandinOptions & {host?: string, port?: number, tls?: {key: string|Buffer, cert: string|Buffer}}} [options]
 */
export async function startDubStandin({ host = '127.0.0.1', port = 0, tls, ...options } = {}) {
  const standin = createDubStandin(options);
  const listener = (req, res) => {
    if (!standin.handle(req, res)) {
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(NOT_FOUND_HTML);
    }
  };
  const server = tls
    ? https.createServer({ key: tls.key, cert: tls.cert }, listener)
    : http.createServer(listener);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return Object.assign(standin, {
    server,
    port: address.port,
    url: `${tls ? 'https' : 'http'}://${shownHost}:${address.port}`,
    /** Stops the server, cutting open connections. */
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  });
}

// `node examples/dub-standin.mjs`: the stand-in on its own, on PORT (default 8788, the port the
// demo gives it), so a page or a server can be pointed at a local Dub.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = process.env.PORT ? Number(process.env.PORT) : 8788;
  startDubStandin({ port }).then(
    (standin) => {
      const url = standin.url.replace('127.0.0.1', 'localhost');
      console.log(`Dub stand-in (Dub's tracking API, on loopback) listening on ${url}`);
      console.log('  publishable key: dub_pk_standin (any site hostname)');
      console.log(`  secret key:      dub_standin_secret (dub-track/server: serverURL: '${url}')`);
      console.log(
        '  routes:          POST /track/lead/client, /track/sale/client, /track/click, /track/visit;',
      );
      console.log(
        '                   with the secret key POST /track/lead, /track/sale, PATCH /customers/:id',
      );
      for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => standin.close());
    },
    (error) => {
      console.error(
        error.code === 'EADDRINUSE'
          ? `Port ${port} is in use (is \`npm start\` running? It serves this stand-in on that port already). Set PORT to use another.`
          : `The Dub stand-in could not start: ${error.message}`,
      );
      process.exitCode = 1;
    },
  );
}
