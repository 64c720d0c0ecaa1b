/**
 * Calls `callback` after every client-side navigation (`pushState`, `replaceState`, `popstate`).
 * The history methods are wrapped, never replaced: the router's own wrapper and return value stay.
 */
export declare function onNavigation(callback: () => void): void;
