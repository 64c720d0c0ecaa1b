import type { Answer } from './answer.js';
import type { IdempotencyRecord, IdempotencyStore } from './idempotencyStore.js';

/**
 * The commands the Redis store uses, as the `redis` package's client (v5 and later) has them:
 * pass `createClient({ url })` after `await client.connect()`.
 */
export interface RedisClientLike {
  set(
    key: string,
    value: string,
    options: { condition?: 'NX'; expiration: { type: 'PX'; value: number } },
  ): Promise<unknown>;
  get(key: string): Promise<string | null | unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Deletes KEYS[1] if it still holds ARGV[1] (this request's claim), in one step. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
/**
 * Sets KEYS[1] to ARGV[2] for ARGV[3] ms if it holds ARGV[1] (this request's claim) or nothing
 * (the claim lapsed and nobody took the key), in one step.
 */
const SETTLE = `local held = redis.call('GET', KEYS[1])
if held == false or held == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 0`;

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
export function createRedisStore(
  client: RedisClientLike,
  { prefix = 'dub-track:idempotency:' }: RedisStoreOptions = {},
): IdempotencyStore {
  const pending = (token: string) => JSON.stringify({ state: 'pending', token });
  return {
    async claim(key, ttlMs, token) {
      const reply = await client.set(prefix + key, pending(token), {
        condition: 'NX',
        expiration: { type: 'PX', value: ttlMs },
      });
      return reply === 'OK';
    },
    async get(key) {
      const value = await client.get(prefix + key);
      return typeof value === 'string' ? (JSON.parse(value) as IdempotencyRecord) : undefined;
    },
    async settle(key, answer: Answer, ttlMs, token) {
      const record: IdempotencyRecord = { state: 'done', answer };
      await client.eval(SETTLE, {
        keys: [prefix + key],
        arguments: [pending(token), JSON.stringify(record), String(ttlMs)],
      });
    },
    async release(key, token) {
      await client.eval(RELEASE, { keys: [prefix + key], arguments: [pending(token)] });
    },
  };
}
