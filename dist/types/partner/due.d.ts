import type { TrackerOptions } from '../config/options.js';
/**
 * What a page of this site has for the partner chunks, so that only such pages download them
 * (the gate asks on every page of a partner site and loads each chunk that has work): bit `2`
 * when, once a click is known, a link or frame may lead to an outbound domain, or a `srcdoc`
 * frame may hold one (the outbound chunk's work); bit `1` for the partner chunk's landing work: a
 * partner link's key in the URL (`?via=` or one of `queryParams`), partner data an earlier
 * partner link kept (the page may show its discount), or a site visit without a click; else `0`.
 * Returns the outbound domains as given, and that check. A cheap superset, as every page pays
 * for its bytes: a key counts without `refer`; an outbound domain is looked for in `href` and
 * `src` values (a CSS substring match, its `*.` and `www.` left off); anything unreadable counts
 * as all of it.
 */
export declare function partnerWork({ domainsConfig, queryParam, queryParams }: TrackerOptions): readonly [string | string[] | undefined, (clickId: string | null) => number];
