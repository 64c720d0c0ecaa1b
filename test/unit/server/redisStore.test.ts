// @vitest-environment node
// The Redis store's own guards, with a client stand-in that plays a disconnected `redis` client
// (the real one, killed and restarted, is in the server chaos suite).
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createRedisStore, StoreUnavailableError } from '../../../src/server/redisStore.js';

/** An EventEmitter with the store's commands; `isReady` and `hang` say how Redis behaves. */
function fakeClient() {
  const client = Object.assign(new EventEmitter(), {
    isReady: true,
    hang: false,
    calls: 0,
    async set() {
      client.calls++;
      if (client.hang) await new Promise(() => {});
      return 'OK';
    },
    async get() {
      client.calls++;
      return null;
    },
    async eval() {
      client.calls++;
      return 1;
    },
  });
  return client;
}

describe('createRedisStore', () => {
  it('gives a client without an error listener one, telling each outage once', () => {
    const client = fakeClient();
    const lines: string[] = [];
    createRedisStore(client, { onError: (line) => lines.push(line) });
    expect(client.listenerCount('error')).toBe(1);
    // Without a listener, this emit would throw (and stop a process).
    client.emit('error', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    client.emit('error', new Error('again'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Error \(ECONNRESET\): read ECONNRESET/);
    client.emit('ready');
    client.emit('error', new Error('Socket closed unexpectedly'));
    expect(lines).toHaveLength(2);
  });

  it('leaves a client that has its own error listener alone', () => {
    const client = fakeClient();
    client.on('error', () => {});
    createRedisStore(client);
    expect(client.listenerCount('error')).toBe(1);
  });

  it('fails at once while the client is not connected, sending nothing', async () => {
    const client = fakeClient();
    client.isReady = false;
    const store = createRedisStore(client, { onError: () => {} });
    await expect(store.claim('k', 1000, 't')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.get('k')).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(client.calls).toBe(0);
  });

  it('fails a command Redis does not answer within commandTimeoutMs', async () => {
    const client = fakeClient();
    client.hang = true;
    const store = createRedisStore(client, { commandTimeoutMs: 50, onError: () => {} });
    await expect(store.claim('k', 1000, 't')).rejects.toThrow(/did not answer in 50 ms/);
  });
});
