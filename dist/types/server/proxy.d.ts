/**
 * Where a request comes from and which origin it was sent to, believing the headers of
 * `trustProxy` proxies and nobody else's (as Express's `trust proxy` hop count does).
 */
import type { RequestContext } from './options.js';
/**
 * The client's address: the socket's peer, or under `trustProxy` the rightmost `X-Forwarded-For`
 * entry that no trusted proxy wrote. `undefined` when the runtime gives no socket address and no
 * trusted proxy names one.
 */
export declare function clientAddress(request: Request, context: RequestContext, trustProxy: number): string | undefined;
/**
 * The origin the page called: the request URL's, or under `trustProxy` the one the nearest proxy
 * reports (`Forwarded`, else `X-Forwarded-Proto` / `X-Forwarded-Host`), each part falling back to
 * the request URL's.
 */
export declare function publicOrigin(request: Request, trustProxy: number): string;
