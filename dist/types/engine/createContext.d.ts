/** Builds an engine's record (`Context` in `context.ts`): the parts its rooms share. */
import type { EngineHost } from '../contract.js';
import type { Context } from './context.js';
import type { Debug } from './debug.js';
/** Requests in flight at once: a burst neither floods the endpoint nor the browser's connections. */
export declare const CONCURRENCY = 4;
/** `tools`: debug mode's printing, used when the options turn debug mode on. */
export declare const createContext: (host: EngineHost, tools?: Debug) => Context;
