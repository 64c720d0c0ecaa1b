// src/outcome/DubTrackError.ts
var DubTrackError = class extends Error {
  constructor(name, message, fields) {
    super(message);
    Object.assign(
      this,
      {
        name,
        kind: null,
        eventId: null,
        status: null,
        code: null,
        docUrl: null,
        issues: [],
        attempt: 0,
        willRetry: false
      },
      fields
    );
  }
};

// src/defences/own.ts
var own = (value, depth = 0) => {
  const list = Array.isArray(value);
  if (!value || typeof value !== "object" || depth > 40 || !(list || [Object.prototype, null].includes(Object.getPrototypeOf(value))))
    return value;
  const copy = list ? [] : { __proto__: null };
  for (const key of Object.keys(value))
    copy[key] = own(value[key], depth + 1);
  return copy;
};
var KEY_LENGTH = 40;
var keyName = (key) => {
  const text = String(key);
  if (/^[\w$.-]{1,64}$/.test(text)) return text;
  return JSON.stringify(text.length > KEY_LENGTH ? `${text.slice(0, KEY_LENGTH)}\u2026` : text);
};

// src/validation/run.ts
var run = (schema, input) => schema["~standard"].validate(input);

// src/validation/schemas.ts
import * as v from "valibot";

// src/defences/detachPrototypes.ts
function detachPrototypes(schema, seen = /* @__PURE__ */ new Set()) {
  if (!schema || typeof schema !== "object" || seen.has(schema)) return schema;
  seen.add(schema);
  if (Array.isArray(schema)) {
    for (const item of schema) detachPrototypes(item, seen);
    return schema;
  }
  if (Object.getPrototypeOf(schema) !== Object.prototype) return schema;
  Object.setPrototypeOf(schema, null);
  for (const key of Object.keys(schema))
    detachPrototypes(schema[key], seen);
  return schema;
}

// src/delivery/json.ts
var { stringify, parse } = JSON;
var { keys } = Object;
var { isArray } = Array;
var { hasOwn } = Object;
var toISOString = Date.prototype.toISOString;
var objectToJson = () => Object.prototype.toJSON;
var dateJson = (date) => {
  try {
    return toISOString.call(date);
  } catch {
    return null;
  }
};
var toJson = (value, key = "") => {
  if (value instanceof Date) return stringify(dateJson(value));
  const custom = value && typeof value === "object" && value.toJSON;
  if (typeof custom === "function" && !isArray(value) && custom !== objectToJson())
    return toJson(custom.call(value, key));
  if (typeof value === "function") return void 0;
  if (!value || typeof value !== "object") return stringify(value);
  let text = "";
  if (isArray(value)) {
    for (let i = 0; i < value.length; i++)
      text += `${i ? "," : ""}${toJson(value[i], `${i}`) ?? "null"}`;
    return `[${text}]`;
  }
  const names = keys(value);
  for (let i = 0; i < names.length; i++) {
    const item = toJson(value[names[i]], names[i]);
    if (item !== void 0) text += `${text ? "," : ""}${stringify(names[i])}:${item}`;
  }
  return `{${text}}`;
};
var copyJson = (value) => parse(toJson(value));

// src/validation/paymentProcessor.ts
var PAYMENT_PROCESSORS = [
  "stripe",
  "shopify",
  "polar",
  "paddle",
  "apple",
  "revenuecat",
  "dub",
  "custom"
];

