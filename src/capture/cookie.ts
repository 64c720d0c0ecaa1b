// biome-ignore-all lint/suspicious/noDocumentCookie: the Cookie Store API is missing below the Firefox 92 / Safari 15.4 floor, and it is async.
import type { CookieOptions } from '../config/options.js';
import { widestCookieDomain } from './cookieDomain.js';

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
  document.cookie = `${name}=${encodeURIComponent(value)};path=${path};max-age=${Math.round(maxAge)};samesite=${sameSite}${domain ? `;domain=${domain}` : ''}${secure ? ';secure' : ''}`;
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
