// The seeded hostile pages of the property suite (test/browsers/hostileFuzz.test.ts, and the
// Chromium-only remainder in test/e2e/hostileFuzz.spec.ts): each page gets a random mix of
// properties on Object/Array/Function prototypes (enumerable or not, with values that point at
// another host), setters on Object.prototype, markup that clobbers the globals the script reads,
// and patched JSON, fetch and Array.prototype methods, then makes one call.
// `npm test` runs a fixed seed; `npm run fuzz` runs more pages (FUZZ_SEED, FUZZ_COUNT).
import fc from 'fast-check';
import { canonical } from './inputs.js';

export const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
export const COUNT = Number(process.env.FUZZ_COUNT ?? 12);
export const CLICK = 'clk_fuzz';
/** Stands for the evil collector's URL in a page description (filled in per test). */
const EVIL = '$EVIL';

export const ERROR_NAMES = [
  'ValidationError',
  'ConfigError',
  'NetworkError',
  'TimeoutError',
  'BadRequest',
  'Unauthorized',
  'Forbidden',
  'NotFound',
  'Conflict',
  'InviteExpired',
  'UnprocessableEntity',
  'RateLimitExceeded',
  'InternalServerError',
  'SDKError',
];

/** Names the script, ky, valibot and `Request` read from options, inputs, records and schemas. */
const NAMES = [
  ...['apiHost', 'publishableKey', 'endpoints', 'lead', 'sale', 'customer', 'attributionModel'],
  ...['cookieOptions', 'domain', 'path', 'sameSite', 'secure', 'expiresInDays', 'consent'],
  ...['retry', 'limit', 'timeoutMs', 'backoffLimitMs', 'idempotencyHeader', 'debug'],
  ...['eventName', 'customerExternalId', 'customerId', 'externalId', 'clickId', 'metadata'],
  ...['amount', 'currency', 'invoiceId', 'paymentProcessor', 'customerEmail', 'mode'],
  ...['body', 'input', 'attempts', 'notBefore', 'lastError', 'id', 'kind', 'at', 'result'],
  ...['prefixUrl', 'json', 'searchParams', 'throwHttpErrors', 'credentials', 'cache'],
  ...['redirect', 'referrer', 'integrity', 'keepalive', 'headers', 'timeout', 'hooks'],
  ...['fallback', 'default', 'pipe', 'entries', 'wrapped', 'q', 'version', 'dubTrack'],
  ...['url', 'href', 'src', 'host', 'baseUrl', 'nonce', 'dataset', 'foo', 'length0'],
  // Dub-shaped options, the outbox's owner, and what the partner chunk reads from Dub's answers.
  ...['domainsConfig', 'refer', 'site', 'outbound', 'shortDomain', 'queryParams', 'queryParam'],
  ...['preload', 'owner', 'createdAt', 'maxAge', 'expires', 'httpOnly', 'partner', 'discount'],
];
const VALUES = [1, 0, true, false, 'x', '', EVIL, `${EVIL}/`, `${EVIL}/track/lead/client`];

/** Elements whose `name`/`id` shadows what the script reads on `document` and `window`. */
export const CLOBBERS = {
  dubTrackForm: '<form name="dubTrack"><input name="version"><input name="q"></form>',
  dubTrackAnchors: '<a id="dubTrack" href="#1">1</a><a id="dubTrack" href="#2">2</a>',
  engineGlobal: '<a id="dub-track.engine" href="#e">e</a>',
  partnerGlobal: '<a id="dub-track.partner" href="#p">p</a>',
  gateGlobal: '<a id="dub-track.gate" href="#g">g</a>',
  dubAnalytics: '<a id="dubAnalytics" href="#d">d</a>',
  currentScript: '<img name="currentScript" src="data:,">',
  head: '<img name="head">',
  createElement: '<img name="createElement">',
  cookie: '<form name="cookie"></form>',
  body: '<img name="body">',
  documentElement: '<img name="documentElement">',
  location: '<a id="location" href="#l">l</a>',
  localStorage: '<a id="localStorage" href="#s">s</a>',
  requestIdleCallback: '<a id="requestIdleCallback" href="#r">r</a>',
  addEventListener: '<a id="addEventListener" href="#a">a</a>',
  dispatchEvent: '<a id="dispatchEvent" href="#d">d</a>',
  trustedTypes: '<a id="trustedTypes" href="#t">t</a>',
  crypto: '<a id="crypto" href="#c">c</a>',
  CustomEvent: '<a id="CustomEvent" href="#c">c</a>',
  history: '<a id="history" href="#h">h</a>',
  self: '<a id="self" href="#s">s</a>',
};

