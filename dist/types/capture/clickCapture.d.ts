import type { CookieOptions } from '../config/options.js';
/**
 * Keeps the current click: from the URL on load and after client-side navigations, else from
 * the cookie, else from its copy in localStorage (`"<id> <expiresAt> <cookie domain>"`), which
 * restores a cookie the browser cut short (Safari caps script-written cookies at 7 days) and
 * tells the next page where the cookie goes without test-writing. Writes nothing when nothing
 * changed. Never throws: cookies and storage can be blocked (sandboxed frames), and capture runs
 * inside the site's router.
 *
 * `model` is `attributionModel` as given (anything but `first-click` means `last-click`);
 * `persistent` says whether the cookie and the copy may be written (consent); `onInvalid`
 * receives a `dub_id` from the URL that is not a valid click ID.
 */
export declare function createClickCapture(model: string | undefined, cookieOptions: CookieOptions, persistent: () => boolean, onInvalid: (value: string) => void): {
    get: () => string | null;
    /** A click ID Dub gave for a partner link or a site visit: kept like one from the URL. */
    set(id: string): void;
    /** Consent given: write what was held in memory. */
    persist: () => void;
    /** Consent refused: forget the click, in memory and in the browser. */
    forget(): void;
};
