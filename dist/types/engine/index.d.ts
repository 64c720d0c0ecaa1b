/**
 * The engine: validation, the outbox, cross-tab leases and delivery, wired for one tracker.
 * Loaded on demand, so a landing page that only captures a click never downloads it.
 */
import type { CreateEngine, Engine, EngineHost } from '../contract.js';
import type { Debug } from './debug.js';
export { CONCURRENCY } from './createContext.js';
/**
 * The engine: the rooms wired to one record (`context.ts`). `tools`: debug mode's printing (the
 * debug chunk), used when the options turn debug mode on.
 */
export declare const createEngine: (host: EngineHost, tools?: Debug) => Engine;
/**
 * The engine as the core asks for it. A page with a setter on `Object.prototype` gets the
 * refusing engine (`src/defences/prototypeSetter.ts`), a chunk of its own that other pages never
 * download. A page in debug mode gets the engine once the debug chunk (what debug mode prints)
 * is loaded, and without the printing if that fails: debug mode never stops the tracker.
 */
export declare const startEngine: CreateEngine;
