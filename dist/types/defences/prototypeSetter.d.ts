import type { Engine, EngineHost } from '../contract.js';
/**
 * The name of the first setter the page put on `Object.prototype`, if any (`__proto__` is the
 * language's own). Such a setter intercepts every plain assignment of that name to an object,
 * and the engine and its libraries build settings, checked inputs and headers by assignment: a
 * field could vanish from an event, or an option from the settings, unseen.
 */
export declare const prototypeSetter: () => string | undefined;
/**
 * The engine of a page with such a setter: every call rejects with a `ConfigError` that names it,
 * and nothing is sent. A call the core kept stays kept for a page without it (`willRetry`).
 */
export declare function refusingEngine(host: EngineHost, setter: string): Engine;
