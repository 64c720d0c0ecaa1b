import type { CookieOptions } from '../config/options.js';
export interface ClickCaptureOptions {
    model: 'last-click' | 'first-click';
    cookieOptions: CookieOptions;
    /** Whether the cookie and the mirror may be written (consent). */
    persistent: () => boolean;
    /** Called with a `dub_id` from the URL that is not a valid click ID. */
    onInvalid: (value: string) => void;
}
/**
 * Keeps the current click: from the URL on load and after client-side navigations, else from
 * the cookie, else from the localStorage mirror (which restores a cookie the browser dropped).
 */
export declare function createClickCapture({ model, cookieOptions, persistent, onInvalid, }: ClickCaptureOptions): {
    get: () => string | null;
    /** Consent given: write what was held in memory. */
    persist: () => void;
    /** Consent refused: forget the click, in memory and in the browser. */
    forget(): void;
};
