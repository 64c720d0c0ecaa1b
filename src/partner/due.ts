import type { DomainsConfig, TrackerOptions } from '../config/options.js';

/**
 * Whether this page has work for the partner chunk, so that only such pages download it (the
 * core runs this on every page; the chunk then does exactly what is due): a partner link's key in
 * the URL (`?via=` or one of `queryParams`), partner data an earlier partner link kept (the page
 * may show its discount), a site visit without a click, or, once a click is known, a link or
 * frame that may lead to an outbound domain, or a `srcdoc` frame that may hold one. A cheap
 * superset, as every page pays for its bytes: a key counts without `refer`; an outbound domain
 * is looked for in `href` and `src` values (a CSS substring match, its `*.` and `www.` left off);
 * anything unreadable counts as work.
 */
export function partnerWorkDue(
  { domainsConfig, queryParam, queryParams }: TrackerOptions,
  clickId: string | null,
) {
  try {
    // Own properties only: a page's `Object.prototype.site` is no option.
    const { site, outbound } = { __proto__: null, ...domainsConfig } as DomainsConfig;
    return (
      new RegExp(
        `[?&](via|${queryParam}|${[queryParams].flat().join('|')})=[^&]|dub_partner_data=`,
      ).test(location.search + document.cookie) ||
      (site && !clickId) ||
      (outbound &&
        clickId &&
        document.querySelector(
          `${`${outbound}`.split(',').map((domain) => {
            const name = domain.trim().replace(/^\*?\.?(www\.)?/, '');
            return `[href*="${name}"i],[src*="${name}"i]`;
          })},[srcdoc]`,
        ))
    );
  } catch {
    return true;
  }
}
