import type { CreateEngine } from './contract.js';
/** Requests in flight at once: a burst neither floods the endpoint nor the browser's connections. */
export declare const CONCURRENCY = 4;
export declare const createEngine: CreateEngine;
