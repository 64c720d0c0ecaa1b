/**
 * Parent domains of a host, shortest first (`a.shop.example.co.uk` → `co.uk`, `example.co.uk`, …).
 * No domain for `localhost`, single labels and IP addresses: those take a host-only cookie.
 */
export declare function domainCandidates(hostname: string): string[];
/**
 * The widest candidate the browser accepts a cookie on. Browsers refuse public suffixes
 * (`co.uk`), so test-writing finds the registrable domain without shipping a suffix list.
 */
export declare function widestCookieDomain(hostname: string, accepts: (domain: string) => boolean): string | undefined;
