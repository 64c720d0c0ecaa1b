import * as v from 'valibot';
import { isOn, type TrackerOptions } from '../config/options.js';
import { own } from '../config/own.js';
import { detachPrototypes } from '../validation/detachPrototypes.js';
import { httpUrl } from '../validation/httpUrl.js';
import { numberRange } from '../validation/numberRange.js';
import { oneOf } from '../validation/oneOf.js';
import { run } from '../validation/run.js';
import { text } from '../validation/text.js';

/** Delivery settings after defaults: what the engine sends with. */
export interface DeliveryConfig {
  apiHost: string;
  publishableKey?: string;
  endpoints: { lead: string; sale: string; customer: string };
  retry: { limit: number; backoffLimitMs: number; timeoutMs: number };
  idempotencyHeader: string | false;
  /** The endpoint is Dub's API: its CORS allows no extra header and it de-duplicates sales by invoice. */
  isDub: boolean;
  debug: boolean;
}

const path = text(/^\//, 'expected a path starting with /');

/** Every option the tracker takes but `debug`, with the defaults of SPEC §4 (SPEC §3 for the cookie). */
// valibot 1.5.0 reads schemas through their prototypes (see detachPrototypes).
const optionsSchema = detachPrototypes(
  v.strictObject({
    apiHost: v.optional(httpUrl, 'https://api.dub.co'),
    publishableKey: v.optional(text(/./s, 'expected a key')),
    endpoints: v.optional(
      v.strictObject({
        lead: v.optional(path, '/track/lead/client'),
        sale: v.optional(path, '/track/sale/client'),
        customer: v.optional(path, '/track/customer'),
      }),
      {},
    ),
    retry: v.optional(
      v.strictObject({
        limit: v.optional(numberRange(0, 20, true), 5),
        backoffLimitMs: v.optional(numberRange(0, Infinity), 30_000),
        timeoutMs: v.optional(numberRange(1, 2 ** 31 - 1), 10_000),
      }),
      {},
    ),
    // `false`, or a valid HTTP header name; the default depends on the host (below).
    idempotencyHeader: v.optional(
      v.custom<string | false>(
        (value) =>
          value === false || (typeof value === 'string' && /^[\w!#$%&'*+.^`|~-]+$/.test(value)),
        'expected a header name or false',
      ),
    ),
    // Read by the core, which falls back silently to stay small; reported here.
    attributionModel: v.optional(oneOf(['last-click', 'first-click'])),
    consent: v.optional(oneOf(['granted', 'pending'])),
    cookieOptions: v.optional(
      v.strictObject({
        domain: v.optional(text(/(?:)/, 'expected a string')),
        path: v.optional(path),
        expiresInDays: v.optional(numberRange(0.001, Infinity)),
        sameSite: v.optional(oneOf(['Lax', 'Strict', 'None'])),
        secure: v.optional(oneOf([true, false])),
      }),
    ),
  }),
);

type Given = Record<string, unknown>;

/** A copy of `given` without the value at `path` (copying only the objects along the way). */
const without = (given: Given, [key, ...rest]: string[]): Given => {
  // No prototype: valibot's strictObject lists unknown keys with `for…in` (see own.ts).
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
): DeliveryConfig {
  let given: Given = { __proto__: null };
  // Own properties only, nested ones too (`own`): nothing a page puts on a prototype is an option.
  for (const key in optionsSchema.entries) given[key] = own(options[key as keyof TrackerOptions]);
  if (given.idempotencyHeader === 'false') given.idempotencyHeader = false;
  for (;;) {
    // One issue per option: each is one rule, or a type whose failure skips the rest of its pipe.
    const result = run(optionsSchema, given);
    if (!result.issues) {
      const { apiHost, publishableKey, endpoints, retry } = result.value;
      const host = apiHost.replace(/\/+$/, '');
      const isDub = /(^|\.)dub\.co$/.test(new URL(host).hostname);
      let header = result.value.idempotencyHeader ?? (!isDub && 'Idempotency-Key');
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
        debug: isOn(options.debug),
      };
    }
    for (const issue of result.issues) {
      const path = (issue.path ?? []).map((item) => item.key as string);
      const name = path.join('.');
      // The core has written the cookie with these already.
      report(
        `${name} is invalid (${issue.message}); ${path[0] === 'cookieOptions' ? 'the cookie may be refused' : 'using the default'}`,
      );
      given = without(given, path);
    }
  }
}
