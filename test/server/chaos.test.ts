// The server chaos suite: dub-track/server as sites deploy it, in real processes. Two handler
// instances share one redis-server (AOF) for idempotency keys and the rate limit, send to the Dub
// stand-in, and sit behind nginx terminating TLS with a certificate made for this run.
import net from 'node:net';
import { chromium } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../fixtures/chromium.mjs';
import {
  type Answered,
  SECRET,
  send,
  startDub,
  startInstance,
  startNginx,
  startRedis,
  stopAll,
} from './harness.js';

const UPSTREAM_TIMEOUT_MS = 1500;
const RATE_LIMIT = 5;
/** Customer fields the stand-in holds: none may appear in any answer. */
const PII = ['Ada Lovelace', 'ada@pii.example', 'Grace Hopper', 'grace@pii.example', 'Ada L.'];

let redis: Awaited<ReturnType<typeof startRedis>>;
let dub: Awaited<ReturnType<typeof startDub>>;
let a: Awaited<ReturnType<typeof startInstance>>;
let b: Awaited<ReturnType<typeof startInstance>>;
/** An instance made without an authorize hook (the default). */
let plain: Awaited<ReturnType<typeof startInstance>>;
let proxy: Awaited<ReturnType<typeof startNginx>>;
const answers: Answered[] = [];

beforeAll(async () => {
  redis = await startRedis();
  dub = await startDub();
  const env = {
    REDIS_URL: redis.url,
    DUB_URL: dub.url,
    DUB_API_KEY: SECRET,
    UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
    // The claim outlives the upstream deadline by 10 s; a repeat waits half a second.
    PENDING_TTL_MS: String(UPSTREAM_TIMEOUT_MS + 10_000),
    WAIT_MS: '500',
    RATE_LIMIT: String(RATE_LIMIT),
  };
  [a, b, plain] = await Promise.all([
    startInstance({ ...env, AUTHORIZE: '1', INSTANCE: 'a' }),
    startInstance({ ...env, AUTHORIZE: '1', INSTANCE: 'b' }),
    startInstance({ ...env, INSTANCE: 'plain' }),
  ]);
  proxy = await startNginx([a.port, b.port]);
  // Each process may take up to 90 s to start on a loaded machine (harness.ts): a bound, not speed.
}, 180_000);

afterAll(async () => {
  for (const response of dub?.hung ?? []) response.destroy();
  await stopAll();
});

/** `send`, keeping every answer for the PII check. */
async function call(url: string, options: Parameters<typeof send>[1] = {}) {
  const answer = await send(url, options);
  answers.push(answer);
  return answer;
}

const RETRIED = [408, 429, 500, 502, 503, 504];
/**
 * Sends as the browser script does: the same key again after a retried status (waiting its
 * Retry-After) or a failed connection, until a final answer or 60 s.
 */
