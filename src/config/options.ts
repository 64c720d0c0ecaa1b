/** Where the `dub_id` cookie is written (SPEC §3); the same JSON shape as Dub's own `data-cookie-options`. */
export interface CookieOptions {
  /** Cookie domain. Default: the widest parent domain of the page's host that accepts a cookie. */
  domain?: string;
  /** Cookie path. Default `/`. */
  path?: string;
  /** Lifetime of the click attribution in days. Default `90`. */
  expiresInDays?: number;
  /** Default `Lax`. */
  sameSite?: 'Lax' | 'Strict' | 'None';
  /** Default: `true` on https pages. */
  secure?: boolean;
}

/** Delivery retries (SPEC §7). */
export interface RetryOptions {
  /** Retries after the first attempt, in this page. Default `5`; what is left is retried on a later page load. */
  limit?: number;
  /** Upper bound of one backoff wait in ms. Default `30000`. */
  backoffLimitMs?: number;
  /** Time allowed for one attempt in ms. Default `10000`. */
  timeoutMs?: number;
}

/** Options of `createTracker` (and, as `data-*` attributes, of the script tag). */
export interface TrackerOptions {
  /** Base URL events are posted to. Default `https://api.dub.co`; point it at your own first-party endpoint to proxy. */
  apiHost?: string;
  /** Dub publishable key (`dub_pk_…`), sent as `Authorization: Bearer <key>`. A secret key is refused. */
  publishableKey?: string;
  /** Paths under `apiHost`. Default `/track/lead/client`, `/track/sale/client`, `/track/customer`. */
  endpoints?: { lead?: string; sale?: string; customer?: string };
  /** `last-click` (default) lets a new link overwrite the stored click; `first-click` keeps the first. */
  attributionModel?: 'last-click' | 'first-click';
  /** The `dub_id` cookie. */
  cookieOptions?: CookieOptions;
  /** `pending` keeps everything in memory until `consent(true)`. Default `granted`. */
  consent?: 'granted' | 'pending';
  /** Retries and timeouts. Default `{limit: 5, backoffLimitMs: 30000, timeoutMs: 10000}`. */
  retry?: RetryOptions;
  /** Header carrying the event id, or `false`. Default `Idempotency-Key`, but `false` for `dub.co` hosts (their CORS rejects it). */
  idempotencyHeader?: string | false;
  /** Logs warnings and reports ignored click IDs as `ConfigError` events. Default off. */
  debug?: boolean;
}

/**
 * Reads a `<script data-*>` element into options. A malformed JSON attribute is left out (its
 * option keeps the default) and returned as a problem for the engine to report as a
 * `ConfigError`, so a typo never stops the script. Every other value is checked by the engine.
 */
export function readScriptAttributes(data: DOMStringMap) {
  // Own attributes only: `key in` below must not find a prototype's.
  const options: Record<string, unknown> = { __proto__: null, ...data };
  const problems: string[] = [];
  for (const key of ['endpoints', 'cookieOptions', 'retry'])
    try {
      if (key in options) options[key] = JSON.parse(options[key] as string);
    } catch {
      delete options[key];
      problems.push(`${key}: not JSON, using the default`);
    }
  return { options: options as TrackerOptions, problems };
}

/** `debug` from the ES module (a boolean) or the script tag: on when present, unless `"false"`. */
export const isOn = (value: unknown) => (typeof value === 'string' ? value !== 'false' : !!value);
