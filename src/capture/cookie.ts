// biome-ignore-all lint/suspicious/noDocumentCookie: the Cookie Store API is missing below the Firefox 92 / Safari 15.4 floor, and it is async.
import type { CookieOptions } from '../config/options.js';
import { domainCandidates, widestCookieDomain } from './cookieDomain.js';

export function readCookie(name: string): string | null {
  try {
    const match = document.cookie.match(`(?:^|; )${name}=([^;]*)`);
    return match && decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/** Writes `name=value` for `maxAge` seconds with §3's attributes; the domain is probed once per page. */
export function writeCookie(
  name: string,
  value: string,
  maxAge: number,
  {
    domain = probedDomain(),
    path = '/',
    sameSite = 'Lax',
    secure = location.protocol === 'https:' || sameSite === 'None',
  }: CookieOptions,
) {
  const set = (at = domain, age = maxAge) => {
    document.cookie = `${name}=${encodeURIComponent(value)};path=${path};max-age=${Math.round(age)};samesite=${sameSite}${at ? `;domain=${at}` : ''}${secure ? ';secure' : ''}`;
  };
  set();
  // An older cookie of the same name on another domain (Dub's own script writes one per host)
  // is listed first and would win the next read: expire every copy, then write this one again
  // (for a deletion, that removes every copy).
  if (readCookie(name) !== value) {
    for (const at of ['', ...domainCandidates(location.hostname)]) set(at, 0);
    set();
  }
}

let probed: [string | undefined] | undefined;

const probedDomain = () => {
  probed ??= [
    widestCookieDomain(location.hostname, (domain) => {
      const probe = `dub_probe=${domain}`;
      document.cookie = `${probe};domain=${domain}`;
      const accepted = document.cookie.includes(probe);
      document.cookie = `${probe};domain=${domain};max-age=0`;
      return accepted;
    }),
  ];
  return probed[0];
};
