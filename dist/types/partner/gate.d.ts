/**
 * The partner gate: what every page of a site with Dub's domains (or Dub's `dubAnalytics` stub)
 * loads. It brings each partner chunk only where the page has its work (`partnerWork`): the
 * outbound chunk for outbound links or frames, the partner chunk for landing work or Dub's stub
 * (whose calls it answers), both at once where both are due; and it watches the page for
 * outbound links and frames added or changed later, so that a plain page of such a site
 * downloads nothing more.
 */
import type { Partner, PartnerHost } from '../contract.js';
export declare const createGate: (host: PartnerHost) => Partner;
