import type { CookieOptions } from '../config/options.js';
/** The cookie Dub's script keeps a partner link's partner and discount in. */
export declare const PARTNER_COOKIE = "dub_partner_data";
/** The partner and discount of the partner link a visitor came through, as Dub's script shows them. */
export interface PartnerData {
    partner: {
        id?: string;
        name: string;
        image?: string | null;
    } | null;
    discount: Record<string, unknown> | null;
}
/** The window event sent when `window.DubAnalytics` is set or changes (`useAnalytics()` listens). */
export declare const PARTNER_EVENT = "dubtrack:partner";
/** Dub's global: the page shows the partner's name and discount from it; listeners hear of it. */
export declare const showPartnerData: ({ partner, discount }: Record<string, unknown>) => void;
/**
 * Keeps `/track/click`'s answer in the `dub_partner_data` cookie exactly as Dub's script writes
 * it (JSON, the partner's name and image URI-encoded), so code that reads Dub's cookie keeps
 * working; on the domain and for as long as the `dub_id` cookie the core has just written (its
 * copy in localStorage says which and until when).
 */
export declare function keepPartnerData(answer: Record<string, unknown>, cookie: CookieOptions): void;
/**
 * Shows the partner data a partner link left in the cookie on an earlier page (name and image
 * decoded); nothing when there is none or it is not Dub's JSON.
 */
export declare function showKeptPartnerData(): void;
