/**
 * Checks that refuse a call before anything is kept or sent, when its endpoint cannot take it.
 * In the engine, never in the core: only pages that call pay for the words (what debug mode
 * prints is in debug.ts, a chunk of its own).
 */
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