// src/validation/schemas.ts
var trimmed = (max) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
var ZOD_EMAIL = /^(?!\.)(?!.*\.\.)[\w'+\-.]*[\w+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
var metadata = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    let json;
    try {
      json = copyJson(dataset.value);
    } catch {
    }
    if (json && typeof json === "object" && !Array.isArray(json))
      return json;
    addIssue({ message: "Invalid metadata: expected an object that JSON can represent" });
    return NEVER;
  }),
  v.check(
    (value) => toJson(value).length <= 1e4,
    "Invalid metadata: at most 10,000 characters as JSON"
  )
);
var customerFields = {
  customerExternalId: v.nullish(trimmed(100)),
  /** @deprecated older name of `customerExternalId` */
  customerId: v.nullish(trimmed(100)),
  /** @deprecated older name of `customerExternalId` */
  externalId: v.nullish(trimmed(100)),
  customerName: v.nullish(v.pipe(v.string(), v.maxLength(100))),
  customerEmail: v.nullish(
    v.pipe(v.string(), v.regex(ZOD_EMAIL, "Invalid email address"), v.maxLength(100))
  ),
  /** An image URL, or the image itself as base64 data (Dub stores a copy). */
  customerAvatar: v.nullish(v.string())
};
var leadSchema = v.strictObject({
  eventName: trimmed(255),
  /** Default: the captured click, else `""` (Dub then uses the click of the customer it knows). */
  clickId: v.nullish(v.pipe(v.string(), v.trim())),
  mode: v.nullish(v.picklist(["async", "wait", "deferred"])),
  eventQuantity: v.nullish(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100))),
  metadata: v.nullish(metadata),
  ...customerFields
});
var saleSchema = v.strictObject({
  amount: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  // Stricter than Dub, which takes any string: a typo such as `eur ` would be stored as is.
  currency: v.nullish(
    v.pipe(
      v.string(),
      v.regex(/^[a-z]{3}$/i, "Invalid currency: expected 3 letters such as usd"),
      v.toLowerCase()
    ),
    "usd"
  ),
  // Not trimmed, as Dub does not trim it.
  eventName: v.nullish(v.pipe(v.string(), v.maxLength(255)), "Purchase"),
  paymentProcessor: v.nullish(v.picklist(PAYMENT_PROCESSORS), "custom"),
  // Sent exactly as given: Dub de-duplicates sales by this exact string.
  invoiceId: v.nullish(v.string()),
  leadEventName: v.nullish(v.string()),
  clickId: v.nullish(v.pipe(v.string(), v.trim())),
  metadata: v.nullish(metadata),
  ...customerFields
});
var customerSchema = v.strictObject(customerFields);
var schemas = detachPrototypes({
  lead: leadSchema,
  sale: saleSchema,
  customer: customerSchema
});

// src/validation/validate.ts
function validate(kind, input, clickId, Failure) {
  const refuse = (issues) => {
    const summary = issues.map(({ path, message }) => (path ? `${keyName(path)}: ` : "") + message);
    throw new Failure("ValidationError", `Invalid ${kind}: ${summary.join("; ")}`, {
      kind,
      issues
    });
  };
  let result;
  try {
    result = run(schemas[kind], own(input));
  } catch {
    return refuse([{ path: "", message: "unreadable input (a getter threw)" }]);
  }
  if (result.issues)
    return refuse(
      result.issues.map((issue) => ({
        path: issue.path?.map((item) => item.key).join(".") ?? "",
        message: issue.type !== "strict_object" || !issue.path ? issue.message : issue.expected === "never" ? "Unknown field (check its spelling)" : "Required"
      }))
    );
  const output = { __proto__: null, ...result.value };
  for (const key in output) if (output[key] === null) delete output[key];
  const { customerId, externalId, ...rest } = output;
  const body = { __proto__: null, ...rest };
  const ids = [body.customerExternalId, customerId, externalId].filter((id) => id !== void 0);
  if (ids.length !== 1)
    refuse([
      {
        path: "customerExternalId",
        message: "Required once (customerId, externalId are its old names)"
      }
    ]);
  body.customerExternalId = ids[0];
  if (kind !== "customer" && body.clickId === void 0) {
    if (clickId) body.clickId = clickId;
    else if (kind === "lead") body.clickId = "";
  }
  return body;
}

// src/server/answer.ts
var DOC_ERROR_URL = "https://dub.co/docs/api-reference/errors";
var ERROR_CODES = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "unprocessable_entity",
  429: "rate_limit_exceeded",
  500: "internal_server_error",
  502: "bad_gateway"
};
function errorAnswer(status, message, headers) {
  const code = ERROR_CODES[status] ?? (status >= 500 ? "internal_server_error" : "bad_request");
  const doc_url = `${DOC_ERROR_URL}#${code.replace("_", "-")}`;
  return { status, body: JSON.stringify({ error: { code, message, doc_url } }), headers };
}
var EXPOSED_HEADERS = "Retry-After, Idempotent-Replayed";
var corsHeaders = (origin) => ({
  "Access-Control-Allow-Origin": origin,
  "Access-Control-Expose-Headers": EXPOSED_HEADERS,
  Vary: "Origin"
});
var preflightHeaders = (origin, idempotencyHeader) => ({
  ...corsHeaders(origin),
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  // Authorization too: a page that also sets a publishable key sends it (and it is ignored here).
  "Access-Control-Allow-Headers": `Content-Type, Authorization, ${idempotencyHeader}`,
  "Access-Control-Max-Age": "600"
});
var toResponse = (answer, extra = {}) => new Response(answer.status === 204 ? null : answer.body, {
  status: answer.status,
  headers: {
    ...answer.status === 204 ? {} : { "Content-Type": "application/json" },
    "Cache-Control": "no-store",
    ...answer.headers,
    ...extra
  }
});

