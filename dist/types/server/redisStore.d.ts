import type { IdempotencyStore } from './idempotencyStore.js';
/**
 * The commands the Redis store uses, as the `redis` package's client (v5 and later) has them:
 * pass `createClient({ url })` after `await client.connect()`. `on`, `listenerCount` and
 * `isReady` are read when the client has them (the `redis` client does).
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
    on?(event: string, listener: (error?: unknown) => void): unknown;
    listenerCount?(event: 'error'): number;
    isReady?: boolean;
}
/** Options of the Redis store. */
export interface RedisStoreOptions {
    /** Prefix of every key the store writes. Default `dub-track:idempotency:`. */
    prefix?: string;
    /** How long one Redis command may take before the request gets 503. Default `2000`. */
    commandTimeoutMs?: number;
    /**
     * Told of the client's connection errors when the store attached the client's only `error`
     * listener (once per outage). Default: `console.warn`.
     */
    onError?: (line: string) => void;
}
/** The error a request gets while Redis cannot answer (the handler answers 503 with Retry-After). */
export declare class StoreUnavailableError extends Error {
    name: string;
}
/** `Name (CODE): message` of an error, for a log line that says what failed. */
export declare const describeError: (error: unknown) => string;
/**
 * Keeps keys in Redis, shared by every server instance: a claim is `SET … NX PX` (only one
 * instance wins it), and every key expires on its own (`PX`). Settling and freeing a claim are
 * Lua scripts that first check the key still holds that request's claim, so a request whose
 * claim lapsed cannot free or overwrite the one another request took meanwhile.
 *
 * While Redis is away, commands fail at once instead of waiting in the client's offline queue,
 * and the handler answers 503 with `Retry-After`; the client reconnects by itself. A client with
 * no `error` listener gets one here: an unheard `error` event would stop the process.
 */
export declare function createRedisStore(client: RedisClientLike, { prefix, commandTimeoutMs, onError, }?: RedisStoreOptions): IdempotencyStore;
