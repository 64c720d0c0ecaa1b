/**
 * Checks that refuse a call before anything is kept or sent, when its endpoint cannot take it, and
 * what debug mode prints: every `ConfigError`, every dropped event and every ignored option, each
 * with what to change, and once that dub-track is installed and with which options. In the engine,
 * never in the core: only pages that call, or that are in debug mode, pay for the words.
 */
import type { TrackerOptions } from '../config/options.js';
import type { EngineHost } from '../contract.js';
import type { Emit } from '../outcome/events.js';
import type { DeliveryConfig } from './options.js';
/** Why every call to Dub's API is refused without a publishable key. */
export declare const NO_KEY_REFUSAL = "no publishable key, which Dub's API needs: set data-publishable-key (publishableKey)";
/**
 * Why `customer()` is refused, or `''`: it goes only to an endpoint known to answer customers, the
 * page's own origin (a `dub-track/server` handler there) or one declared with `customerEndpoint`.
 * Anything else (Dub's API, or a proxy of it) has no such route: the call would fail, or worse,
 * look like a network failure (Dub's 404 has no CORS headers) and be kept and sent again for days.
 */
export declare const customerRefusal: (apiHost: string, isDub: boolean, sameOrigin: boolean, declared: boolean) => string;
/** The message of a 404 or 405 answer without an error body of Dub's: the route does not exist. */
export declare const routeRefusal: (status: number, url: string) => string | undefined;
/**
 * The options given that no part of the tracker reads, each with the known name closest to it:
 * debug mode reports them (a typo such as `publishableKye` would otherwise go unnoticed).
 */
export declare function ignoredOptions(options: TrackerOptions, known: string[]): string[];
/**
 * The engine's `emit`: in debug mode, also prints every `ConfigError` and every event dropped
 * (an error after which nothing sends it again; kept in memory, it is still sent by this page).
 */
export declare function debugEmit(host: EngineHost, debug: boolean): Emit;
/** Debug mode's one line as the engine starts: which version runs, where events go, with which options. */
export declare const announce: ({ apiHost }: DeliveryConfig, options: TrackerOptions) => void;