// src/server/forward.ts
async function forward(dub, kind, body) {
  try {
    const result = kind === "lead" ? await dub.track.lead(body) : kind === "sale" ? await dub.track.sale(body) : await dub.customers.update({
      id: `ext_${body.customerExternalId}`,
      requestBody: {
        name: body.customerName,
        email: body.customerEmail,
        avatar: body.customerAvatar
      }
    });
    return { status: 200, body: JSON.stringify(result ?? null) };
  } catch (error) {
    return upstreamFailure(error);
  }
}
var isHttpError = (error) => typeof error?.statusCode === "number" && typeof error.body === "string";
var parse2 = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return void 0;
  }
};
function upstreamFailure(error) {
  if (isHttpError(error)) {
    const { statusCode: status, body } = error;
    if (status < 300) return { status, body };
    const retryAfter = error.headers?.get("retry-after");
    const headers = retryAfter ? { "Retry-After": retryAfter } : void 0;
    const parsed = parse2(body);
    if (typeof parsed?.error?.code === "string" && typeof parsed.error.message === "string")
      return { status, body: JSON.stringify({ error: parsed.error }), headers };
    return errorAnswer(status, `Dub answered ${status}`, headers);
  }
  const name = error?.name;
  if (name === "RequestTimeoutError") return errorAnswer(504, "Dub did not answer in time");
  if (name === "SDKValidationError")
    return errorAnswer(422, "The dub SDK refused the event (is the SDK older than this package?)");
  return errorAnswer(502, "Dub could not be reached");
}

// src/config/dub.ts
var DUB_API_HOST = "https://api.dub.co";
var RETRIED_STATUSES = [408, 429, 500, 502, 503, 504];

// src/server/once.ts
var sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function createOnce(store, times, report) {
  const running = /* @__PURE__ */ new Map();
  const start = (key, token, work) => {
    const done = work().then(async (answer) => {
      try {
        if (RETRIED_STATUSES.includes(answer.status)) await store.release(key, token);
        else await store.settle(key, answer, times.answerTtlMs, token);
      } catch (error) {
        report(error);
      }
      return answer;
    }).catch(async (error) => {
      await store.release(key, token).catch(report);
      throw error;
    }).finally(() => running.delete(key));
    running.set(key, done);
    return done;
  };
  return async function once(key, work) {
    const deadline = Date.now() + times.waitMs;
    let reclaims = 0;
    for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
      const local = running.get(key);
      if (local) return { answer: await local, replayed: true };
      const token = crypto.randomUUID();
      if (await store.claim(key, times.pendingTtlMs, token))
        return { answer: await start(key, token, work), replayed: false };
      const record = await store.get(key);
      if (record?.state === "done") return { answer: record.answer, replayed: true };
      if (!record && reclaims++ < 3) continue;
      if (running.has(key)) continue;
      const left = deadline - Date.now();
      if (left <= 0) return { busy: true };
      await sleep(Math.min(delay, left));
    }
  };
}

// src/server/options.ts
import { Dub } from "dub";

// src/server/idempotencyStore.ts
function createMemoryStore({ maxKeys = 1e4 } = {}) {
  const records = /* @__PURE__ */ new Map();
  const live = (key) => {
    const kept = records.get(key);
    if (kept && kept.expiresAt <= Date.now()) records.delete(key);
    return kept && kept.expiresAt > Date.now() ? kept.record : void 0;
  };
  const put = (key, record, ttlMs) => {
    records.delete(key);
    while (records.size >= maxKeys) records.delete(records.keys().next().value);
    records.set(key, { record, expiresAt: Date.now() + ttlMs });
  };
  const mine = (key, token) => {
    const record = live(key);
    return !record || record.state === "pending" && record.token === token;
  };
  return {
    async claim(key, ttlMs, token) {
      if (live(key)) return false;
      put(key, { state: "pending", token }, ttlMs);
      return true;
    },
    async get(key) {
      return live(key);
    },
    async settle(key, answer, ttlMs, token) {
      if (mine(key, token)) put(key, { state: "done", answer }, ttlMs);
    },
    async release(key, token) {
      if (mine(key, token)) records.delete(key);
    }
  };
}

