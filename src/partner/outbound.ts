/**
 * The outbound chunk: links and frames to the site's other domains carry the click (see
 * `decorateOutbound`). The gate loads it once it finds such a link or frame with the click known,
 * so that a landing page without one never downloads it, and a page with nothing else to do
 * downloads it alone.
 */
import { decorateOutbound } from '../capture/outbound.js';
import type { PartnerHost } from '../contract.js';
import { outboundDomains } from './landing.js';

export const createOutbound = (host: PartnerHost) =>
  decorateOutbound(outboundDomains(host.options), host.getClickId);
