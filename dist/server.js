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
  408: "request_timeout",
  422: "unprocessable_entity",
  429: "rate_limit_exceeded",
  500: "internal_server_error",
  502: "bad_gateway",
  503: "service_unavailable",
  504: "gateway_timeout"
};
function errorAnswer(status, message, headers, code = ERROR_CODES[status] ?? (status >= 500 ? "internal_server_error" : "bad_request")) {
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

// src/config/dub.ts
var DUB_API_HOST = "https://api.dub.co";
var RETRIED_STATUSES = [408, 429, 500, 502, 503, 504];

// src/server/once.ts
var sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function createOnce(store, times, report) {
  const running = /* @__PURE__ */ new Map();
  const persist = async (write) => {
    const until = Date.now() + times.pendingTtlMs;
    for (let delay = 250; Date.now() + delay < until; delay = Math.min(delay * 2, 2e3)) {
      await sleep(delay);
      try {
        return await write();
      } catch {
      }
    }
  };
  const start = (key, token, bodyHash, work) => {
    const done = work().then(async (answer) => {
      const write = RETRIED_STATUSES.includes(answer.status) ? () => store.release(key, token) : () => store.settle(key, answer, times.answerTtlMs, token, bodyHash);
      try {
        await write();
      } catch (error) {
        report(error);
        void persist(write);
      }
      return answer;
    }).catch(async (error) => {
      await store.release(key, token).catch(report);
      throw error;
    }).finally(() => running.delete(key));
    running.set(key, { done, bodyHash });
    return done;
  };
  return async function once(key, bodyHash, work) {
    const deadline = Date.now() + times.waitMs;
    let reclaims = 0;
    for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
      const local = running.get(key);
      if (local && local.bodyHash !== bodyHash) return { conflict: true };
      if (local) return { answer: await local.done, replayed: true };
      const token = crypto.randomUUID();
      if (await store.claim(key, times.pendingTtlMs, token))
        return { answer: await start(key, token, bodyHash, work), replayed: false };
      const record = await store.get(key);
      if (record?.state === "done") {
        if (record.bodyHash !== void 0 && record.bodyHash !== bodyHash)
          return { conflict: true };
        return { answer: record.answer, replayed: true };
      }
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
    async settle(key, answer, ttlMs, token, bodyHash) {
      if (mine(key, token)) put(key, { state: "done", answer, bodyHash }, ttlMs);
    },
    async release(key, token) {
      if (mine(key, token)) records.delete(key);
    }
  };
}

// src/server/options.ts
var CLAIM_MARGIN_MS = 1e4;
function resolveOptions(options) {
  const fail = (message) => {
    throw new DubTrackError("ConfigError", `dub-track/server: ${message}`);
  };
  const env = globalThis.process?.env;
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
  const trustProxy = options.trustProxy ?? 0;
  if (!Number.isInteger(trustProxy) || trustProxy < 0)
    fail(`trustProxy is the number of proxies in front (got ${trustProxy})`);
  const upstreamTimeoutMs = options.upstreamTimeoutMs ?? 8e3;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 1e4;
  for (const [name, value] of Object.entries({ upstreamTimeoutMs, bodyTimeoutMs }))
    if (!(Number.isFinite(value) && value > 0))
      fail(`${name} is a number of milliseconds above 0 (got ${value})`);
  const idempotency = options.idempotency ?? {};
  const pendingTtlMs = idempotency.pendingTtlMs ?? Math.max(6e4, upstreamTimeoutMs * 2);
  if (pendingTtlMs < upstreamTimeoutMs + CLAIM_MARGIN_MS)
    fail(
      `idempotency.pendingTtlMs (${pendingTtlMs}) must be at least upstreamTimeoutMs + ${CLAIM_MARGIN_MS}`
    );
  const secretKey = options.secretKey ?? env?.DUB_API_KEY;
  let dub = options.dub;
  const client = () => {
    if (dub) return dub;
    if (!secretKey)
      return "no secret API key: pass secretKey or set DUB_API_KEY (Dub \u2192 Settings \u2192 API Keys)";
    if (secretKey.startsWith("dub_pk_"))
      return "secretKey is a publishable key (dub_pk_\u2026); the server needs a secret key (dub_\u2026)";
    dub = new Dub({
      token: secretKey,
      serverURL: options.serverURL ?? DUB_API_HOST,
      timeoutMs: upstreamTimeoutMs
    });
    return dub;
  };
  return {
    client,
    secretKey,
    basePath,
    authorize: options.authorize,
    allowedOrigins: new Set(options.allowedOrigins ?? []),
    trustProxy,
    upstreamTimeoutMs,
    maxBodyBytes: options.maxBodyBytes ?? 65536,
    bodyTimeoutMs,
    rateLimit: options.rateLimit ?? {},
    clientKey: options.clientKey,
    store: idempotency.store ?? createMemoryStore(),
    memoryStore: !idempotency.store,
    idempotencyHeader: idempotency.header ?? "Idempotency-Key",
    times: {
      answerTtlMs: idempotency.ttlMs ?? 7 * 24 * 60 * 60 * 1e3,
      pendingTtlMs,
      waitMs: idempotency.waitMs ?? 4e3
    },
    log: options.log ?? ((line) => console.warn(line)),
    production: env?.NODE_ENV === "production"
  };
}

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

// src/validation/closest.ts
var distance = (a, b) => {
  let row = [...Array(b.length + 1).keys()];
  for (const [i, x] of [...a].entries()) {
    const above = row;
    row = [i + 1];
    for (const [j, y] of [...b].entries())
      row.push(Math.min(above[j + 1] + 1, row[j] + 1, above[j] + +(x !== y)));
  }
  return row[b.length];
};
function closest(given, names) {
  const a = given.trim().toLowerCase();
  const best = names.reduce((best2, name) => distance(a, name) < distance(a, best2) ? name : best2);
  return distance(a, best) <= Math.max(2, best.length / 3) ? best : void 0;
}

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
var AMOUNT = "Invalid amount: expected an integer in the currency's smallest unit, e.g. 4999 for 49.99";
var processorMessage = ({ input }) => {
  const meant = typeof input === "string" && closest(input, PAYMENT_PROCESSORS);
  return `Invalid paymentProcessor${meant ? `: did you mean "${meant}"?` : ":"} Expected one of ${PAYMENT_PROCESSORS.join(", ")}`;
};
var saleSchema = v.strictObject({
  amount: v.pipe(
    v.number(AMOUNT),
    v.safeInteger(AMOUNT),
    v.minValue(0, "Invalid amount: expected 0 or more")
  ),
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
  paymentProcessor: v.nullish(v.picklist(PAYMENT_PROCESSORS, processorMessage), "custom"),
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
function safeValidate(kind, input, clickId, Failure) {
  const refuse2 = (issues) => {
    const summary = issues.map(
      ({ path, message }) => (path && !message.startsWith(`${path} `) ? `${keyName(path)}: ` : "") + message
    );
    return new Failure("ValidationError", `Invalid ${kind}: ${summary.join("; ")}`, {
      kind,
      issues
    });
  };
  let result;
  try {
    result = run(schemas[kind], own(input));
  } catch {
    return refuse2([{ path: "", message: "unreadable input (a getter threw)" }]);
  }
  if (result.issues)
    return refuse2(
      result.issues.map((issue) => ({
        path: issue.path?.map((item) => item.key).join(".") ?? "",
        // A required field left out and one given as `undefined` are the same mistake, and say so
        // alike (valibot reports the first at the object, the second at the field's type).
        message: !issue.path ? issue.message : issue.type === "strict_object" && issue.expected === "never" ? "Unknown field (check its spelling)" : issue.input === void 0 ? "Required" : issue.message
      }))
    );
  const output = { __proto__: null, ...result.value };
  for (const key in output) if (output[key] === null) delete output[key];
  const { customerId, externalId, ...rest } = output;
  const body = { __proto__: null, ...rest };
  const ids = [body.customerExternalId, customerId, externalId].filter((id) => id !== void 0);
  if (ids.length !== 1)
    return refuse2([
      {
        path: "customerExternalId",
        message: "customerExternalId is required, once (customerId, externalId are older names)"
      }
    ]);
  body.customerExternalId = ids[0];
  if (kind !== "customer" && body.clickId === void 0) {
    if (clickId) body.clickId = clickId;
    else if (kind === "lead") body.clickId = "";
  }
  return body;
}
function validate(...call) {
  const body = safeValidate(...call);
  if (body instanceof Error) throw body;
  return body;
}

// src/server/forward.ts
function recorded(kind, body) {
  const { eventName, customerExternalId, amount, currency, invoiceId } = body;
  const fields = kind === "lead" ? { eventName } : kind === "sale" ? { eventName, amount, currency, invoiceId } : {};
  return JSON.stringify({ recorded: kind, customerExternalId, ...fields });
}
async function forward(dub, kind, body, timeoutMs) {
  const options = { timeoutMs };
  const call = () => kind === "lead" ? dub.track.lead(body, options) : kind === "sale" ? dub.track.sale(body, options) : dub.customers.update(
    {
      id: `ext_${body.customerExternalId}`,
      requestBody: {
        name: body.customerName,
        email: body.customerEmail,
        avatar: body.customerAvatar
      }
    },
    options
  );
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve("late"), timeoutMs + 250);
  });
  try {
    if (await Promise.race([call(), late]) === "late")
      return errorAnswer(504, "Dub did not answer in time");
    return { status: 200, body: recorded(kind, body) };
  } catch (error) {
    return upstreamFailure(kind, body, error);
  } finally {
    clearTimeout(timer);
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
function upstreamFailure(kind, sent, error) {
  if (isHttpError(error)) {
    const { statusCode: status, body } = error;
    if (status < 300) return { status, body: recorded(kind, sent) };
    const retryAfter = error.headers?.get("retry-after");
    const headers = retryAfter ? { "Retry-After": retryAfter } : void 0;
    const parsed = parse2(body);
    if (typeof parsed?.error?.code === "string" && typeof parsed.error.message === "string") {
      const { code, message, doc_url } = parsed.error;
      return { status, body: JSON.stringify({ error: { code, message, doc_url } }), headers };
    }
    return errorAnswer(status, `Dub answered ${status}`, headers);
  }
  const name = error?.name;
  if (name === "RequestTimeoutError") return errorAnswer(504, "Dub did not answer in time");
  if (name === "SDKValidationError")
    return errorAnswer(422, "The dub SDK refused the event (is the SDK older than this package?)");
  return errorAnswer(502, "Dub could not be reached");
}

// src/server/readBody.ts
async function readBody(request, maxBytes, timeoutMs) {
  const declared = Number(request.headers.get("content-length"));
  if (declared > maxBytes) return 413;
  if (!request.body) return "";
  const reader = request.body.getReader();
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve("late"), timeoutMs);
  });
  const chunks = [];
  let size = 0;
  try {
    for (; ; ) {
      const read = await Promise.race([reader.read(), late]);
      if (read === "late") {
        reader.cancel().catch(() => {
        });
        return 408;
      }
      if (read.done) break;
      size += read.value.byteLength;
      if (size > maxBytes) {
        reader.cancel().catch(() => {
        });
        return 413;
      }
      chunks.push(read.value);
    }
  } finally {
    clearTimeout(timer);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

// src/server/post.ts
var KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
var RETRY_AFTER_S = "2";
var canonical = (value) => Array.isArray(value) ? value.map(canonical) : value && typeof value === "object" ? Object.fromEntries(
  Object.keys(value).sort().map((key) => [key, canonical(value[key])])
) : value;
async function hashOf(body) {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(JSON.stringify(canonical(body)))
  );
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
async function readInput(handling, request, kind, context) {
  const { config, limiter } = handling;
  if (kind === "customer" && !config.authorize)
    return errorAnswer(
      403,
      "Customer updates are off: the site must tie them to its signed-in user (authorize)"
    );
  if (limiter) {
    const waitMs = await limiter.take(handling.clientOf(request, context));
    if (waitMs)
      return errorAnswer(429, "Too many requests, try again later", {
        "Retry-After": String(Math.ceil(waitMs / 1e3))
      });
  }
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get("content-type") ?? ""))
    return errorAnswer(415, "Send the event as application/json");
  const text = await readBody(request, config.maxBodyBytes, config.bodyTimeoutMs);
  if (text === 413) return errorAnswer(413, `The body is larger than ${config.maxBodyBytes} bytes`);
  if (text === 408)
    return errorAnswer(408, "The body did not arrive in time", { Connection: "close" });
  let input;
  try {
    input = JSON.parse(text);
  } catch {
    return errorAnswer(400, "The body is not valid JSON");
  }
  if (config.authorize) {
    const owned = await config.authorize(request, { kind, context });
    const named = input?.customerExternalId;
    if (kind === "customer" && (!owned || named !== owned))
      return errorAnswer(403, "This customer is not the signed-in user");
    if (owned && named !== void 0 && named !== owned)
      return errorAnswer(403, "customerExternalId is not the signed-in user");
    if (owned && named === void 0 && input && typeof input === "object")
      input = { ...input, customerExternalId: owned };
  }
  return { input };
}
async function answerPost(handling, request, kind, context) {
  const { config, log, logOnce } = handling;
  const dub = config.client();
  if (typeof dub === "string") {
    logOnce(dub);
    return errorAnswer(500, "The endpoint is not configured");
  }
  const read = await readInput(handling, request, kind, context);
  if (!("input" in read)) return read;
  let body;
  try {
    body = validate(kind, read.input, null, DubTrackError);
  } catch (error) {
    return errorAnswer(422, error.message);
  }
  const send = async () => {
    const answer = await forward(dub, kind, body, config.upstreamTimeoutMs);
    if (answer.status === 401 || answer.status === 403)
      logOnce(
        `Dub refused the secret key (${answer.status}): check DUB_API_KEY, its workspace and scopes: ${answer.body}`,
        `refused ${answer.status}`
      );
    else if (answer.status >= 400) log(`${kind} answered ${answer.status}: ${answer.body}`);
    return answer;
  };
  const key = request.headers.get(config.idempotencyHeader);
  if (key === null) return send();
  if (!KEY_PATTERN.test(key))
    return errorAnswer(400, `${config.idempotencyHeader} must be 1-255 printable characters`);
  const result = await handling.once(`${kind}:${key}`, await hashOf(body), send);
  if ("conflict" in result)
    return errorAnswer(
      422,
      `This ${config.idempotencyHeader} was used for another event: nothing was sent`
    );
  if ("busy" in result)
    return errorAnswer(
      503,
      "A request with this idempotency key is still being processed",
      { "Retry-After": RETRY_AFTER_S },
      "busy"
    );
  if (!result.replayed) return result.answer;
  return {
    ...result.answer,
    headers: { ...result.answer.headers, "Idempotent-Replayed": "true" }
  };
}

