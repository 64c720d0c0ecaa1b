import type { TrackerOptions } from './config/options.js';
import type { Tracker } from './tracker.js';
/**
 * Starts tracking on this page, as `inject()` of `@dub/analytics` does, with the same options:
 * creates the page's one tracker (later calls return it and ignore their options), makes it
 * `window.dubTrack`, and answers Dub's `window.dubAnalytics` (`trackLead`, `trackSale`,
 * `trackClick`, `'ready'`) for code written for Dub's script. Does nothing outside a browser
 * (server rendering) and returns `undefined` there.
 */
export declare function inject(options?: TrackerOptions): Tracker | undefined;
/** Calls `listener` with the injected tracker, at once if there is one; returns the function that stops waiting. */
export declare function onInjected(listener: (tracker: Tracker) => void): () => void;
