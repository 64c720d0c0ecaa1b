import type { TrackerOptions } from './config/options.js';
import { wireModuleTracker } from './moduleTracker.js';
import type { Tracker } from './tracker.js';

type PageWindow = Window & {
  dubTrack?: Tracker;
  dubAnalytics?: ((...args: unknown[]) => void) & { q?: unknown[][] };
};

let injected: Tracker | undefined;
const waiting = new Set<(tracker: Tracker) => void>();

/**
 * Starts tracking on this page, as `inject()` of `@dub/analytics` does, with the same options:
 * creates the page's one tracker (later calls return it and ignore their options), makes it
 * `window.dubTrack`, and answers Dub's `window.dubAnalytics` (`trackLead`, `trackSale`,
 * `trackClick`, `'ready'`) for code written for Dub's script. Does nothing outside a browser
 * (server rendering) and returns `undefined` there.
 */
export function inject(options: TrackerOptions = {}): Tracker | undefined {
  if (typeof document !== 'object') return undefined;
  if (!injected) {
    const page = window as PageWindow;
    // Dub's queueing stub, so calls made before the partner chunk arrives are kept in order.
    page.dubAnalytics ??= Object.assign(
      (...args: unknown[]) => {
        page.dubAnalytics?.q?.push(args);
      },
      { q: [] as unknown[][] },
    );
    for (const method of ['trackLead', 'trackSale', 'trackClick'])
      (page.dubAnalytics as unknown as Record<string, unknown>)[method] ??= (
        ...args: unknown[]
      ) => {
        page.dubAnalytics?.q?.push([method, ...args]);
      };
    injected = wireModuleTracker(options, true);
    page.dubTrack ??= injected;
    for (const notify of waiting) notify(injected);
    waiting.clear();
  }
  return injected;
}

/** Calls `listener` with the injected tracker, at once if there is one; returns the function that stops waiting. */
export function onInjected(listener: (tracker: Tracker) => void): () => void {
  if (injected) listener(injected);
  else waiting.add(listener);
  return () => {
    waiting.delete(listener);
  };
}
