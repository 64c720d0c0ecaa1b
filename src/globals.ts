/**
 * The globals the script tag defines, for TypeScript: active with `import 'dub-track/script'`, or
 * in a page that loads the script tag with `/// <reference types="dub-track/globals" />`.
 */
import type { DubAnalyticsGlobal, DubPartnerData } from './partner/types.js';
import type { Tracker } from './tracker.js';

declare global {
  /** The tracker (`dubTrack.lead(…)`, `dubTrack.sale(…)`). */
  var dubTrack: Tracker;
  /** Dub's script's global, answered by dub-track: `trackLead`, `trackSale`, `trackClick`, `'ready'`. */
  var dubAnalytics: DubAnalyticsGlobal;
  /** The partner and discount of the partner link the visitor came through, once known. */
  var DubAnalytics: DubPartnerData | undefined;
}
