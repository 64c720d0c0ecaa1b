// Starts Debian's redis-server on a free loopback port for a test file, and stops it after.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { createClient } from 'redis';
import { afterAll } from 'vitest';
import { createMemoryStore, type IdempotencyStore } from '../../../src/server/idempotencyStore.js';
import { createRedisStore } from '../../../src/server/redisStore.js';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

export async function startRedisServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (!existsSync('/usr/bin/redis-server'))
    throw new Error('redis-server is missing: sudo apt-get install -y redis-server');
  const port = await freePort();
  const child: ChildProcess = spawn(
    '/usr/bin/redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The idempotency stores a test file runs its cases with: the memory store, and the Redis store
 * on a redis-server (with a client) started for the file and stopped after it. Each call of a
 * maker gives a fresh store (the Redis one a fresh key prefix: the tests reuse keys).
 */
export async function idempotencyStores(): Promise<[string, () => IdempotencyStore][]> {
  const redis = await startRedisServer();
  const client = createClient({ url: redis.url });
  await client.connect();
  afterAll(async () => {
    await client.quit();
    await redis.stop();
  });
  return [
    ['the memory store', () => createMemoryStore()],
    ['the Redis store', () => createRedisStore(client, { prefix: `test:${Math.random()}:` })],
  ];
}
