import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DubHandler } from './createDubHandler.js';
/**
 * Adapts the handler to Node's `http` server and to Express/Connect middleware. With `next`
 * (middleware), requests for other paths are passed on; without it they get 404.
 */
export declare function toNodeHandler(handler: DubHandler): (req: IncomingMessage & {
    body?: unknown;
}, res: ServerResponse, next?: (error?: unknown) => void) => void;
