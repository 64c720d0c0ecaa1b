// biome-ignore-all lint/suspicious/noDocumentCookie: the Cookie Store API is missing below the Firefox 92 / Safari 15.4 floor, and it is async.
import type { CookieOptions } from '../config/options.js';
import { CLICK_ID_NAME } from './clickId.js';
import { cookieAttributes } from './cookieAttributes.js';
import { domainCandidates } from './cookieDomain.js';

/**
 * Every `dub_id` cookie's raw value, in the order the browser lists them (the first one wins a
 * read); none where cookies are blocked (reading them throws in sandboxed frames). A click ID
 * needs no decoding: an encoded value is not one.
 */
export function readCookies(): string[] {
  try {
    return document.cookie
      .split('; ')
      .filter((pair) => pair.startsWith(`${CLICK_ID_NAME}=`))
      .map((pair) => pair.slice(7)); // after `dub_id=`
  } catch {
    return [];
  }
}

/**
 * Writes the `dub_id` cookie for `maxAge` seconds (its attributes: `cookieAttributes`)
 * and returns the domain it took (`''`: host-only), or deletes every copy (`''`, 0). The domain
 * is the configured one, else `known` (what an earlier page found), else the widest one the
 * browser accepts, tried from the shortest: browsers refuse public suffixes such as `co.uk`, so
 * test-writing finds the registrable domain without a list. A landing with a new click so costs
 * one write, or two when an older copy elsewhere must go: Dub's own script writes one on the
 * host without `www.`, and an older copy is listed first, so it would win the next read.
 */
export function writeCookie(
  value: string,
  maxAge: number,
  options: CookieOptions,
  known?: string,
): string | undefined {
  const host = location.hostname;
  const candidates = domainCandidates(host);
  const { domain } = options;
  const set = (at = '', age = 0) => {
    // Written as it is: a click ID (`isClickId`: letters, digits, `_` and `-`) or '' (a delete)
    // has nothing to encode.
    document.cookie = `${CLICK_ID_NAME}=${value}${cookieAttributes(options, age, at)}`;
  };
  const taken =
    maxAge > 0
      ? (domain ? [domain] : [known ?? [], ...candidates, ''].flat()).find((at) => {
          set(at, maxAge);
          return readCookies().includes(value);
        })
      : undefined;
  // Older copies are expired one by one until this one is alone (a delete expires them all):
  // usually none, or the one Dub's script writes on the host without `www.`.
  for (const at of [host.replace(/^www\./, ''), '', ...candidates]) {
    const copies = readCookies();
    if (!copies[1] && copies[0] === value) break;
    if (at !== taken) set(at);
  }
  return taken;
}