// src/server/proxy.ts
var entries = (value) => (value ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
function clientAddress(request, context, trustProxy) {
  const chain = [
    context.clientAddress,
    ...entries(request.headers.get("x-forwarded-for")).reverse()
  ];
  return chain[Math.min(trustProxy, chain.length - 1)];
}
var forwardedParam = (element, name) => {
  const match = new RegExp(`(?:^|;)\\s*${name}=("[^"]*"|[^;]*)`, "i").exec(element ?? "");
  return match?.[1]?.replace(/^"|"$/g, "").trim() || void 0;
};
function publicOrigin(request, trustProxy) {
  const url = new URL(request.url);
  if (!trustProxy) return url.origin;
  const headers = request.headers;
  const nearest = entries(headers.get("forwarded")).at(-1);
  const proto = forwardedParam(nearest, "proto") ?? entries(headers.get("x-forwarded-proto")).at(-1) ?? url.protocol.slice(0, -1);
  const host = forwardedParam(nearest, "host") ?? entries(headers.get("x-forwarded-host")).at(-1) ?? url.host;
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return url.origin;
  }
}

// src/server/rateLimit.ts
import { RateLimiterMemory } from "rate-limiter-flexible";
var refusalWait = (error) => {
  const wait = error?.msBeforeNext;
  return !(error instanceof Error) && typeof wait === "number" ? wait : void 0;
};
function createRateLimiter({
  limit = 60,
  windowMs = 6e4,
  limiter
} = {}) {
  const counter = limiter ?? new RateLimiterMemory({ points: limit, duration: Math.max(1, Math.ceil(windowMs / 1e3)) });
  return {
    async take(client) {
      try {
        await counter.consume(client);
        return 0;
      } catch (error) {
        const wait = refusalWait(error);
        if (wait === void 0) throw error;
        return Math.max(1, wait);
      }
    }
  };
}

