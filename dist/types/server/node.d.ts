import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DubHandler } from './createDubHandler.js';
/**
 * Adapts the handler to Node's `http` server and to Express/Connect middleware. With `next`
 * (middleware: `app.use(toNodeHandler(handler))`), requests for other paths are passed on;
 * without it (`http.createServer(toNodeHandler(handler))`) they get 404.
 *
 * Whatever a client sends is answered or closed, never thrown: a method the Fetch API cannot
 * carry (TRACE, CONNECT, TRACK) is 405, a request line or header it cannot carry is 400, a
 * client that goes away mid-body ends the request. Hand-written rather than taken from a
 * Node-to-Fetch package so that `dub-track/server` imports no Node module and still loads in
 * Workers, Deno and edge runtimes.
 */
export declare function toNodeHandler(handler: DubHandler): (req: IncomingMessage & {
    body?: unknown;
}, res: ServerResponse, next?: (error?: unknown) => void) => void;
