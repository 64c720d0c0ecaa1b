/**
 * Checks that refuse a call before anything is kept or sent, when its endpoint cannot take it, and
 * what debug mode prints: every `ConfigError`, every dropped event and every ignored option, each
 * with what to change, and once that dub-track is installed and with which options. In the engine,
 * never in the core: only pages that call, or that are in debug mode, pay for the words.
 */
import type { TrackerOptions } from '../config/options.js';
import type { EngineHost } from '../contract.js';
import type { DubTrackError } from '../outcome/DubTrackError.js';
import type { Emit } from '../outcome/events.js';
import { closest } from '../validation/closest.js';
import type { DeliveryConfig } from './options.js';

declare const __VERSION__: string;

const PREFIX = '[dub-track]';

/** Why every call to Dub's API is refused without a publishable key. */
export const NO_KEY_REFUSAL =
  "no publishable key, which Dub's API needs: set data-publishable-key (publishableKey)";

/**
 * Why `customer()` is refused, or `''`: it goes only to an endpoint known to answer customers, the
 * page's own origin (a `dub-track/server` handler there) or one declared with `customerEndpoint`.
 * Anything else (Dub's API, or a proxy of it) has no such route: the call would fail, or worse,
 * look like a network failure (Dub's 404 has no CORS headers) and be kept and sent again for days.
 */
export const customerRefusal = (
  apiHost: string,
  isDub: boolean,
  sameOrigin: boolean,
  declared: boolean,
): string =>
  !isDub && (sameOrigin || declared)
    ? ''
    : `customer() not sent: ${apiHost} is no first-party endpoint declared to answer customers (Dub has no browser endpoint for customers). Serve dub-track/server on this origin, or set customerEndpoint: true (data-customer-endpoint)`;

/** The message of a 404 or 405 answer without an error body of Dub's: the route does not exist. */
export const routeRefusal = (status: number, url: string) =>
  status === 404 || status === 405
    ? `${url} answered ${status} (no such route): dropped, not retried`
    : undefined;

/** Options read elsewhere (the core, the partner chunk) or written by Dub's own tag and harmless. */
const OTHER_OPTIONS = ['debug', 'customerEndpoint', 'sdkn', 'sdkv'];

/**
 * The options given that no part of the tracker reads, each with the known name closest to it:
 * debug mode reports them (a typo such as `publishableKye` would otherwise go unnoticed).
 */
export function ignoredOptions(options: TrackerOptions, known: string[]): string[] {
  const names = [...known, ...OTHER_OPTIONS];
  return Object.keys(options)
    .filter((name) => !names.includes(name))
    .map((name) => {
      const meant = closest(name, names);
      return `unknown option ${JSON.stringify(name.slice(0, 40))} ignored${meant ? `: did you mean ${meant}?` : ''}`;
    });
}

/**
 * The engine's `emit`: in debug mode, also prints every `ConfigError` and every event dropped
 * (an error after which nothing sends it again; kept in memory, it is still sent by this page).
 */
export function debugEmit(host: EngineHost, debug: boolean): Emit {
  if (!debug) return host.emit;
  return (type, detail) => {
    const { name, kind, message, willRetry, kept } = detail as DubTrackError;
    if (type === 'error' && (name === 'ConfigError' || !(willRetry || kept)))
      console.warn(`${PREFIX} ${name}${kind ? ` (${kind})` : ''}: ${message}`);
    host.emit(type, detail);
  };
}

/** Debug mode's one line as the engine starts: which version runs, where events go, with which options. */
export const announce = ({ apiHost }: DeliveryConfig, options: TrackerOptions) =>
  console.info(
    `${PREFIX} dub-track ${__VERSION__} is installed, sending to ${apiHost}; options:`,
    options,
  );
