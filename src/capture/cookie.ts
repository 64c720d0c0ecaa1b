// biome-ignore-all lint/suspicious/noDocumentCookie: the Cookie Store API is missing below the Firefox 92 / Safari 15.4 floor, and it is async.
import type { CookieOptions } from '../config/options.js';
import { CLICK_ID_NAME } from './clickId.js';
import { domainCandidates } from './cookieDomain.js';

/**
 * The `dub_id` cookie's raw value (a click ID needs no decoding: an encoded value is not one), or
 * `undefined`, also where cookies are blocked (reading them throws in sandboxed frames).
 */
export function readCookie(): string | undefined {
  try {
    return document.cookie.match(`(?:^|; )${CLICK_ID_NAME}=([^;]*)`)?.[1];
  } catch {}
}

/**
 * Writes the `dub_id` cookie for `maxAge` seconds with its attributes, or deletes it (`''`, 0).
 * Every copy is expired first: an older cookie of the same name on a narrower domain (Dub's own
 * script writes one per host) would be listed first and win the next read. Then the cookie is
 * written on the widest domain the browser accepts, tried from the shortest: browsers refuse
 * public suffixes such as `co.uk`, so test-writing finds the registrable domain without a list.
 */
export function writeCookie(
  value: string,
  maxAge: number,
  {
    domain,
    path = '/',
    sameSite = 'Lax',
    secure = location.protocol === 'https:' || sameSite === 'None',
  }: CookieOptions,
) {
  const candidates = domainCandidates(location.hostname);
  const set = (at = '', age = 0) => {
    document.cookie = `${CLICK_ID_NAME}=${encodeURIComponent(value)};path=${path};max-age=${Math.round(age)};samesite=${sameSite}${at && `;domain=${at}`}${secure ? ';secure' : ''}`;
  };
  for (const at of ['', domain, ...candidates]) set(at);
  if (maxAge > 0)
    (domain ? [domain] : [...candidates, '']).find((at) => {
      set(at, maxAge);
      return readCookie() === value;
    });
}
