import type { TrackerOptions } from '../config/options.js';
/** Dub's short domains for partner links and site visits, as Dub's script reads them (older names included). */
export declare function readDomains(options: TrackerOptions): {
    refer: string | undefined;
    site: string | undefined;
};
/** The outbound domains: a list, or one string separated by commas. */
export declare function outboundDomains(options: TrackerOptions): string[];
/**
 * The partner link key in the landing URL: the first query parameter of `queryParam` (or else
 * `queryParams`), then `via`, that has a value, as in Dub's script; `null` when there is none.
 */
export declare function partnerKey(options: TrackerOptions, search: string): string | null;
