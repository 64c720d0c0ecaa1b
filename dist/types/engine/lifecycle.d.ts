/**
 * The page's lifecycle, each edge in one place: tried again when the browser is back online or
 * the page is shown again; let go of (and requests in flight marked as handed over) when the page
 * is hidden for good or frozen; taken up again when it comes back from the back/forward cache.
 */
import type { Context } from './context.js';
/** `pagehide`: the page lets go of its events; nothing starts a request until it is shown again. */
export declare const hide: (ctx: Context) => void;
/** `pageshow` from the back/forward cache: its requests in flight are this page's again. */
export declare const show: (ctx: Context) => void;
/** Listens to the page's lifecycle, and replays what earlier pages left once this one settled. */
export declare const listen: (ctx: Context) => void;