/** Patches of built-ins, each a script run before the page's others (see `patchScript`). */
const PATCHES = [
  'arrayToJSON',
  'objectToJSONValue',
  'jsonWrapped',
  'jsonStringifySingleQuotes',
  'fetchWrapped',
  'arrayMethodsWrapped',
  'arrayEnumerableMethod',
] as const;
type Patch = (typeof PATCHES)[number];

interface ProtoProp {
  on: 'Object' | 'Array' | 'Function';
  name: string;
  value: unknown;
  enumerable: boolean;
  setter: boolean;
}

export interface HostilePage {
  props: ProtoProp[];
  clobbers: (keyof typeof CLOBBERS)[];
  patches: Patch[];
  apiHostAttribute: boolean;
  /** Dub's `data-domains`: the page also loads the partner chunk (the dub_id in the URL wins, so no click is registered). */
  partnerDomains: boolean;
  kind: 'lead' | 'sale';
  metadata: { tags: string[]; n: number } | undefined;
}

const protoProp: fc.Arbitrary<ProtoProp> = fc.record({
  on: fc.constantFrom('Object' as const, 'Array' as const, 'Function' as const),
  name: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NAMES) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
  ),
  value: fc.constantFrom(...VALUES),
  enumerable: fc.boolean(),
  // Setters only on Object.prototype, and rarely: such a page refuses every call.
  setter: fc.boolean().chain((yes) => (yes ? fc.boolean() : fc.constant(false))),
});

const hostilePage: fc.Arbitrary<HostilePage> = fc.record({
  props: fc.array(protoProp, { maxLength: 8 }),
  clobbers: fc.uniqueArray(
    fc.constantFrom(...(Object.keys(CLOBBERS) as (keyof typeof CLOBBERS)[])),
    { maxLength: 6 },
  ),
  patches: fc.uniqueArray(fc.constantFrom(...PATCHES), { maxLength: 3 }),
  apiHostAttribute: fc.boolean(),
  partnerDomains: fc.boolean(),
  kind: fc.constantFrom('lead' as const, 'sale' as const),
  metadata: fc.option(
    fc.record({
      tags: fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
      n: fc.integer({ min: -5, max: 5 }),
    }),
    { nil: undefined },
  ),
});

/**
 * Runs in the page before any of its scripts: records the page's uncaught errors, keeps the
 * real JSON for the test's own report, then applies the page's pollution and patches.
 */
export function hostileInit({ page, evil }: { page: HostilePage; evil: string }) {
  const w = window as unknown as Record<string, unknown>;
  w.__realStringify = JSON.stringify;
  w.__realParse = JSON.parse;
  const fill = (value: unknown) =>
    typeof value === 'string' ? value.replace('$EVIL', evil) : value;
  const targets = {
    Object: Object.prototype,
    Array: Array.prototype,
    Function: Function.prototype,
  };
  for (const prop of page.props) {
    const target = targets[prop.on];
    if (Object.getOwnPropertyDescriptor(target, prop.name)?.configurable === false) continue;
    try {
      if (prop.setter && prop.on === 'Object')
        Object.defineProperty(target, prop.name, {
          configurable: true,
          enumerable: prop.enumerable,
          get: () => fill(prop.value),
          set() {},
        });
      else
        Object.defineProperty(target, prop.name, {
          configurable: true,
          writable: true,
          enumerable: prop.enumerable,
          value: fill(prop.value),
        });
    } catch {}
  }
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  for (const patch of page.patches) {
    if (patch === 'arrayToJSON')
      Object.defineProperty(Array.prototype, 'toJSON', {
        configurable: true,
        writable: true,
        value(this: unknown[]) {
          return this.join(', ');
        },
      });
    if (patch === 'objectToJSONValue')
      // A non-function toJSON is ignored by JSON.stringify.
      Object.defineProperty(Object.prototype, 'toJSON', {
        configurable: true,
        writable: true,
        value: 'not a function',
      });
    if (patch === 'jsonWrapped') {
      JSON.stringify = ((...args: Parameters<typeof stringify>) =>
        stringify(...args)) as typeof stringify;
      JSON.parse = ((...args: Parameters<typeof parse>) => parse(...args)) as typeof parse;
    }
    if (patch === 'jsonStringifySingleQuotes')
      JSON.stringify = ((value: unknown, ...rest: []) =>
        typeof value === 'string' ? `'${value}'` : stringify(value, ...rest)) as typeof stringify;
    if (patch === 'fetchWrapped') {
      const original = fetch;
      w.fetch = (...args: Parameters<typeof fetch>) => original(...args);
    }
    if (patch === 'arrayMethodsWrapped')
      for (const name of [
        'map',
        'filter',
        'forEach',
        'some',
        'every',
        'find',
        'includes',
        'join',
      ]) {
        const original = (
          Array.prototype as unknown as Record<string, (...a: unknown[]) => unknown>
        )[name];
        Object.defineProperty(Array.prototype, name, {
          configurable: true,
          writable: true,
          value(this: unknown[], ...args: unknown[]) {
            return original.apply(this, args);
          },
        });
      }
    if (patch === 'arrayEnumerableMethod')
      (Array.prototype as unknown as Record<string, unknown>).each = function each(
        this: unknown[],
        fn: (item: unknown) => void,
      ) {
        for (let i = 0; i < this.length; i++) fn(this[i]);
      };
  }
}

