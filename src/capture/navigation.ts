/** The part of the Navigation API used here (not in TypeScript's DOM types yet). */
type Navigation = EventTarget & { currentEntry?: unknown };

/**
 * Calls `callback` after every client-side navigation (`pushState`, `replaceState`, back and
 * forward). The Navigation API reports them all without touching `history`; where it is missing
 * (Firefox before 147, Safari before 26.2) the history methods are wrapped, never replaced: the
 * router's own wrapper and return value stay.
 */
export function onNavigation(callback: () => void) {
  const { navigation } = self as { navigation?: Navigation };
  // `currentEntry` tells the API from an element a page gave the id `navigation` (a global then).
  if (navigation?.currentEntry) return navigation.addEventListener('currententrychange', callback);
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      callback();
      return result;
    };
  }
  addEventListener('popstate', callback);
}
