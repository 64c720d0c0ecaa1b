/**
 * Calls `callback` after every client-side navigation (`pushState`, `replaceState`, back and
 * forward). The Navigation API reports them all without touching `history`; where it is missing
 * (Firefox before 147, Safari before 26.2) the history methods are wrapped, never replaced: the
 * router's own wrapper and return value stay.
 */
export declare function onNavigation(callback: () => void): void;
