import * as v from 'valibot';
import { DUB_API_HOST } from '../config/dub.js';
import { type CookieOptions, isDubHost, isOn, type TrackerOptions } from '../config/options.js';
import { detachPrototypes } from '../defences/detachPrototypes.js';
import { own } from '../defences/own.js';
import { httpUrl } from '../validation/httpUrl.js';
import { run } from '../validation/run.js';
import { customerRefusal, NO_KEY_REFUSAL } from './checks.js';
import type { Debug } from './debug.js';

/** Delivery settings after defaults: what the engine sends with. */
export interface DeliveryConfig {
  apiHost: string;
  publishableKey?: string;
  endpoints: { lead: string; sale: string; customer: string };
  retry: { limit: number; backoffLimitMs: number; timeoutMs: number };
  idempotencyHeader: string | false;
  /** The endpoint is Dub's API: its CORS allows no extra header and it de-duplicates sales by invoice. */
  isDub: boolean;
  /** Why `customer()` cannot be sent, or `''`: only the page's own origin or a declared endpoint answers customers. */
  customerRefusal: string;
  /** Why no call can be sent, or `''`: Dub's API without a publishable key. */
  keyRefusal: string;
  /** Debug mode's printing (the debug chunk), when the page is in debug mode. */
  debug?: Debug;
}

const path = v.pipe(v.string(), v.startsWith('/', 'expected a path starting with /'));
const number = (min: number, max = Infinity) =>
  v.pipe(v.number(), v.minValue(min), v.maxValue(max));

/** The customer endpoint the tracker uses unless told otherwise (one of a first-party server). */
const CUSTOMER_PATH = '/track/customer';

/** A domain name as Dub's options take it (`go.example.com`, `*.example.com` for outbound). */
const domain = v.pipe(v.string(), v.regex(/^[\w*.-]+$/, 'expected a domain name'));
const queryParam = v.pipe(v.string(), v.minLength(1, 'expected a query parameter name'));

