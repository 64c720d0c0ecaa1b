/**
 * Parent domains of a host, shortest first (`a.shop.example.co.uk` → `co.uk`, `example.co.uk`, …).
 * No domain for `localhost`, single labels and IP addresses: those take a host-only cookie.
 */
export function domainCandidates(hostname: string): string[] {
  if (!hostname.includes('.') || /^[\d.]+$|:/.test(hostname)) return [];
  const labels = hostname.split('.');
  return labels.slice(0, -1).map((_, i) => labels.slice(-2 - i).join('.'));
}

/**
 * The widest candidate the browser accepts a cookie on. Browsers refuse public suffixes
 * (`co.uk`), so test-writing finds the registrable domain without shipping a suffix list.
 */
export function widestCookieDomain(hostname: string, accepts: (domain: string) => boolean) {
  return domainCandidates(hostname).find(accepts);
}
