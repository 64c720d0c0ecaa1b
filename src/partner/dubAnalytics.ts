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

type DubWindow = Window & { dubAnalytics?: DubAnalytics };

const ignore = () => {};

/**
 * Replaces Dub's stub (`window.dubAnalytics`) with one that forwards to `tracker`: `trackLead`,
 * `trackSale`, `trackClick` and `dubAnalytics('ready', callback)` (called once `landed` settles,
 * when this page's partner data is known), after the calls queued on the stub, in order. Like
 * Dub's, they never reject (failures reach the `dubtrack:error` listeners); a lead or sale
 * resolves with its result once delivered.
 */
export function forwardDubAnalytics(
  tracker: Tracker,
  trackClick: (click: PartnerClick) => Promise<void>,
  landed: () => Promise<void>,
) {
  const page = window as DubWindow;
  const stub = page.dubAnalytics;
  // Dub's stub's own queue only, not a `q` a page put on a prototype.
  const queued = (stub && Object.hasOwn(stub, 'q') && stub.q) || [];
  const methods: Record<string, (arg: never) => unknown> = {
    trackLead: (input) => tracker.lead(input).catch(ignore),
    trackSale: (input) => tracker.sale(input).catch(ignore),
    trackClick: (click: PartnerClick) => trackClick(click).catch(ignore),
    ready: (callback: () => void) => landed().then(callback),
  };
  // Own methods only: `dubAnalytics('constructor', …)` must not reach Object.
  const dubAnalytics = (method: string, arg: never) =>
    Object.hasOwn(methods, method) ? methods[method](arg) : undefined;
  page.dubAnalytics = Object.assign(dubAnalytics, methods) as unknown as DubAnalytics;
  for (const call of Array.from(queued)) dubAnalytics(...(Array.from(call) as [string, never]));
}
