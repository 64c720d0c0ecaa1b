import type { CookieOptions } from '../config/options.js';
import { CLICK_ID_NAME, chooseClickId, isClickId } from './clickId.js';
import { readCookie, writeCookie } from './cookie.js';
import { readMirror, writeMirror } from './mirror.js';
import { onNavigation } from './navigation.js';

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
export function createClickCapture({
  model,
  cookieOptions,
  persistent,
  onInvalid,
}: ClickCaptureOptions) {
  const days = cookieOptions.expiresInDays ?? 0;
  const lifetime = (days > 0 ? days : 90) * 864e5;
  let current: string | null = null;
  let expiresAt = 0;

  const save = (cookie?: string | null, mirror?: string) => {
    if (!persistent() || !current) return;
    if (current !== cookie)
      writeCookie(CLICK_ID_NAME, current, (expiresAt - Date.now()) / 1000, cookieOptions);
    if (current !== mirror) writeMirror(current, expiresAt);
  };

  // Never throws: cookies and storage can be blocked (sandboxed frames), and capture runs inside the site's router.
  const capture = () => {
    try {
      const fromUrl = new URLSearchParams(location.search).get(CLICK_ID_NAME);
      if (fromUrl !== null && !isClickId(fromUrl)) onInvalid(fromUrl);
      const cookie = readCookie(CLICK_ID_NAME);
      const mirror = readMirror();
      const stored = isClickId(cookie)
        ? cookie
        : (current ?? (isClickId(mirror?.id) ? mirror.id : null));
      const id = chooseClickId(fromUrl, stored, model);
      if (id !== stored || !expiresAt)
        expiresAt = id === mirror?.id ? mirror.expiresAt : Date.now() + lifetime;
      current = id;
      save(cookie, mirror?.id);
    } catch {}
  };

  capture();
  onNavigation(capture);

  return {
    get: () => current,
    /** Consent given: write what was held in memory. */
    persist: () => save(),
    /** Consent refused: forget the click, in memory and in the browser. */
    forget() {
      current = null;
      writeMirror(null);
      writeCookie(CLICK_ID_NAME, '', 0, cookieOptions);
    },
  };
}
