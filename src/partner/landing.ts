import type { TrackerOptions } from '../config/options.js';

/** Dub's short domains for this page, read as Dub's script reads them (older names included). */
export function readDomains(options: TrackerOptions) {
  const { refer, site, outbound } = options.domainsConfig ?? {};
  return {
    refer:
      typeof (refer || options.shortDomain) === 'string' ? refer || options.shortDomain : undefined,
    site: typeof site === 'string' ? site : undefined,
    // A list, or one string separated by commas.
    outbound: (typeof outbound === 'string'
      ? outbound.split(',')
      : Array.isArray(outbound)
        ? outbound
        : []
    )
      .filter((domain): domain is string => typeof domain === 'string')
      .map((domain) => domain.trim())
      .filter(Boolean),
  };
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
