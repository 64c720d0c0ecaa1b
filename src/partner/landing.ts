import type { DomainsConfig, TrackerOptions } from '../config/options.js';

/** Own properties only: a page's `Object.prototype.site` is no domain. */
const domains = (options: TrackerOptions) =>
  ({ __proto__: null, ...options.domainsConfig }) as DomainsConfig;

/** Dub's short domains for partner links and site visits, as Dub's script reads them (older names included). */
export function readDomains(options: TrackerOptions) {
  const { refer, site } = domains(options);
  return { refer: text(refer || options.shortDomain), site: text(site) };
}

/** A string option as it is; any other value (which the engine reports) as none. */
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The outbound domains: a list, or one string separated by commas. */
export function outboundDomains(options: TrackerOptions): string[] {
  const { outbound } = domains(options);
  return (
    typeof outbound === 'string' ? outbound.split(',') : Array.isArray(outbound) ? outbound : []
  )
    .filter((domain): domain is string => typeof domain === 'string')
    .map((domain) => domain.trim())
    .filter(Boolean);
}

/**
 * The partner link key in the landing URL: the first query parameter of `queryParam` (or else
 * `queryParams`), then `via`, that has a value, as in Dub's script; `null` when there is none.
 */
export function partnerKey(options: TrackerOptions, search: string): string | null {
  const { queryParam, queryParams } = options;
  const names = [
    ...(typeof queryParam === 'string' && queryParam
      ? [queryParam]
      : Array.isArray(queryParams)
        ? queryParams
        : []),
    'via',
  ];
  const params = new URLSearchParams(search);
  for (const name of names)
    if (typeof name === 'string' && params.get(name)) return params.get(name);
  return null;
}
