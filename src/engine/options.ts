import * as v from 'valibot';
import type { TrackerOptions } from '../config/options.js';

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

const DEFAULTS = {
  apiHost: 'https://api.dub.co',
  endpoints: {
    lead: '/track/lead/client',
    sale: '/track/sale/client',
    customer: '/track/customer',
  },
  retry: { limit: 5, backoffLimitMs: 30_000, timeoutMs: 10_000 },
};

const path = v.pipe(v.string(), v.regex(/^\//, 'Invalid path: expected it to start with /'));
const fields = {
  apiHost: v.pipe(v.string(), v.url(), v.regex(/^https?:\/\//, 'Invalid URL: expected http(s)')),
  publishableKey: v.pipe(v.string(), v.minLength(1)),
  'endpoints.lead': path,
  'endpoints.sale': path,
  'endpoints.customer': path,
  'retry.limit': v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(20)),
  'retry.backoffLimitMs': v.pipe(v.number(), v.minValue(0)),
  'retry.timeoutMs': v.pipe(v.number(), v.minValue(1), v.maxValue(2_147_483_647)),
  // Read by the core, which falls back silently to stay small; reported here.
  attributionModel: v.picklist(['last-click', 'first-click']),
  consent: v.picklist(['granted', 'pending']),
  cookieOptions: v.strictObject({
    domain: v.optional(v.string()),
    path: v.optional(path),
    expiresInDays: v.optional(v.pipe(v.number(), v.minValue(0.001))),
    sameSite: v.optional(v.picklist(['Lax', 'Strict', 'None'])),
    secure: v.optional(v.boolean()),
  }),
  idempotencyHeader: v.union([
    v.literal(false),
    v.pipe(v.string(), v.regex(/^[\w!#$%&'*+.^`|~-]+$/)),
  ]),
};

/**
 * Checks each delivery option on its own: a bad one falls back to its default and is reported,
 * the others still apply (a malformed option never stops the tracker).
 */
export function resolveDeliveryOptions(
  options: TrackerOptions,
  report: (message: string) => void,
): DeliveryConfig {
  const valid = (name: keyof typeof fields, value: unknown) => {
    if (value === undefined) return undefined;
    const result = v.safeParse(fields[name], value);
    if (result.success) return result.output as never;
    const { message } = result.issues[0];
    // The core writes the cookie before this check; the other options fall back to their default.
    report(
      `${name} is invalid (${message}); ${name === 'cookieOptions' ? 'fix it: the cookie may be refused' : 'using the default'}`,
    );
    return undefined;
  };
  const section = <K extends 'endpoints' | 'retry'>(key: K) => {
    const given = options[key];
    if (given !== undefined && (typeof given !== 'object' || given === null))
      report(`${key} must be an object; using the default`);
    const merged: Record<string, unknown> = { ...DEFAULTS[key] };
    for (const name of Object.keys(merged)) {
      const value = valid(
        `${key}.${name}` as keyof typeof fields,
        (given as Record<string, unknown> | undefined)?.[name],
      );
      if (value !== undefined) merged[name] = value;
    }
    return merged as (typeof DEFAULTS)[K];
  };

  for (const name of ['attributionModel', 'consent', 'cookieOptions'] as const)
    valid(name, options[name]);
  const apiHost = (
    (valid('apiHost', options.apiHost) as string | undefined) ?? DEFAULTS.apiHost
  ).replace(/\/+$/, '');
  const isDub = /(^|\.)dub\.co$/.test(new URL(apiHost).hostname);
  let idempotencyHeader =
    valid('idempotencyHeader', options.idempotencyHeader) ?? (isDub ? false : 'Idempotency-Key');
  if (isDub && idempotencyHeader) {
    report(
      `idempotencyHeader cannot be sent to ${apiHost}: its CORS allows no other header; sending none`,
    );
    idempotencyHeader = false;
  }
  return {
    apiHost,
    publishableKey: valid('publishableKey', options.publishableKey),
    endpoints: section('endpoints'),
    retry: section('retry'),
    idempotencyHeader,
    isDub,
    debug: !!options.debug,
  };
}
