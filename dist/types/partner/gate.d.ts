/**
 * The partner gate: what every page of a site with Dub's domains (or Dub's `dubAnalytics` stub)
 * loads. It brings the partner chunk only where the page has partner work (`partnerWork`, or
 * Dub's stub, whose calls the chunk answers), tells it whether the page has outbound links or
 * frames to decorate, and watches the page for such links and frames added or changed later, so
 * that a plain page of such a site downloads nothing more.
 */
import type { Partner, PartnerHost } from '../contract.js';
export declare const createGate: (host: PartnerHost) => Partner;