// src/server/redisStore.ts
var RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
var SETTLE = `local held = redis.call('GET', KEYS[1])
if held == false or held == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 0`;
var StoreUnavailableError = class extends Error {
  name = "StoreUnavailableError";
};
var describeError = (error) => {
  const { name, code, message } = error ?? {};
  return `${name ?? "Error"}${code ? ` (${code})` : ""}: ${message ?? String(error)}`;
};
function createRedisStore(client, {
  prefix = "dub-track:idempotency:",
  commandTimeoutMs = 2e3,
  onError = (line) => console.warn(line)
} = {}) {
  if (client.on && client.listenerCount?.("error") === 0) {
    let told = false;
    client.on("error", (error) => {
      if (told) return;
      told = true;
      onError(
        `dub-track/server: Redis connection failed, answering 503 until it is back: ${describeError(error)}`
      );
    });
    client.on("ready", () => {
      told = false;
    });
  }
  const command = async (run2) => {
    if (client.isReady === false) throw new StoreUnavailableError("Redis is not connected");
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new StoreUnavailableError(`Redis did not answer in ${commandTimeoutMs} ms`)),
        commandTimeoutMs
      );
    });
    try {
      return await Promise.race([run2(), late]);
    } finally {
      clearTimeout(timer);
    }
  };
  const pending = (token) => JSON.stringify({ state: "pending", token });
  return {
    async claim(key, ttlMs, token) {
      const reply = await command(
        () => client.set(prefix + key, pending(token), {
          condition: "NX",
          expiration: { type: "PX", value: ttlMs }
        })
      );
      return reply === "OK";
    },
    async get(key) {
      const value = await command(() => client.get(prefix + key));
      return typeof value === "string" ? JSON.parse(value) : void 0;
    },
    async settle(key, answer, ttlMs, token, bodyHash) {
      const record = { state: "done", answer, bodyHash };
      await command(
        () => client.eval(SETTLE, {
          keys: [prefix + key],
          arguments: [pending(token), JSON.stringify(record), String(ttlMs)]
        })
      );
    },
    async release(key, token) {
      await command(
        () => client.eval(RELEASE, { keys: [prefix + key], arguments: [pending(token)] })
      );
    }
  };
}

