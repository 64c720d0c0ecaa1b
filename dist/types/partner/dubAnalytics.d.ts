import type { PartnerClick } from '../contract.js';
import type { Tracker } from '../tracker.js';
/** Dub's global as its own script defines it: callable (`dubAnalytics('ready', fn)`) with methods. */
export interface DubAnalytics {
    (method: string, ...args: unknown[]): unknown;
    /** Calls a page made on Dub's stub before the script loaded: `[method, ...args]`. */
    q?: ArrayLike<unknown>[];
    trackLead(input: unknown): Promise<unknown>;
    trackSale(input: unknown): Promise<unknown>;
    trackClick(click: PartnerClick): Promise<void>;
}
/**
 * Replaces Dub's stub (`window.dubAnalytics`) with one that forwards to `tracker`: `trackLead`,
 * `trackSale`, `trackClick` and `dubAnalytics('ready', callback)` (called once `landed` settles,
 * when this page's partner data is known), after the calls queued on the stub, in order. Like
 * Dub's, they never reject (failures reach the `dubtrack:error` listeners); a lead or sale
 * resolves with its result once delivered.
 */
export declare function forwardDubAnalytics(tracker: Tracker, trackClick: (click: PartnerClick) => Promise<void>, landed: () => Promise<void>): void;
