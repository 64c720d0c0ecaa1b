/**
 * The outbound chunk: links and frames to the site's other domains carry the click (see
 * `decorateOutbound`). The partner chunk loads it once the gate finds such a link or frame with
 * the click known, so that a landing page without one never downloads it.
 */
import { decorateOutbound } from '../capture/outbound.js';
import type { PartnerHost } from '../contract.js';
import { outboundDomains } from './landing.js';

export const createOutbound = (host: PartnerHost) =>
  decorateOutbound(outboundDomains(host.options), host.getClickId);
