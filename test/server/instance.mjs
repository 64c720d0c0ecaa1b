// One handler process of the server chaos suite: dub-track/server (the built dist/server.js) on
// node:http, with the Redis store and a Redis-shared rate limiter, behind the suite's nginx.
// Prints `{"port": N}` once listening; everything else it says goes to stderr.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { createClient } from 'redis';
import { createDubHandler, createRedisStore, toNodeHandler } from '../../dist/server.js';

const env = process.env;
const redis = createClient({ url: env.REDIS_URL });
await redis.connect();

const handler = createDubHandler({
  secretKey: env.DUB_API_KEY,
  serverURL: env.DUB_URL,
  trustProxy: 1,
  upstreamTimeoutMs: Number(env.UPSTREAM_TIMEOUT_MS),
  // The session is a cookie naming the user (a real site would look its session up).
  authorize: env.AUTHORIZE
    ? (request) => /(?:^|;\s*)session=([\w-]+)/.exec(request.headers.get('cookie') ?? '')?.[1]
    : undefined,
  rateLimit: {
    limiter: new RateLimiterRedis({
      storeClient: redis,
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
      keyPrefix: 'dub-track:rate',
      points: Number(env.RATE_LIMIT),
      duration: 60,
    }),
  },
  idempotency: {
    store: createRedisStore(redis),
    pendingTtlMs: Number(env.PENDING_TTL_MS),
    waitMs: Number(env.WAIT_MS),
  },
  log: (line) => console.error(line),
});

const track = toNodeHandler(handler);
const dist = new URL('../../dist/', import.meta.url);
const server = http.createServer((req, res) => {
  // Which instance answered, for the tests of what the instances share.
  res.setHeader('X-Instance', env.INSTANCE);
  return track(req, res, async () => {
    // The browser script and the chunks it loads next to itself.
    const file = /^\/dist\/([\w.-]+\.js)$/.exec(req.url ?? '')?.[1];
    if (file) {
      const body = await readFile(new URL(file, dist)).catch(() => null);
      if (!body) return res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      return res.end(body);
    }
    if (req.url === '/checkout') {
      // The script posts to this page's own origin: the proxy's, as the proxy reports it.
      const origin = `${req.headers['x-forwarded-proto']}://${req.headers['x-forwarded-host']}`;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(
        `<!doctype html><title>checkout</title><script src="/dist/dub-track.js" data-api-host="${encodeURI(origin)}"></script>`,
      );
    }
    res.writeHead(404).end();
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