/** Every option the tracker takes but `debug`, with the defaults of SPEC §4 (SPEC §3 for the cookie). */
// valibot 1.5.0 reads schemas through their prototypes (see detachPrototypes).
const optionsSchema = detachPrototypes(
  v.strictObject({
    apiHost: v.optional(httpUrl, DUB_API_HOST),
    publishableKey: v.optional(v.pipe(v.string(), v.minLength(1, 'expected a key'))),
    endpoints: v.optional(
      v.strictObject({
        lead: v.optional(path, '/track/lead/client'),
        sale: v.optional(path, '/track/sale/client'),
        customer: v.optional(path, CUSTOMER_PATH),
      }),
      {},
    ),
    retry: v.optional(
      v.strictObject({
        limit: v.optional(v.pipe(number(0, 20), v.integer()), 5),
        backoffLimitMs: v.optional(number(0), 30_000),
        timeoutMs: v.optional(number(1, 2 ** 31 - 1), 10_000),
      }),
      {},
    ),
    // `false`, or a valid HTTP header name; the default depends on the endpoint's origin (below).
    idempotencyHeader: v.optional(
      v.union(
        [v.literal(false), v.pipe(v.string(), v.regex(/^[\w!#$%&'*+.^`|~-]+$/))],
        'expected a header name or false',
      ),
    ),
    // Read by the core, which falls back silently to stay small; reported here.
    attributionModel: v.optional(v.picklist(['last-click', 'first-click'])),
    consent: v.optional(v.picklist(['granted', 'pending'])),
    preload: v.optional(v.picklist(['engine'])),
    cookieOptions: v.optional(
      v.strictObject({
        domain: v.optional(v.string()),
        path: v.optional(path),
        expiresInDays: v.optional(number(0.001)),
        // Dub's shape: `maxAge` in seconds, `expires` a date, `sameSite` a boolean or in any case.
        maxAge: v.optional(number(0)),
        expires: v.optional(
          v.pipe(
            v.union([v.date(), v.string()]),
            v.check((value) => +new Date(value) > Date.now(), 'expected a future date'),
          ),
        ),
        sameSite: v.optional(
          v.union(
            [v.boolean(), v.pipe(v.string(), v.regex(/^(lax|strict|none)$/i))],
            'expected Lax, Strict, None (any case), true or false',
          ),
        ),
        secure: v.optional(v.boolean()),
        // A script cannot set it: accepted for Dub's shape, and warned about in debug mode (below).
        httpOnly: v.optional(v.unknown()),
      }),
    ),
    domainsConfig: v.optional(
      v.strictObject({
        refer: v.optional(domain),
        site: v.optional(domain),
        // A list, or one string of domains separated by commas.
        outbound: v.optional(
          v.union(
            [v.pipe(v.string(), v.regex(/\S/)), v.array(domain)],
            'expected a domain name, a list of them, or one string separated by commas',
          ),
        ),
      }),
    ),
    queryParams: v.optional(v.array(queryParam)),
    queryParam: v.optional(queryParam),
    shortDomain: v.optional(domain),
  }),
);

type Given = Record<string, unknown>;

/** A copy of `given` without the value at `path` (copying only the objects along the way). */
const without = (given: Given, [key, ...rest]: string[]): Given => {
  // No prototype: valibot's strictObject lists unknown keys with `for…in` (see own.ts).
  // Without a prototype: see src/defences/README.md.
  const copy: Given = { __proto__: null, ...given };
  if (rest.length) copy[key] = without(copy[key] as Given, rest);
  else delete copy[key];
  return copy;
};

/**
 * Checks the options: each bad one is reported and falls back to its own default, the others
 * still apply (a malformed option never stops the tracker). Options from `<script data-*>`
 * arrive as strings: `debug` is on when present unless `"false"`; `idempotencyHeader="false"` is `false`.
 */
export function resolveDeliveryOptions(
  options: TrackerOptions,
  report: (message: string) => void,
  tools?: Debug,
): DeliveryConfig {
  let given: Given = { __proto__: null };
  // Own properties only, nested ones too (`own`): nothing a page puts on a prototype is an option.
  for (const key in optionsSchema.entries) given[key] = own(options[key as keyof TrackerOptions]);
  if (given.idempotencyHeader === 'false') given.idempotencyHeader = false;
  const debug = isOn(options.debug) ? tools : undefined;
  debug?.options(
    options,
    given.cookieOptions as CookieOptions | undefined,
    Object.keys(optionsSchema.entries),
    report,
  );
  for (;;) {
    // One issue per option: each is one rule, or a type whose failure skips the rest of its pipe.
    const result = run(optionsSchema, given);
    if (!result.issues) {
      const { apiHost, publishableKey, endpoints, retry } = result.value;
      const host = apiHost.replace(/\/+$/, '');
      const isDub = isDubHost(host);
      // A header the endpoint's CORS may not allow fails every request, so it is sent by default
      // only to the page's own origin (no preflight); another origin must ask for it by name.
      const sameOrigin = typeof location === 'object' && new URL(host).origin === location.origin;
      let header = result.value.idempotencyHeader ?? (sameOrigin && 'Idempotency-Key');
      if (isDub && header) {
        report(`idempotencyHeader: ${host} allows no extra header (CORS), so none is sent`);
        header = false;
      }
      return {
        apiHost: host,
        publishableKey,
        endpoints,
        retry,
        idempotencyHeader: header,
        isDub,
        customerRefusal: customerRefusal(host, isDub, sameOrigin, isOn(options.customerEndpoint)),
        keyRefusal: isDub && !publishableKey ? NO_KEY_REFUSAL : '',
        debug,
      };
    }
    const reported = new Set<string>();
    for (const issue of result.issues) {
      const path = (issue.path ?? []).map((item) => item.key as string);
      const name = path.join('.');
      // A value that breaks two rules of its pipe (-1.5 for an integer ≥ 0) is one mistake.
      if (reported.has(name)) continue;
      reported.add(name);
      // The core has written the cookie with these already.
      report(
        `${name} is invalid (${issue.message}); ${path[0] === 'cookieOptions' ? 'the cookie may be refused' : 'using the default'}`,
      );
      given = without(given, path);
    }
  }
}
