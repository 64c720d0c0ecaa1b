/**
 * Parent domains of a host, shortest first (`a.shop.example.co.uk` → `co.uk`, `example.co.uk`, …).
 * None for `localhost`, single labels and IP addresses: those take a host-only cookie. The
 * cookie is written on the widest one the browser accepts (see `writeCookie`).
 */
export function domainCandidates(hostname: string): string[] {
  const labels = hostname.split('.');
  return /^[\d.]+$|:/.test(hostname)
    ? []
    : labels.slice(1).map((_, i) => labels.slice(-2 - i).join('.'));
}