// src/server/createDubHandler.ts
var originAllowed = (config, request, origin) => request.headers.get("sec-fetch-site") === "same-origin" || origin === null || config.allowedOrigins.has(origin) || origin === publicOrigin(request, config.trustProxy);
async function handle(handling, request, context = {}) {
  const { config, log } = handling;
  let url;
  try {
    url = new URL(request.url);
  } catch {
    return toResponse(errorAnswer(400, "Bad request"));
  }
  const kind = handling.routes.get(url.pathname);
  if (!kind) return toResponse(errorAnswer(404, "Not found"));
  const origin = request.headers.get("origin");
  const allowed = originAllowed(config, request, origin);
  const cors = origin && allowed ? corsHeaders(origin) : {};
  const respond = (answer) => toResponse({ ...answer, body: handling.redact(answer.body) }, cors);
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
    return respond(await answerPost(handling, request, kind, context));
  } catch (error) {
    log(`${kind} failed: ${describeError(error)}`);
    return respond(
      errorAnswer(503, "The endpoint could not take the event now", {
        "Retry-After": RETRY_AFTER_S
      })
    );
  }
}
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
  const told = /* @__PURE__ */ new Set();
  const logOnce = (line, topic = line) => {
    if (told.has(topic)) return;
    told.add(topic);
    log(line);
  };
  if (config.memoryStore && config.production)
    log(
      "idempotency keys are kept in this process\u2019s memory (at most 10,000, forgotten on restart): with more than one instance, pass idempotency.store = createRedisStore(client)"
    );
  const once = createOnce(
    config.store,
    config.times,
    (error) => log(`the idempotency store failed after Dub answered: ${describeError(error)}`)
  );
  const clientOf = (request, context) => {
    if (config.clientKey) return config.clientKey(request, context);
    const address = clientAddress(request, context, config.trustProxy);
    if (address) return address;
    logOnce(
      "the client address is unknown (this runtime gives none): every visitor shares one rate-limit bucket; set trustProxy behind a proxy, or clientKey"
    );
    return "unknown";
  };
  const handling = { config, log, logOnce, once, limiter, clientOf, routes, redact };
  return Object.assign(
    (request, context) => handle(handling, request, context),
    {
      handles: (url) => {
        try {
          return routes.has(new URL(url, "http://localhost").pathname);
        } catch {
          return false;
        }
      }
    }
  );
}

