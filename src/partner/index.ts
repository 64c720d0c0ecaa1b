/**
 * The partner chunk: what Dub's own script does on a landing page beyond capturing `dub_id`
 * (partner links, site visits, outbound links, the `dubAnalytics` global), loaded on demand so
 * that pages without it never download it.
 */
import { isClickId } from '../capture/clickId.js';
import { decorateOutbound } from '../capture/outbound.js';
import { DUB_API_HOST } from '../config/dub.js';
import type { CreatePartner, PartnerClick } from '../contract.js';
import { own } from '../defences/own.js';
import { forwardDubAnalytics } from './dubAnalytics.js';
import { partnerKey, readDomains } from './landing.js';
import {
  keepPartnerData,
  type PartnerData,
  readPartnerData,
  showPartnerData,
} from './partnerData.js';
import { post } from './post.js';

/** sessionStorage: the partner link this visit registered (`domain/key`); a reload does not register it again. */
export const REGISTERED_KEY = 'dub_track_click';

export const createPartner: CreatePartner = (host) => {
  // Own properties only, nested ones too: a page's `Object.prototype.apiHost` or `domainsConfig`
  // is no option.
  const options = own(host.options);
  /** Nothing is registered, stored or decorated before consent. */
  const persistent = () => host.consent() === 'granted';
  // Only an absolute http(s) URL (the engine reports others): a relative one would post to the page's own site.
  const apiHost = (
    typeof options.apiHost === 'string' && /^https?:\/\//i.test(options.apiHost)
      ? options.apiHost
      : DUB_API_HOST
  ).replace(/\/+$/, '');
  const { refer, site, outbound } = readDomains(options);
  const origin = () => ({ url: location.href, referrer: document.referrer });

  /** Registers a partner link with Dub; keeps the click ID and the partner data it answers. */
  const registerClick = async ({ domain, key }: PartnerClick) => {
    if (!persistent()) return;
    const link = `${domain}/${key}`;
    try {
      if (sessionStorage.getItem(REGISTERED_KEY) === link) return;
    } catch {}
    const answer = await post(`${apiHost}/track/click`, { domain, key, ...origin() });
    if (!isClickId(answer?.clickId)) return;
    host.setClickId(answer.clickId);
    try {
      sessionStorage.setItem(REGISTERED_KEY, link);
    } catch {}
    if (answer.partner) {
      keepPartnerData(answer, options.cookieOptions ?? {});
      showPartnerData(answer as unknown as PartnerData);
    }
  };

  /** A visit without a click: Dub's site-visit link gives it one. */
  const registerVisit = async (domain: string) => {
    const answer = await post(`${apiHost}/track/visit`, { domain, ...origin() });
    if (isClickId(answer?.clickId)) host.setClickId(answer.clickId);
  };

  /** A partner link or a site visit from the landing URL; a `dub_id` there wins (Dub's redirect). */
  const land = async () => {
    const kept = readPartnerData();
    if (kept) showPartnerData(kept);
    const decorateAgain = outbound[0] ? decorateOutbound(outbound, host.getClickId) : undefined;
    if (new URLSearchParams(location.search).has('dub_id')) return;
    const key = partnerKey(options, location.search);
    if (refer && key) {
      if (options.attributionModel !== 'first-click' || !host.getClickId())
        await registerClick({ domain: refer, key });
    } else if (site && !host.getClickId()) await registerVisit(site);
    // Links and frames already there when the click was not known yet.
    decorateAgain?.();
  };

  let landed: Promise<void> | undefined;
  /** The landing work, started once consent allows it; settles when done, never rejects. */
  const landing = () => {
    if (persistent()) landed ??= land().catch(() => {});
    return landed ?? Promise.resolve();
  };
  /** The landing work and every `trackClick` since: `ready` callbacks wait for all of it, as in Dub's script. */
  let settled: Promise<void> | undefined;
  const after = (work: () => Promise<void>) => {
    settled = (settled ?? landing()).then(work).catch(() => {});
    return settled;
  };
  let forwarded = false;
  return () => {
    if (!forwarded && 'dubAnalytics' in window) {
      forwarded = true;
      forwardDubAnalytics(
        host.tracker,
        (click) => after(() => registerClick(click)),
        () => after(landing),
      );
    }
    landing();
  };
};
