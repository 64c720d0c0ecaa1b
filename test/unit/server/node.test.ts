// @vitest-environment node
// The Node adapter: the handler behind node:http, as a server and as middleware.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDubHandler, toNodeHandler } from '../../../src/server/index.js';
import { startDubStandin } from '../../fixtures/dub-standin.mjs';

const SECRET = 'dub_nodeAdapterKey0987654321';
const upstream = await startDubStandin({
  secretKeys: [SECRET],
  customers: [{ externalId: 'user_1', clickId: 'click_1' }],
});
const handler = createDubHandler({
  secretKey: SECRET,
  serverURL: upstream.url,
  basePath: '/api',
  maxBodyBytes: 2000,
});

const listen = async (listener: http.RequestListener) => {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
};

const plain = await listen(toNodeHandler(handler));
// Middleware: what it does not serve goes on to the next one (here: a page).
const middleware = toNodeHandler(handler);
const chained = await listen((req, res) =>
  middleware(req, res, () => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<p>shop</p>');
  }),
);

beforeEach(() => {
  upstream.reset();
});
afterAll(async () => {
  await upstream.close();
  plain.server.close();
  chained.server.close();
});

const lead = { eventName: 'Sign up', customerExternalId: 'user_1', clickId: 'click_1' };

describe('toNodeHandler', () => {
  it('serves a same-origin POST end to end, replaying a repeated key', async () => {
    const send = () =>
      fetch(`${plain.origin}/api/track/lead/client`, {
        method: 'POST',
        headers: {
          origin: plain.origin,
          'content-type': 'application/json',
          'idempotency-key': 'key-1',
        },
        body: JSON.stringify(lead),
      });
    const first = await send();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ click: { id: 'click_1' } });
    const again = await send();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(upstream.requests).toHaveLength(1);
  });

  it('answers 413 to a streamed body past the limit, and the connection still answers', async () => {
    const response = await fetch(`${plain.origin}/api/track/lead/client`, {
      method: 'POST',
      headers: { origin: plain.origin, 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 50; i++)
            controller.enqueue(new TextEncoder().encode('x'.repeat(1000)));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(upstream.requests).toHaveLength(0);
  });

  it('rate-limits by the socket address', async () => {
    const limited = createDubHandler({
      secretKey: SECRET,
      serverURL: upstream.url,
      rateLimit: { limit: 1 },
      clientKey: (_request, context) => {
        expect(context.clientAddress).toMatch(/127\.0\.0\.1/);
        return context.clientAddress ?? '';
      },
    });
    const { server, origin } = await listen(toNodeHandler(limited));
    const send = () =>
      fetch(`${origin}/track/lead/client`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(lead),
      });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(429);
    server.close();
  });

  it('as middleware, passes other paths on and serves its own', async () => {
    const page = await fetch(`${chained.origin}/checkout`);
    expect(await page.text()).toBe('<p>shop</p>');
    const tracked = await fetch(`${chained.origin}/api/track/customer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerExternalId: 'user_1', customerName: 'Ada' }),
    });
    expect(tracked.status).toBe(200);
    expect(upstream.requests.map((request) => request.path)).toEqual(['/customers/ext_user_1']);
  });

  it('sends an Express-parsed body (req.body) on', async () => {
    const { server, origin } = await listen((req, res) => {
      let text = '';
      req.on('data', (chunk) => {
        text += chunk;
      });
      req.on('end', () => {
        Object.assign(req, { body: JSON.parse(text) });
        middleware(req, res, () => res.writeHead(404).end());
      });
    });
    const response = await fetch(`${origin}/api/track/lead/client`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(lead),
    });
    expect(response.status).toBe(200);
    expect(upstream.requests[0].json).toMatchObject(lead);
    server.close();
  });
});