// src/server/options.ts
function resolveOptions(options) {
  const fail = (message) => {
    throw new DubTrackError("ConfigError", `dub-track/server: ${message}`);
  };
  const env = globalThis.process?.env;
  const secretKey = options.secretKey ?? env?.DUB_API_KEY;
  let dub = options.dub;
  if (!dub) {
    if (!secretKey)
      fail(
        "a secret API key is required: pass secretKey or set DUB_API_KEY (Dub \u2192 Settings \u2192 API Keys)"
      );
    else if (secretKey.startsWith("dub_pk_"))
      fail("secretKey is a publishable key (dub_pk_\u2026); the server needs a secret key (dub_\u2026)");
    dub = new Dub({ token: secretKey, serverURL: options.serverURL ?? DUB_API_HOST });
  }
  const basePath = options.basePath ?? "";
  if (basePath && !/^\/.*[^/]$/.test(basePath))
    fail(`basePath must start with / and not end with one (got ${JSON.stringify(basePath)})`);
  for (const origin of options.allowedOrigins ?? []) {
    let exact = false;
    try {
      exact = new URL(origin).origin === origin;
    } catch {
    }
    if (!exact)
      fail(`allowedOrigins takes origins such as https://shop.example.com (got ${origin})`);
  }
  const idempotency = options.idempotency ?? {};
  return {
    dub,
    secretKey,
    basePath,
    allowedOrigins: options.allowedOrigins && new Set(options.allowedOrigins),
    maxBodyBytes: options.maxBodyBytes ?? 65536,
    rateLimit: options.rateLimit ?? {},
    clientKey: options.clientKey ?? ((request, context) => context.clientAddress ?? request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? "unknown"),
    store: idempotency.store ?? createMemoryStore(),
    idempotencyHeader: idempotency.header ?? "Idempotency-Key",
    times: {
      answerTtlMs: idempotency.ttlMs ?? 7 * 24 * 60 * 60 * 1e3,
      pendingTtlMs: idempotency.pendingTtlMs ?? 6e4,
      waitMs: idempotency.waitMs ?? 1e4
    },
    log: options.log ?? (() => {
    })
  };
}

// src/server/rateLimit.ts
var MAX_CLIENTS = 1e4;
function createRateLimiter({ limit = 60, windowMs = 6e4 } = {}) {
  const windows = /* @__PURE__ */ new Map();
  return {
    take(client, now = Date.now()) {
      let window = windows.get(client);
      if (!window || window.endsAt <= now) {
        windows.delete(client);
        if (windows.size >= MAX_CLIENTS) windows.delete(windows.keys().next().value);
        window = { count: 0, endsAt: now + windowMs };
        windows.set(client, window);
      }
      window.count++;
      return window.count > limit ? window.endsAt - now : 0;
    }
  };
}

