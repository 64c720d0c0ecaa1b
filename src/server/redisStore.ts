import type { Answer } from './answer.js';
import type { IdempotencyRecord, IdempotencyStore } from './idempotencyStore.js';

/**
 * The commands the Redis store uses, as the `redis` package's client (v5 and later) has them:
 * pass `createClient({ url })` after `await client.connect()`. `on`, `listenerCount` and
 * `isReady` are read when the client has them (the `redis` client does).
 */
export interface RedisClientLike {
  set(
    key: string,
    value: string,
    options: { condition?: 'NX'; expiration: { type: 'PX'; value: number } },
  ): Promise<unknown>;
  get(key: string): Promise<string | null | unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  on?(event: string, listener: (error?: unknown) => void): unknown;
  listenerCount?(event: 'error'): number;
  isReady?: boolean;
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
  /** How long one Redis command may take before the request gets 503. Default `2000`. */
  commandTimeoutMs?: number;
  /**
   * Told of the client's connection errors when the store attached the client's only `error`
   * listener (once per outage). Default: `console.warn`.
   */
  onError?: (line: string) => void;
}

/** The error a request gets while Redis cannot answer (the handler answers 503 with Retry-After). */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** `Name (CODE): message` of an error, for a log line that says what failed. */
export const describeError = (error: unknown): string => {
  const { name, code, message } = (error ?? {}) as {
    name?: string;
    code?: unknown;
    message?: string;
  };
  return `${name ?? 'Error'}${code ? ` (${code})` : ''}: ${message ?? String(error)}`;
};

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
export function createRedisStore(
  client: RedisClientLike,
  {
    prefix = 'dub-track:idempotency:',
    commandTimeoutMs = 2000,
    onError = (line) => console.warn(line),
  }: RedisStoreOptions = {},
): IdempotencyStore {
  if (client.on && client.listenerCount?.('error') === 0) {
    let told = false;
    client.on('error', (error) => {
      if (told) return;
      told = true;
      onError(
        `dub-track/server: Redis connection failed, answering 503 until it is back: ${describeError(error)}`,
      );
    });
    // Told again after the next outage.
    client.on('ready', () => {
      told = false;
    });
  }

  /** A command, failing at once while the client is not connected and after `commandTimeoutMs`. */
  const command = async <T>(run: () => Promise<T>): Promise<T> => {
    if (client.isReady === false) throw new StoreUnavailableError('Redis is not connected');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StoreUnavailableError(`Redis did not answer in ${commandTimeoutMs} ms`)),
        commandTimeoutMs,
      );
    });
    try {
      return await Promise.race([run(), late]);
    } finally {
      clearTimeout(timer);
    }
  };

  const pending = (token: string) => JSON.stringify({ state: 'pending', token });
  return {
    async claim(key, ttlMs, token) {
      const reply = await command(() =>
        client.set(prefix + key, pending(token), {
          condition: 'NX',
          expiration: { type: 'PX', value: ttlMs },
        }),
      );
      return reply === 'OK';
    },
    async get(key) {
      const value = await command(() => client.get(prefix + key));
      return typeof value === 'string' ? (JSON.parse(value) as IdempotencyRecord) : undefined;
    },
    async settle(key, answer: Answer, ttlMs, token, bodyHash) {
      const record: IdempotencyRecord = { state: 'done', answer, bodyHash };
      await command(() =>
        client.eval(SETTLE, {
          keys: [prefix + key],
          arguments: [pending(token), JSON.stringify(record), String(ttlMs)],
        }),
      );
    },
    async release(key, token) {
      await command(() =>
        client.eval(RELEASE, { keys: [prefix + key], arguments: [pending(token)] }),
      );
    },
  };
}
