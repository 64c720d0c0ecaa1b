/**
 * Calls `callback` after every client-side navigation (`pushState`, `replaceState`, `popstate`).
 * The history methods are wrapped, never replaced: the router's own wrapper and return value stay.
 */
export function onNavigation(callback: () => void) {
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
