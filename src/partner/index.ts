/**
 * The partner chunk: what Dub's own script does on a landing page beyond capturing `dub_id`
 * (partner links, site visits, the `dubAnalytics` global, partner data), loaded on demand so
 * that pages without it never download it (the gate loads the outbound chunk on its own).
 */
import { isClickId } from '../capture/clickId.js';
import { DUB_API_HOST } from '../config/dub.js';
import type { CookieOptions } from '../config/options.js';
import type { CreatePartner, PartnerClick } from '../contract.js';
import { forwardDubAnalytics } from './dubAnalytics.js';
import { partnerKey, readDomains } from './landing.js';
import { keepPartnerData, showKeptPartnerData, showPartnerData } from './partnerData.js';
import { post } from './post.js';

/** sessionStorage: the partner link this visit registered (`domain/key`); a reload does not register it again. */
export const REGISTERED_KEY = 'dub_track_click';

export const createPartner: CreatePartner = (host) => {
  const { options, getClickId } = host;
  /** Nothing is registered, stored or decorated before consent. */
  const persistent = () => host.consent() === 'granted';
  // Only an absolute http(s) URL (the engine reports others): a relative one would post to the
  // page's own site. A value that is no string is read as its text (as `test` reads it).
  const given = options.apiHost as string;
  const apiHost = `${/^https?:\/\//i.test(given) ? given : DUB_API_HOST}`.replace(/\/+$/, '');
  const { refer, site } = readDomains(options);

  /**
   * Registers a partner link (`click`) or a site visit (`visit`, no key) with Dub; keeps the click
   * ID and the partner data it answers.
   */
  const register = async (path: string, { domain, key }: Partial<PartnerClick>) => {
    if (!persistent()) return;
    const click = path === 'click';
    const link = `${domain}/${key}`;
    try {
      if (click && sessionStorage.getItem(REGISTERED_KEY) === link) return;
    } catch {}
    const answer = await post(`${apiHost}/track/${path}`, {
      domain,
      key,
      url: location.href,
      referrer: document.referrer,
    });
    if (!isClickId(answer?.clickId)) return;
    host.setClickId(answer.clickId);
    if (click) {
      try {
        sessionStorage.setItem(REGISTERED_KEY, link);
      } catch {}
      if (answer.partner) {
        keepPartnerData(answer, { __proto__: null, ...options.cookieOptions } as CookieOptions);
        showPartnerData(answer);
      }
    }
  };

  /** A partner link or a site visit from the landing URL; a `dub_id` there wins (Dub's redirect). */
  const land = async () => {
    showKeptPartnerData();
    if (new URLSearchParams(location.search).has('dub_id')) return;
    const key = partnerKey(options, location.search);
    if (refer && key) {
      if (options.attributionModel !== 'first-click' || !getClickId())
        await register('click', { domain: refer, key });
    } else if (site && !getClickId()) await register('visit', { domain: site });
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
        (click) => after(() => register('click', click)),
        () => after(landing),
      );
    }
    landing();
  };
};
