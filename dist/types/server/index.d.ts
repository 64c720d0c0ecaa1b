/**
 * `dub-track/server`: your site's own endpoint for the browser script, sending to Dub with the
 * `dub` SDK and a secret key.
 */
export { DubTrackError } from '../outcome/DubTrackError.js';
export type { Answer } from './answer.js';
export { createDubHandler, type DubHandler } from './createDubHandler.js';
export type { DubClient } from './forward.js';
export { createMemoryStore, type IdempotencyRecord, type IdempotencyStore, type MemoryStoreOptions, } from './idempotencyStore.js';
export { toNodeHandler } from './node.js';
export type { Authorize, DubHandlerOptions, IdempotencyOptions, RequestContext, } from './options.js';
export type { RateLimiterLike, RateLimitOptions } from './rateLimit.js';
export { createRedisStore, type RedisClientLike, type RedisStoreOptions, StoreUnavailableError, } from './redisStore.js';
