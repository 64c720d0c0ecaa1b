/**
 * Parent domains of a host, shortest first (`a.shop.example.co.uk` → `co.uk`, `example.co.uk`, …).
 * None for `localhost`, single labels and IP addresses: those take a host-only cookie. The
 * cookie is written on the widest one the browser accepts (see `writeCookie`).
 */
export declare function domainCandidates(hostname: string): string[];
