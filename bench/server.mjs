// dub-track/server's cost per request: the same lead sent N times straight with the dub SDK, and
// through createDubHandler (checking, guards, the idempotency store), in the same process against
// the same Dub stand-in on loopback; then as production runs it, with the Redis store and a rate
// limiter shared through Redis (Debian's redis-server, started here on a free loopback port).
// The ways take turns request by request; medians and p90. Needs `npm run build` (it measures
// dist/server.js, what users import). Bounded: fixed counts, a hard time limit, loopback only.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { Dub } from 'dub';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { createClient } from 'redis';
import { createDubHandler, createMemoryStore, createRedisStore } from '../dist/server.js';
import { startDubStandin } from '../test/fixtures/dub-standin.mjs';
import { table, writeSection } from './results.mjs';

const N = 400;
const ROUNDS = 7;
const SECRET = 'dub_bench_server_key';
const TIME_LIMIT_MS = 240_000;

const guard = setTimeout(() => {
  console.error(`bench/server.mjs: still running after ${TIME_LIMIT_MS / 1000} s, giving up`);
  process.exit(1);
}, TIME_LIMIT_MS);
guard.unref();

// Dub: the stand-in's secret-key routes, its rate limit out of the way of the bench.
const standin = await startDubStandin({
  secretKeys: [SECRET],
  rateLimit: { requests: Number.MAX_SAFE_INTEGER },
});
const serverURL = standin.url;

const lead = { eventName: 'Sign up', customerExternalId: 'user_1', clickId: 'click_1' };
const dub = new Dub({ token: SECRET, serverURL });
const handler = createDubHandler({
  dub,
  rateLimit: false,
  idempotency: { store: createMemoryStore({ maxKeys: N * ROUNDS * 2 }) },
});

/** redis-server on a free loopback port, without persistence (the bench keeps nothing). */
async function startRedis() {
  const port = await new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
  const child = spawn(
    '/usr/bin/redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code})`)));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
  });
  const client = createClient({ url: `redis://127.0.0.1:${port}` });
  await client.connect();
  return {
    client,
    stop: async () => {
      await client.quit();
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
    },
  };
}
const redis = existsSync('/usr/bin/redis-server') ? await startRedis() : undefined;
if (!redis)
  console.log(
    'redis-server is missing: the Redis rows are left out (sudo apt-get install -y redis-server)',
  );
const production =
  redis &&
  createDubHandler({
    dub,
    rateLimit: {
      limiter: new RateLimiterRedis({
        storeClient: redis.client,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        points: Number.MAX_SAFE_INTEGER,
        duration: 60,
      }),
    },
    idempotency: { store: createRedisStore(redis.client) },
  });
const ORIGIN = 'https://shop.example';
let sequence = 0;
const request = (withKey) =>
  new Request(`${ORIGIN}/track/lead/client`, {
    method: 'POST',
    headers: {
      origin: ORIGIN,
      'content-type': 'application/json',
      ...(withKey ? { 'idempotency-key': `bench-${sequence++}` } : {}),
    },
    body: JSON.stringify(lead),
  });

const WAYS = {
  'dub SDK straight (`dub.track.lead`)': async () => {
    await dub.track.lead(lead);
  },
  'handler, no idempotency key': async () => {
    const response = await handler(request(false));
    if (response.status !== 200) throw new Error(`handler answered ${response.status}`);
    await response.text();
  },
  'handler with a new Idempotency-Key (memory store)': async () => {
    const response = await handler(request(true));
    if (response.status !== 200) throw new Error(`handler answered ${response.status}`);
    await response.text();
  },
  ...(production && {
    'handler with a new Idempotency-Key, Redis store and Redis rate limiter': async () => {
      const response = await production(request(true), { clientAddress: '127.0.0.1' });
      if (response.status !== 200) throw new Error(`handler answered ${response.status}`);
      await response.text();
    },
  }),
};

const timings = Object.fromEntries(Object.keys(WAYS).map((way) => [way, []]));
// Request by request, the ways take turns, so a busy moment of the machine hits them alike; the
// first round warms up (JIT, sockets) and is not counted.
for (let round = -1; round < ROUNDS; round++) {
  for (let i = 0; i < N; i++) {
    for (const [way, send] of Object.entries(WAYS)) {
      const start = performance.now();
      await send();
      if (round >= 0) timings[way].push((performance.now() - start) * 1000);
    }
  }
}
await standin.close();
await redis?.stop();

const quantile = (values, q) => values.toSorted((a, b) => a - b)[Math.floor(values.length * q)];
const [first] = Object.keys(WAYS);
const base = quantile(timings[first], 0.5);
const rows = Object.entries(timings).map(([way, values]) => {
  const each = quantile(values, 0.5);
  return [
    way,
    each.toFixed(0),
    quantile(values, 0.9).toFixed(0),
    (each / base).toFixed(2),
    way === first ? '—' : `${each >= base ? '+' : '−'}${Math.abs(each - base).toFixed(0)}`,
  ];
});
const result = table(
  ['way', 'µs per lead, median', 'p90', 'ratio to the SDK (medians)', 'overhead, µs'],
  rows,
);
console.log(result);
writeSection(
  'First-party endpoint',
  `Measured by \`node bench/server.mjs\` (Node ${process.versions.node}): the same lead sent ${N * ROUNDS} times each way, one request at a time, the ways taking turns request by request after a warm-up of ${N}: straight with the \`dub\` SDK, and through \`createDubHandler\` of \`dist/server.js\` (a Fetch-API \`Request\` in, the \`Response\` read), the SDK pointed at the Dub stand-in (\`test/fixtures/dub-standin.mjs\`) on loopback, whose own work is the same for every way. The overhead is the handler's own work per request: origin, method and type checks, reading the body, the same validation as the browser, the idempotency claim and the kept answer; in the last row also the Redis round trips (the rate limiter's, the claim, the kept answer) to a redis-server on loopback. 2-core machine shared with other work, one run.\n\n${result}`,
);