// src/server/readBody.ts
async function readBody(request, maxBytes) {
  const declared = Number(request.headers.get("content-length"));
  if (declared > maxBytes) return void 0;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (; ; ) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return void 0;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

// src/server/createDubHandler.ts
var KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
function createDubHandler(options) {
  const config = resolveOptions(options);
  const routes = /* @__PURE__ */ new Map([
    [`${config.basePath}/track/lead/client`, "lead"],
    [`${config.basePath}/track/sale/client`, "sale"],
    [`${config.basePath}/track/customer`, "customer"]
  ]);
  const limiter = config.rateLimit && createRateLimiter(config.rateLimit);
  const { secretKey } = config;
  const redact = (text) => secretKey ? text.split(secretKey).join("dub_[redacted]") : text;
  const log = (line) => config.log(redact(`dub-track/server: ${line}`));
  const once = createOnce(
    config.store,
    config.times,
    (error) => log(`the idempotency store failed after Dub answered: ${error?.message ?? error}`)
  );
  async function answerPost(request, kind, context) {
    if (limiter) {
      const waitMs = limiter.take(config.clientKey(request, context));
      if (waitMs)
        return errorAnswer(429, "Too many requests, try again later", {
          "Retry-After": String(Math.ceil(waitMs / 1e3))
        });
    }
    if (!/^application\/json\s*(;|$)/i.test(request.headers.get("content-type") ?? ""))
      return errorAnswer(415, "Send the event as application/json");
    const text = await readBody(request, config.maxBodyBytes);
    if (text === void 0)
      return errorAnswer(413, `The body is larger than ${config.maxBodyBytes} bytes`);
    let input;
    try {
      input = JSON.parse(text);
    } catch {
      return errorAnswer(400, "The body is not valid JSON");
    }
    let body;
    try {
      body = validate(kind, input, null, DubTrackError);
    } catch (error) {
      return errorAnswer(422, error.message);
    }
    const send = async () => {
      const answer = await forward(config.dub, kind, body);
      if (answer.status >= 400) log(`${kind} answered ${answer.status} by Dub: ${answer.body}`);
      return answer;
    };
    const key = request.headers.get(config.idempotencyHeader);
    if (key === null) return send();
    if (!KEY_PATTERN.test(key))
      return errorAnswer(400, `${config.idempotencyHeader} must be 1-255 printable characters`);
    const result = await once(`${kind}:${key}`, send);
    if ("busy" in result)
      return errorAnswer(409, "A request with this idempotency key is still being processed", {
        "Retry-After": "1"
      });
    if (!result.replayed) return result.answer;
    return {
      ...result.answer,
      headers: { ...result.answer.headers, "Idempotent-Replayed": "true" }
    };
  }
  async function handle(request, context = {}) {
    const url = new URL(request.url);
    const kind = routes.get(url.pathname);
    if (!kind) return toResponse(errorAnswer(404, "Not found"));
    const origin = request.headers.get("origin");
    const allowed = origin === null || (config.allowedOrigins ? config.allowedOrigins.has(origin) : origin === url.origin);
    const cors = origin && allowed ? corsHeaders(origin) : {};
    const respond = (answer) => toResponse({ ...answer, body: redact(answer.body) }, cors);
    if (request.method === "OPTIONS") {
      if (!origin || !allowed) return respond(errorAnswer(403, "This origin is not allowed"));
      return toResponse(
        { status: 204, body: "" },
        preflightHeaders(origin, config.idempotencyHeader)
      );
    }
    if (request.method !== "POST")
      return respond(errorAnswer(405, "Use POST", { Allow: "POST, OPTIONS" }));
    if (!allowed) return respond(errorAnswer(403, "This origin is not allowed"));
    try {
      return respond(await answerPost(request, kind, context));
    } catch (error) {
      log(`${kind} failed: ${error?.message ?? error}`);
      return respond(errorAnswer(503, "The endpoint could not take the event now"));
    }
  }
  return Object.assign(handle, {
    handles: (url) => routes.has(new URL(url, "http://localhost").pathname)
  });
}

// src/server/node.ts
function toNodeHandler(handler) {
  return (req, res, next) => {
    const protocol = req.socket.encrypted ? "https" : "http";
    let url;
    try {
      url = new URL(req.url ?? "/", `${protocol}://${req.headers.host ?? "localhost"}`);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (next && !handler.handles(url)) {
      next();
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      for (const item of [value ?? []].flat()) headers.append(name, item);
    const parsed = req.body !== void 0 && req.readableEnded;
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    if (parsed) headers.delete("content-length");
    const request = new Request(url, {
      method: req.method,
      headers,
      body: !hasBody ? void 0 : parsed ? typeof req.body === "string" ? req.body : JSON.stringify(req.body) : streamOf(req),
      // Node's fetch needs this to stream a request body.
      duplex: "half"
    });
    handler(request, { clientAddress: req.socket.remoteAddress }).then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(new Uint8Array(await response.arrayBuffer()));
    }).catch((error) => {
      if (next) return next(error);
      res.writeHead(500).end();
    });
  };
}
function streamOf(req) {
  const chunks = req[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === "string" ? new TextEncoder().encode(value) : value);
    },
    cancel() {
      req.resume();
    }
  });
}

// src/server/redisStore.ts
var RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
var SETTLE = `local held = redis.call('GET', KEYS[1])
if held == false or held == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 0`;
function createRedisStore(client, { prefix = "dub-track:idempotency:" } = {}) {
  const pending = (token) => JSON.stringify({ state: "pending", token });
  return {
    async claim(key, ttlMs, token) {
      const reply = await client.set(prefix + key, pending(token), {
        condition: "NX",
        expiration: { type: "PX", value: ttlMs }
      });
      return reply === "OK";
    },
    async get(key) {
      const value = await client.get(prefix + key);
      return typeof value === "string" ? JSON.parse(value) : void 0;
    },
    async settle(key, answer, ttlMs, token) {
      const record = { state: "done", answer };
      await client.eval(SETTLE, {
        keys: [prefix + key],
        arguments: [pending(token), JSON.stringify(record), String(ttlMs)]
      });
    },
    async release(key, token) {
      await client.eval(RELEASE, { keys: [prefix + key], arguments: [pending(token)] });
    }
  };
}
export {
  DubTrackError,
  createDubHandler,
  createMemoryStore,
  createRedisStore,
  toNodeHandler
};
