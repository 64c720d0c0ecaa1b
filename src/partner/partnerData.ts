// biome-ignore-all lint/suspicious/noDocumentCookie: the same reason as the dub_id cookie (capture/cookie.ts).
import { CLICK_ID_NAME } from '../capture/clickId.js';
import { cookieAttributes } from '../capture/cookieAttributes.js';
import type { CookieOptions } from '../config/options.js';

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
export const showPartnerData = ({ partner, discount }: Record<string, unknown>) => {
  (window as PartnerWindow).DubAnalytics = { partner, discount } as PartnerData;
  dispatchEvent(new Event(PARTNER_EVENT));
};

/** Own fields only (the page's `Object.prototype.name` is no partner's name), without a prototype. */
const bare = (value: unknown) =>
  ({ __proto__: null, ...(value as object) }) as unknown as Record<string, never>;

/** The partner with its name and image passed through `code` (`encodeURIComponent` or back). */
const partnerWith = (partner: unknown, code: (text: string) => string) => {
  const { name, image } = bare(partner);
  return { ...bare(partner), name: code(name), image: image ? code(image) : null };
};

/**
 * Keeps `/track/click`'s answer in the `dub_partner_data` cookie exactly as Dub's script writes
 * it (JSON, the partner's name and image URI-encoded), so code that reads Dub's cookie keeps
 * working; on the domain and for as long as the `dub_id` cookie the core has just written (its
 * copy in localStorage says which and until when).
 */
export function keepPartnerData(answer: Record<string, unknown>, cookie: CookieOptions) {
  const value = JSON.stringify({
    ...answer,
    partner: partnerWith(answer.partner, encodeURIComponent),
  });
  // A value that would end the cookie early is not written at all.
  if (/[;\s\\]/.test(value)) return;
  let record: string | null = null;
  try {
    record = localStorage.getItem(CLICK_ID_NAME);
  } catch {}
  const [, expiresAt, at = cookie.domain ?? ''] = `${record}`.split(' ');
  document.cookie = `${PARTNER_COOKIE}=${value}${cookieAttributes(cookie, (+expiresAt - Date.now()) / 1e3 || 7776e3, at)}`;
}

/**
 * Shows the partner data a partner link left in the cookie on an earlier page (name and image
 * decoded); nothing when there is none or it is not Dub's JSON.
 */
export function showKeptPartnerData() {
  try {
    const { partner, discount = null } = bare(
      JSON.parse((document.cookie.match(`(?:^|; )${PARTNER_COOKIE}=([^;]*)`) as string[])[1]),
    );
    showPartnerData({ partner: partner && partnerWith(partner, decodeURIComponent), discount });
  } catch {}
}