export const pages = fc.sample(hostilePage, { seed: SEED, numRuns: COUNT });

/** What the page asked for, as the endpoint must receive it (defaults of a sale filled in). */
export const expectedBody = (page: HostilePage) => {
  const metadata = page.metadata ? { metadata: page.metadata } : {};
  return page.kind === 'lead'
    ? { eventName: 'Sign up', customerExternalId: 'cus_fuzz', ...metadata, clickId: CLICK }
    : {
        amount: 4200,
        currency: 'usd',
        eventName: 'Purchase',
        paymentProcessor: 'custom',
        customerExternalId: 'cus_fuzz',
        ...metadata,
        clickId: CLICK,
      };
};

export const inputOf = (page: HostilePage) => {
  const metadata = page.metadata ? { metadata: page.metadata } : {};
  return page.kind === 'lead'
    ? { eventName: 'Sign up', customerExternalId: 'cus_fuzz', ...metadata }
    : { amount: 4200, customerExternalId: 'cus_fuzz', ...metadata };
};

/** What `callHostile` reports: the call's result status, its error, or what it returned instead of a promise. */
export type Outcome =
  | { ok: true; status: number }
  | { ok: false; name: string; message: string; isError: boolean }
  | { sync: string; ok?: undefined };

/**
 * Runs in the hostile page (pass it to `page.evaluate` with `callText`): makes the page's one call.
 * The call and its result travel as text read and written with the page's real JSON (kept before
 * the patches): an argument object would be rebuilt in the page by assignment, which the page's
 * own setters would intercept.
 */
export async function callHostile(text: string): Promise<string> {
  const w = window as unknown as Record<string | symbol, unknown>;
  const stringify = w.__realStringify as typeof JSON.stringify;
  const call = (w.__realParse as typeof JSON.parse)(text) as [string, unknown];
  const kind = call[0];
  const input = call[1];
  const tracker = w[Symbol.for('dub-track')] as Record<string, (i: unknown) => unknown>;
  try {
    const promise = tracker[kind](input);
    if (!(promise instanceof Promise)) return stringify({ sync: String(promise) });
    const result = (await promise) as { status: number };
    return stringify({ ok: true, status: result.status });
  } catch (error) {
    const e = error as { name?: unknown; message?: unknown; stack?: unknown };
    return stringify({
      ok: false,
      name: String(e?.name),
      message: String(e?.stack ?? e?.message),
      isError: error instanceof Error,
    });
  }
}

/** The argument `callHostile` takes for `page`: its call as JSON text. */
export const callText = (page: HostilePage) => JSON.stringify([page.kind, inputOf(page)]);

/**
 * What a page's outcome breaks, given the bodies the API host `received`: tracked correctly (the
 * API host got exactly the body meant), or rejected with a typed error having sent nothing but
 * that body. Empty when it holds.
 */
export function outcomeProblems(page: HostilePage, outcome: Outcome, received: unknown[]) {
  const meant = canonical(expectedBody(page));
  const problems: string[] = [];
  if (outcome.ok === true) {
    const bodies = received.map(canonical);
    if (bodies.length !== 1 || bodies[0] !== meant)
      problems.push(`the body the page meant, once: got ${JSON.stringify(bodies)}`);
    return problems;
  }
  if (outcome.ok !== false || !outcome.isError)
    problems.push(`a typed error, not ${JSON.stringify(outcome)}`);
  else if (!ERROR_NAMES.includes(outcome.name))
    problems.push(`a DubTrackError name, not ${outcome.name} (${outcome.message})`);
  for (const body of received)
    if (canonical(body) !== meant)
      problems.push(`only ever the body meant, not ${canonical(body)}`);
  return problems;
}

export { canonical };
