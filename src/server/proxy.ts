/**
 * Where a request comes from and which origin it was sent to, believing the headers of
 * `trustProxy` proxies and nobody else's (as Express's `trust proxy` hop count does).
 */
import type { RequestContext } from './options.js';

const entries = (value: string | null) =>
  (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

/**
 * The client's address: the socket's peer, or under `trustProxy` the rightmost `X-Forwarded-For`
 * entry that no trusted proxy wrote. `undefined` when the runtime gives no socket address and no
 * trusted proxy names one.
 */
export function clientAddress(
  request: Request,
  context: RequestContext,
  trustProxy: number,
): string | undefined {
  // Nearest first: the peer of the socket, then each proxy's entry from right to left.
  const chain = [
    context.clientAddress,
    ...entries(request.headers.get('x-forwarded-for')).reverse(),
  ];
  return chain[Math.min(trustProxy, chain.length - 1)];
}

/** A `Forwarded` element's parameter (`proto=https`, `host="shop.example"`), unquoted. */
const forwardedParam = (element: string | undefined, name: string) => {
  const match = new RegExp(`(?:^|;)\\s*${name}=("[^"]*"|[^;]*)`, 'i').exec(element ?? '');
  return match?.[1]?.replace(/^"|"$/g, '').trim() || undefined;
};

/**
 * The origin the page called: the request URL's, or under `trustProxy` the one the nearest proxy
 * reports (`Forwarded`, else `X-Forwarded-Proto` / `X-Forwarded-Host`), each part falling back to
 * the request URL's.
 */
export function publicOrigin(request: Request, trustProxy: number): string {
  const url = new URL(request.url);
  if (!trustProxy) return url.origin;
  const headers = request.headers;
  const nearest = entries(headers.get('forwarded')).at(-1);
  const proto =
    forwardedParam(nearest, 'proto') ??
    entries(headers.get('x-forwarded-proto')).at(-1) ??
    url.protocol.slice(0, -1);
  const host =
    forwardedParam(nearest, 'host') ?? entries(headers.get('x-forwarded-host')).at(-1) ?? url.host;
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return url.origin;
  }
}
