import { DUB_API_HOST } from './dub.js';
/** Where the `dub_id` cookie is written; the same JSON shape as Dub's own `data-cookie-options`. */
export interface CookieOptions {
  /** Cookie domain. Default: the widest parent domain of the page's host that accepts a cookie. */
  domain?: string;
  /** Cookie path. Default `/`. */
  path?: string;
  /** Lifetime of the click attribution in days. Default `90`. */
  expiresInDays?: number;
  /** Lifetime in seconds (Dub's `maxAge`); wins over `expiresInDays` and `expires`. */
  maxAge?: number;
  /** End of the attribution, as a `Date` or a date string (Dub's `expires`); `expiresInDays` wins over it. */
  expires?: Date | string;
  /** `Lax`, `Strict` or `None` in any case; `true` means `Strict`, `false` the browser's default (Lax). Default `Lax`. */
  sameSite?: 'Lax' | 'Strict' | 'None' | 'lax' | 'strict' | 'none' | boolean;
  /** Default: `true` on https pages (and always with `sameSite: 'None'`). */
  secure?: boolean;
  /** Accepted for Dub's shape and ignored (a script cannot set an HttpOnly cookie); debug mode warns. */
  httpOnly?: boolean;
}

/** Dub's domains: partner links, site visits and the site's other domains. */
export interface DomainsConfig {
  /**
   * The Dub short domain of your partner program: a landing with `?via=<key>` (see `queryParams`)
   * registers a click for the link `<refer>/<key>` and keeps its click ID and partner discount.
   */
  refer?: string;
  /** The Dub short domain for site visits: a visit without a click registers one. */
  site?: string;
  /** Your other domains (a list, or one string separated by commas; `*.example.com` for subdomains): links to them carry `dub_id`. */
  outbound?: string | string[];
}

/** Delivery retries. */
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
  /**
   * Dub publishable key (`dub_pk_…`), sent as `Authorization: Bearer <key>`; required when events go
   * to Dub's API. A secret key (`dub_…`) is refused: it must never be in a browser.
   */
  publishableKey?: `dub_pk_${string}`;
  /**
   * Paths under `apiHost`. Default `/track/lead/client`, `/track/sale/client`, `/track/customer`.
   * Dub's API has no customer endpoint for browsers: `customer()` needs a first-party endpoint.
   */
  endpoints?: { lead?: string; sale?: string; customer?: string };
  /** `last-click` (default) lets a new link overwrite the stored click; `first-click` keeps the first. */
  attributionModel?: 'last-click' | 'first-click';
  /** The `dub_id` cookie. */
  cookieOptions?: CookieOptions;
  /** `pending` keeps everything in memory until `consent(true)`. Default `granted`. */
  consent?: 'granted' | 'pending';
  /** Retries and timeouts. Default `{limit: 5, backoffLimitMs: 30000, timeoutMs: 10000}`. */
  retry?: RetryOptions;
  /**
   * Header carrying the event id, or `false`. Default: `Idempotency-Key` when `apiHost` is the
   * page's own origin, else `false` (another origin's CORS may refuse the header, and with it every
   * event). Name one for a first-party endpoint on another origin that allows it. Never sent to
   * `dub.co` hosts, whose CORS allows no extra header.
   */
  idempotencyHeader?: string | false;
  /**
   * `engine` loads what a call needs (validation, delivery) as soon as the page is idle, so that
   * the first call waits for no download: for checkout and sign-up pages. Default: loaded by the
   * first call.
   */
  preload?: 'engine';
  /**
   * `true` when `apiHost` + `endpoints.customer` answers `customer()` (a `dub-track/server` handler)
   * on another origin than the page's. Without it, `customer()` is sent only to the page's own
   * origin and rejects with `ConfigError` elsewhere (Dub's API has no customer route). Default off.
   */
  customerEndpoint?: boolean;
  /**
   * Prints on the console that dub-track is installed (with its options), and every `ConfigError`,
   * dropped event and ignored option with what to change. Default off.
   */
  debug?: boolean;
  /** Partner links, site visits and outbound domains. Default none. */
  domainsConfig?: DomainsConfig;
  /** Query parameters that carry a partner link's key (`?via=john`); `via` is always among them. Default `['via']`. */
  queryParams?: string[];
  /** Older single form of `queryParams`. */
  queryParam?: string;
  /** Older name of `domainsConfig.refer`. */
  shortDomain?: string;
}

/**
 * Reads a `<script data-*>` element into `[options, problems]`. A malformed JSON attribute is
 * left out (its option keeps the default) and named in `problems` for the engine to report as a
 * `ConfigError`, so a typo never stops the script. Every other value is checked by the engine.
 */
export function readScriptAttributes(data: DOMStringMap) {
  // Own attributes only: `key in` below must not find a prototype's.
  // Without a prototype: see src/defences/README.md.
  const options: Record<string, unknown> = { __proto__: null, ...data };
  // Dub's script names it `data-domains`.
  if ('domains' in options) {
    options.domainsConfig = options.domains;
    delete options.domains;
  }
  const problems: Problem[] = [];
  for (const key of ['endpoints', 'cookieOptions', 'retry', 'domainsConfig', 'queryParams'])
    try {
      if (key in options) options[key] = JSON.parse(options[key] as string);
    } catch {
      delete options[key];
      problems.push(['json', key]);
    }
  // A pair, not an object: its two property names would be bytes in the script every page loads.
  return [options as TrackerOptions, problems] as const;
}

/** `debug` from the ES module (a boolean) or the script tag: on when present, unless `"false"`. */
export const isOn = (value: unknown) => (typeof value === 'string' ? value !== 'false' : !!value);

/** Whether `apiHost` (default Dub's) is a host of Dub's API; throws when it is not a URL. */
export const isDubHost = (apiHost = DUB_API_HOST) =>
  /(^|\.)dub\.co$/.test(new URL(apiHost).hostname);

/**
 * A configuration problem the core found while reading the page, which the engine reports: a
 * `data-*` attribute that is not JSON (its option's name), an invalid `dub_id` in the URL (the
 * value), or a `window.dubTrack` the page made read-only. Codes, not messages: the core every
 * page loads carries no message text.
 */
export type Problem = ['json', string] | ['clickId', string] | ['readOnly'];
