import type { IdempotencyStore } from './idempotencyStore.js';
/**
 * The commands the Redis store uses, as the `redis` package's client (v5 and later) has them:
 * pass `createClient({ url })` after `await client.connect()`.
 */
export interface RedisClientLike {
    set(key: string, value: string, options: {
        condition?: 'NX';
        expiration: {
            type: 'PX';
            value: number;
        };
    }): Promise<unknown>;
    get(key: string): Promise<string | null | unknown>;
    eval(script: string, options: {
        keys: string[];
        arguments: string[];
    }): Promise<unknown>;
}
/** Options of the Redis store. */
export interface RedisStoreOptions {
    /** Prefix of every key the store writes. Default `dub-track:idempotency:`. */
    prefix?: string;
}
/**
 * Keeps keys in Redis, shared by every server instance: a claim is `SET … NX PX` (only one
 * instance wins it), and every key expires on its own (`PX`). Settling and freeing a claim are
 * Lua scripts that first check the key still holds that request's claim, so a request whose
 * claim lapsed cannot free or overwrite the one another request took meanwhile.
 */
export declare function createRedisStore(client: RedisClientLike, { prefix }?: RedisStoreOptions): IdempotencyStore;
