// biome-ignore-all lint/suspicious/noDocumentCookie: the same reason as the dub_id cookie (capture/cookie.ts).
import { cookieAttributes } from '../capture/cookieAttributes.js';
import { domainCandidates } from '../capture/cookieDomain.js';
import type { CookieOptions } from '../config/options.js';
import { own } from '../defences/own.js';

/** The cookie Dub's script keeps a partner link's partner and discount in. */
export const PARTNER_COOKIE = 'dub_partner_data';

/** The partner and discount of the partner link a visitor came through, as Dub's script shows them. */
export interface PartnerData {
  partner: { id?: string; name: string; image?: string | null } | null;
  discount: Record<string, unknown> | null;
}

type PartnerWindow = Window & { DubAnalytics?: PartnerData };

/** The window event sent when `window.DubAnalytics` is set or changes (`useAnalytics()` listens). */
export const PARTNER_EVENT = 'dubtrack:partner';

/** Dub's global: the page shows the partner's name and discount from it; listeners hear of it. */
export const showPartnerData = (data: PartnerData) => {
  (window as PartnerWindow).DubAnalytics = { partner: data.partner, discount: data.discount };
  dispatchEvent(new Event(PARTNER_EVENT));
};

/**
 * Keeps `/track/click`'s answer in the `dub_partner_data` cookie exactly as Dub's script writes
 * it (JSON, the partner's name and image URI-encoded), so code that reads Dub's cookie keeps
 * working; on the same domain and for as long as the `dub_id` cookie.
 */
export function keepPartnerData(answer: Record<string, unknown>, cookie: CookieOptions) {
  const partner = answer.partner as PartnerData['partner'] & object;
  const value = JSON.stringify({
    ...answer,
    partner: {
      ...partner,
      name: encodeURIComponent(partner.name),
      image: partner.image ? encodeURIComponent(partner.image) : null,
    },
  });
  // A value that would end the cookie early is not written at all.
  if (/[;\s\\]/.test(value)) return;
  const { domain, maxAge, expiresInDays, expires } = cookie as Record<string, never>;
  // The lifetime of dub_id, read the same way.
  const seconds = [
    maxAge,
    expiresInDays * 86_400,
    (+new Date(expires) - Date.now()) / 1e3,
    7776e3,
  ].find((s) => s > 0) as number;
  const set = (at: string) => {
    document.cookie = `${PARTNER_COOKIE}=${value}${cookieAttributes(cookie, seconds, at)}`;
    return document.cookie.includes(`${PARTNER_COOKIE}=${value}`);
  };
  // The widest domain the browser accepts, as for dub_id.
  (domain ? [domain] : [...domainCandidates(location.hostname), '']).find(set);
}

/** The partner data a partner link left in the cookie on an earlier page (name and image decoded), or `null`. */
export function readPartnerData(): PartnerData | null {
  try {
    const value = document.cookie.match(`(?:^|; )${PARTNER_COOKIE}=([^;]*)`)?.[1];
    if (!value) return null;
    // Own fields only, like every stored record.
    const { partner, discount = null } = own(JSON.parse(value)) as PartnerData;
    return {
      partner: partner && {
        ...partner,
        name: decodeURIComponent(partner.name),
        image: partner.image ? decodeURIComponent(partner.image) : null,
      },
      discount,
    };
  } catch {
    return null;
  }
}