async function deliver(url: string, options: Parameters<typeof send>[1]) {
  const until = Date.now() + 60_000;
  for (;;) {
    // A fresh client address each attempt (behind the trusted hop): the limit is not under test.
    const headers = { ...options?.headers, ...asClient() };
    const answer = await call(url, { ...options, headers }).catch(() => undefined);
    if (answer && !RETRIED.includes(answer.status)) return answer;
    if (Date.now() > until) return answer;
    const wait = Number(answer?.headers['retry-after'] ?? 0.2) * 1000;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

const alive = () =>
  [a, b, plain].every(({ child }) => child.exitCode === null && !child.signalCode);
const direct = (instance: { port: number }, path: string) =>
  `http://127.0.0.1:${instance.port}${path}`;
const sale = (invoiceId: string, amount = 4900) => ({
  amount,
  currency: 'EUR',
  customerExternalId: 'user_1',
  invoiceId,
});
/** Forwards Dub received for an invoice. */
const forwardsOf = (invoiceId: string) =>
  dub.standin.requests.filter(
    (record) =>
      record.path === '/track/sale' &&
      (record.json as { invoiceId?: string } | undefined)?.invoiceId === invoiceId,
  ).length;
/** A distinct client behind the trusted hop (the test plays the proxy for direct requests). */
let clients = 0;
const asClient = () => ({ 'x-forwarded-for': `10.9.${clients >> 8}.${clients++ & 255}` });

/** Raw bytes to a port; what came back before the server closed (or 1 s of silence). */
function raw(port: number, bytes: string) {
  return new Promise<string>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let timer = setTimeout(() => socket.destroy(), 1000);
    socket.on('data', (chunk) => {
      text += chunk;
      clearTimeout(timer);
      timer = setTimeout(() => socket.destroy(), 1000);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.on('error', () => {});
    socket.write(bytes);
  });
}

describe('dub-track/server in real processes behind nginx', () => {
  // First: the browser's address is the loopback one that direct requests below share.
  it('posts a sale from a real browser on the https page through the proxy', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      // The proxy's certificate is made for the run and self-signed.
      args: [...CHROMIUM_ARGS, '--ignore-certificate-errors'],
    });
    try {
      const page = await browser.newPage();
      const posted = page.waitForResponse((response) =>
        response.url().endsWith('/track/sale/client'),
      );
      await page.goto(`${proxy.origin}/checkout`);
      await page.waitForFunction(() => 'dubTrack' in window);
      const status = await page.evaluate(async () => {
        const tracker = (
          window as unknown as { dubTrack: { sale(input: object): Promise<{ status: number }> } }
        ).dubTrack;
        return (
          await tracker.sale({
            amount: 1200,
            currency: 'EUR',
            customerExternalId: 'user_1',
            invoiceId: 'inv_browser',
          })
        ).status;
      });
      const response = await posted;
      answers.push({ status: response.status(), headers: {}, text: await response.text() });
      expect(status).toBe(200);
      // At the first attempt: the page's same-origin request passed every check.
      expect(response.status()).toBe(200);
      expect(response.request().headers()['idempotency-key']).toBeTruthy();
      expect(forwardsOf('inv_browser')).toBe(1);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('answers or closes every method and malformed request, and every process stays up', async () => {
    const route = '/track/sale/client';
    const hostile = [
      `TRACE ${route} HTTP/1.1\r\nHost: x\r\n\r\n`,
      `TRACK ${route} HTTP/1.1\r\nHost: x\r\n\r\n`,
      'CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n',
      `BREW ${route} HTTP/1.1\r\nHost: x\r\n\r\n`,
      `POST ${route} HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n`,
      `POST ${route} HTTP/1.1\r\nHost: [::zz\r\nContent-Length: 0\r\n\r\n`,
      `POST http://evil.example${route} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`,
      `POST ${route} HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n`,
      `POST ${route} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
      `GET /%%%/../.. HTTP/1.1\r\nHost: x\r\n\r\n`,
      `POST ${route} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 900\r\n\r\n{"amo`,
      '\x00\x01\x02 garbage\r\n\r\n',
    ];
    for (const instance of [a, b, plain])
      for (const bytes of hostile) {
        const text = await raw(instance.port, bytes);
        // An answer is a status line; no answer means the connection was closed.
        if (text) expect(text, bytes).toMatch(/^HTTP\/1\.1 [2-5]\d\d /);
      }
    expect((await raw(a.port, hostile[0])).startsWith('HTTP/1.1 405')).toBe(true);
    // Through the proxy too: every method over TLS gets an answer.
    for (const method of ['TRACE', 'PUT', 'DELETE', 'PATCH', 'GET', 'OPTIONS']) {
      const answer = await call(`${proxy.origin}${route}`, { method, localAddress: '127.0.0.4' });
      expect(answer.status, method).toBeGreaterThanOrEqual(400);
    }
    // Clients that leave mid-body.
    for (let i = 0; i < 20; i++) {
      const socket = net.connect(a.port, '127.0.0.1');
      socket.on('error', () => {});
      socket.write(
        `POST ${route} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"a":`,
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
      socket.destroy();
    }
    expect(alive()).toBe(true);
    const after = await call(direct(a, route), {
      body: sale('inv_after_hostile'),
      headers: asClient(),
    });
    expect(after.status).toBe(200);
  });

  it('refuses the same key with another body with 422, forwarding nothing', async () => {
    const headers = { 'idempotency-key': crypto.randomUUID(), ...asClient() };
    const first = await call(direct(a, '/track/sale/client'), { body: sale('inv_k1'), headers });
    expect(first.status).toBe(200);
    const other = await call(direct(b, '/track/sale/client'), {
      body: sale('inv_k2', 100),
      headers,
    });
    expect(other.status).toBe(422);
    expect(forwardsOf('inv_k2')).toBe(0);
    expect(forwardsOf('inv_k1')).toBe(1);
  });

  it('leaves Dub hanging past the deadline: 504, another instance busy, one sale, none lost', async () => {
    const key = crypto.randomUUID();
    const options = { body: sale('inv_hang'), headers: { 'idempotency-key': key, ...asClient() } };
    dub.hang = 1;
    const arrived = dub.arrivals.length;
    const first = call(direct(a, '/track/sale/client'), options);
    await expect.poll(() => dub.arrivals.length, { timeout: 5000 }).toBe(arrived + 1);
    // The same key at the other instance while Dub still holds the first: busy, not sent.
    const busy = await call(direct(b, '/track/sale/client'), options);
    expect(busy.status).toBe(503);
    expect(JSON.parse(busy.text).error.code).toBe('busy');
    expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
    expect(dub.arrivals.length).toBe(arrived + 1);
    const timedOut = await first;
    expect(timedOut.status).toBe(504);
    // The browser's retry goes through; the other instance's retry is a replay.
    const retried = await deliver(direct(a, '/track/sale/client'), options);
    expect(retried?.status).toBe(200);
    const replay = await deliver(direct(b, '/track/sale/client'), options);
    expect(replay?.headers['idempotent-replayed']).toBe('true');
    expect(dub.arrivals.length).toBe(arrived + 2);
    expect(forwardsOf('inv_hang')).toBe(1);
    expect(
      dub.standin.state.sales.filter((s: { invoiceId?: string }) => s.invoiceId === 'inv_hang'),
    ).toHaveLength(1);
  });

  it('survives Redis killed and restarted mid-load: processes up, 0 lost, 0 duplicated', async () => {
    const count = 40;
    const events = Array.from({ length: count }, (_, i) => ({
      invoiceId: `inv_load_${i}`,
      key: crypto.randomUUID(),
      client: asClient(),
    }));
    let started = 0;
    const deliverAll = async (nth: number) => {
      const results: (Answered | undefined)[] = [];
      const worker = async () => {
        while (started < count * nth) {
          const i = started++ % count;
          const { invoiceId, key, client } = events[i];
          // Each event at one instance first, and its repeat at the other.
          const instance = (i + nth) % 2 ? a : b;
          results[i] = await deliver(direct(instance, '/track/sale/client'), {
            body: sale(invoiceId),
            headers: { 'idempotency-key': key, ...client },
          });
        }
      };
      await Promise.all(Array.from({ length: 6 }, worker));
      return results;
    };
    const load = deliverAll(1);
    await expect.poll(() => started, { timeout: 10_000 }).toBeGreaterThan(8);
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(alive()).toBe(true);
    await redis.start();
    const results = await load;
    expect(alive()).toBe(true);
    expect(results.map((r) => r?.status)).toEqual(Array(count).fill(200));
    // Every event sent again with its key after the blip: each one replayed, none sent twice.
    const repeats = await deliverAll(2);
    expect(repeats.map((r) => r?.status)).toEqual(Array(count).fill(200));
    const forwards = events.map(({ invoiceId }) => forwardsOf(invoiceId));
    expect(forwards).toEqual(Array(count).fill(1));
    // The outage was told (the instances logged it with the error's class or code).
    expect(`${a.output()}${b.output()}`).toMatch(/Redis|ECONNREFUSED|SocketClosed/);
  }, 180_000);

  it('limits each real client through the proxy, with one count shared by both instances', async () => {
    const lead = { eventName: 'Sign up', customerExternalId: 'user_1', clickId: 'click_1' };
    const statuses = [];
    const instances = new Set();
    for (let i = 0; i < RATE_LIMIT + 3; i++) {
      // A forged X-Forwarded-For changes nothing: nginx appends the real peer, trusted as one hop.
      const answer = await call(`${proxy.origin}/track/lead/client`, {
        body: lead,
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
        localAddress: '127.0.0.2',
      });
      statuses.push(answer.status);
      instances.add(answer.headers['x-instance']);
    }
    expect([...instances].sort()).toEqual(['a', 'b']);
    // nginx alternates between the instances: without a shared count each would allow RATE_LIMIT.
    expect(statuses.filter((status) => status === 200)).toHaveLength(RATE_LIMIT);
    expect(statuses.slice(RATE_LIMIT)).toEqual([429, 429, 429]);
    const other = await call(`${proxy.origin}/track/lead/client`, {
      body: lead,
      localAddress: '127.0.0.3',
    });
    expect(other.status).toBe(200);
  });

  it('takes an https page’s Origin through the proxy (trustProxy), and refuses another', async () => {
    const answer = await call(`${proxy.origin}/track/sale/client`, {
      body: sale('inv_origin'),
      headers: { origin: proxy.origin },
      localAddress: '127.0.0.5',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe(proxy.origin);
    const evil = await call(`${proxy.origin}/track/sale/client`, {
      body: sale('inv_evil'),
      headers: { origin: 'https://evil.example' },
      localAddress: '127.0.0.5',
    });
    expect(evil.status).toBe(403);
    expect(forwardsOf('inv_evil')).toBe(0);
  });

  it('keeps the customer route off by default and to other users, with no PII in answers', async () => {
    const update = { customerExternalId: 'user_1', customerName: 'Ada L.' };
    const off = await call(direct(plain, '/track/customer'), { body: update, headers: asClient() });
    expect(off.status).toBe(403);
    const url = `${proxy.origin}/track/customer`;
    const asUser2 = { cookie: 'session=user_2' };
    const other = await call(url, { body: update, headers: asUser2, localAddress: '127.0.0.6' });
    expect(other.status).toBe(403);
    expect(
      dub.standin.requests.filter((r: { method: string }) => r.method === 'PATCH'),
    ).toHaveLength(0);
    const own = await call(url, {
      body: update,
      headers: { cookie: 'session=user_1' },
      localAddress: '127.0.0.6',
    });
    expect(own.status).toBe(200);
    expect(JSON.parse(own.text)).toEqual({ recorded: 'customer', customerExternalId: 'user_1' });
    // A lead of the signed-in user answers what was recorded, not Dub's customer object.
    const lead = await call(`${proxy.origin}/track/lead/client`, {
      body: { eventName: 'Sign up', clickId: 'click_2' },
      headers: asUser2,
      localAddress: '127.0.0.6',
    });
    expect(lead.status).toBe(200);
    expect(JSON.parse(lead.text)).toMatchObject({ recorded: 'lead', customerExternalId: 'user_2' });
  });

  // Last: every answer the suite received (fresh, replayed, refused, from the browser).
  it('returned no customer data in any answer', () => {
    expect(answers.length).toBeGreaterThan(50);
    for (const answer of answers)
      for (const field of PII)
        expect(answer.text, 'an answer holds customer data').not.toContain(field);
  });
});