// src/server/node.ts
function refuse(res, status, code, message, allow) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Cache-Control": "no-store",
    Connection: "close",
    ...allow ? { Allow: allow } : {}
  });
  res.end(JSON.stringify({ error: { code, message } }));
}
function toNodeHandler(handler) {
  return (req, res, next) => {
    res.on("error", () => {
    });
    let url;
    try {
      const protocol = req.socket.encrypted ? "https" : "http";
      url = new URL(req.url ?? "/", `${protocol}://${req.headers.host ?? "localhost"}`);
    } catch {
      refuse(res, 400, "bad_request", "Bad request");
      return;
    }
    if (next && !handler.handles(url)) {
      next();
      return;
    }
    let request;
    try {
      request = toRequest(req, url);
    } catch {
      if (!handler.handles(url)) refuse(res, 404, "not_found", "Not found");
      else if (/^(TRACE|CONNECT|TRACK)$/i.test(req.method ?? ""))
        refuse(res, 405, "method_not_allowed", "Use POST", "POST, OPTIONS");
      else refuse(res, 400, "bad_request", "Bad request");
      req.resume();
      return;
    }
    handler(request, { clientAddress: req.socket.remoteAddress }).then(async (response) => {
      if (res.destroyed) return;
      const headers = Object.fromEntries(response.headers);
      if (!req.complete) headers.connection = "close";
      res.writeHead(response.status, headers);
      res.end(new Uint8Array(await response.arrayBuffer()));
    }).catch((error) => {
      if (next) return next(error);
      refuse(res, 500, "internal_server_error", "The endpoint failed");
    });
  };
}
function toRequest(req, url) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    for (const item of [value ?? []].flat()) headers.append(name, item);
  const parsed = req.body !== void 0 && req.readableEnded;
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  if (parsed) headers.delete("content-length");
  return new Request(url, {
    method: req.method,
    headers,
    body: !hasBody ? void 0 : parsed ? typeof req.body === "string" ? req.body : JSON.stringify(req.body) : streamOf(req),
    // Node's fetch needs this to stream a request body.
    duplex: "half"
  });
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
export {
  DubTrackError,
  StoreUnavailableError,
  createDubHandler,
  createMemoryStore,
  createRedisStore,
  toNodeHandler
};
