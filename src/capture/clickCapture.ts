import type { CookieOptions } from '../config/options.js';
import { CLICK_ID_NAME, chooseClickId, isClickId } from './clickId.js';
import { readCookies, writeCookie } from './cookie.js';
import { onNavigation } from './navigation.js';

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
export function createClickCapture(
  model: string | undefined,
  cookieOptions: CookieOptions,
  persistent: () => boolean,
  onInvalid: (value: string) => void,
) {
  const { maxAge, expiresInDays, expires } = cookieOptions as Record<string, number>;
  // Dub's order: `maxAge` (seconds), `expiresInDays`, `expires` (a date), else 90 days. (A value
  // that is not a positive number or a future date is reported by the engine.)
  const lifetime =
    maxAge * 1e3 || expiresInDays * 864e5 || +new Date(expires) - Date.now() || 7776e6;
  let current: string | null = null;
  let expiresAt = 0;
  /** The cookie's domain as written or remembered (`''`: host-only), `undefined` until known. */
  let domain: string | undefined;

  const save = (cookie?: string, stored?: string | null) => {
    try {
      if (!persistent() || !current) return;
      if (current !== cookie)
        domain = writeCookie(current, (expiresAt - Date.now()) / 1000, cookieOptions, domain);
      // After the cookie: storage that throws (blocked, full) must not keep the cookie unwritten.
      // biome-ignore lint/style/useTemplate: a nested template literal is 3 B more on every page.
      const record = `${current} ${expiresAt}${domain === undefined ? '' : ' ' + domain}`;
      if (record !== stored) localStorage.setItem(CLICK_ID_NAME, record);
    } catch {}
  };

  const capture = () => {
    try {
      const fromUrl = new URLSearchParams(location.search).get(CLICK_ID_NAME);
      if (fromUrl !== null && !isClickId(fromUrl)) onInvalid(fromUrl);
      let record: string | null = null;
      try {
        record = localStorage.getItem(CLICK_ID_NAME);
      } catch {}
      let [mirror, mirrorExpiresAt, learned] = (record ?? '').split(' ') as [
        string | undefined,
        never,
        string | undefined,
      ];
      domain ??= learned;
      if (!(mirrorExpiresAt > Date.now())) mirror = undefined;
      const cookie = readCookies()[0];
      const stored = isClickId(cookie) ? cookie : (current ?? (isClickId(mirror) ? mirror : null));
      const id = chooseClickId(fromUrl, stored, model);
      if (id !== stored || !expiresAt)
        expiresAt = id === mirror ? +mirrorExpiresAt : Date.now() + lifetime;
      current = id;
      save(cookie, record);
    } catch {}
  };

  capture();
  onNavigation(capture);

  return {
    get: () => current,
    /** A click ID Dub gave for a partner link or a site visit: kept like one from the URL. */
    set(id: string) {
      current = id;
      expiresAt = Date.now() + lifetime;
      save();
    },
    /** Consent given: write what was held in memory. */
    persist: save as () => void,
    /** Consent refused: forget the click, in memory and in the browser. */
    forget() {
      current = null;
      try {
        localStorage.removeItem(CLICK_ID_NAME);
      } catch {}
      try {
        writeCookie('', 0, cookieOptions);
      } catch {}
    },
  };
}
