/**
 * The engine: validation, the outbox, cross-tab leases and delivery, wired for one tracker.
 * Loaded on demand, so a landing page that only captures a click never downloads it.
 */
import type { CreateEngine } from '../contract.js';
/** Requests in flight at once: a burst neither floods the endpoint nor the browser's connections. */
export declare const CONCURRENCY = 4;
export declare const createEngine: CreateEngine;
