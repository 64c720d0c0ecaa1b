// @vitest-environment node
// The Node adapter: the handler behind node:http, as a server and as middleware.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
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
  bodyTimeoutMs: 300,
  log: () => {},
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
    expect(await first.json()).toMatchObject({ recorded: 'lead', customerExternalId: 'user_1' });
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
    const tracked = await fetch(`${chained.origin}/api/track/lead/client`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(lead),
    });
    expect(tracked.status).toBe(200);
    expect(upstream.requests.map((request) => request.path)).toEqual(['/track/lead']);
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

/**
 * Writes raw bytes to the plain server and resolves with what came back before the server closed
 * the connection (or `idleMs` passed with the connection still open: then `open` is true).
 */
function raw(bytes: string, { idleMs = 2000, keepWriting = false } = {}) {
  const { port } = plain.server.address() as AddressInfo;
  return new Promise<{ text: string; open: boolean }>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let timer: ReturnType<typeof setTimeout>;
    const done = (open: boolean) => {
      clearTimeout(timer);
      clearInterval(drip);
      socket.destroy();
      resolve({ text, open });
    };
    const idle = () => {
      clearTimeout(timer);
      timer = setTimeout(() => done(true), idleMs);
    };
    // A slow client: one more byte of body every 50 ms, never finishing.
    const drip = setInterval(() => keepWriting && !socket.destroyed && socket.write('x'), 50);
    socket.on('data', (chunk) => {
      text += chunk;
      idle();
    });
    socket.on('close', () => done(false));
    socket.on('error', () => done(false));
    socket.write(bytes);
    idle();
  });
}

describe('toNodeHandler against hostile clients', () => {
  const post = (path: string, extra = '') =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${extra}`;

  it('answers TRACE (which the Fetch API cannot carry) with 405, and the process still serves', async () => {
    const { text } = await raw('TRACE /api/track/sale/client HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 405/);
    expect(text).toMatch(/Allow: POST, OPTIONS/i);
    const other = await raw('TRACE /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(other.text).toMatch(/^HTTP\/1\.1 404/);
    const page = await fetch(`${plain.origin}/api/track/lead/client`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(lead),
    });
    expect(page.status).toBe(200);
  });

  it('answers or closes CONNECT, unknown methods, bad headers and a bad Host, never throwing', async () => {
    const cases = [
      'CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n',
      'BREW /api/track/sale/client HTTP/1.1\r\nHost: x\r\n\r\n',
      'TRACK /api/track/sale/client HTTP/1.1\r\nHost: x\r\n\r\n',
      'POST /api/track/sale/client HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n',
      'POST /api/track/sale/client HTTP/1.1\r\nHost: [::zz\r\n\r\n',
      'POST /api/track/sale/client HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n',
      'GET /%%% HTTP/1.1\r\nHost: x\r\n\r\n',
      'POST /api/track/sale/client?%ZZ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n',
    ];
    for (const request of cases) {
      const { text, open } = await raw(request, { idleMs: 500 });
      // Answered with a client error, or closed without one.
      if (text) expect(text, request).toMatch(/^HTTP\/1\.1 4\d\d/);
      else expect(open, request).toBe(false);
    }
    expect(
      (await fetch(`${plain.origin}/api/track/lead/client`, { method: 'OPTIONS' })).status,
    ).toBe(403);
  });

  it('serves an absolute-form request line by its path', async () => {
    const body = JSON.stringify(lead);
    const { text } = await raw(
      `${post('http://evil.example/api/track/lead/client', `Content-Length: ${body.length}\r\nConnection: close\r\n`)}\r\n${body}`,
    );
    expect(text).toMatch(/^HTTP\/1\.1 200/);
    expect(upstream.requests).toHaveLength(1);
  });

  it('answers 408 to a body that does not arrive in time, and closes the connection', async () => {
    const { text, open } = await raw(
      `${post('/api/track/lead/client', 'Content-Length: 1500\r\n')}\r\n{`,
      {
        keepWriting: true,
      },
    );
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(text).toMatch(/connection: close/i);
    expect(open).toBe(false);
    expect(upstream.requests).toHaveLength(0);
  });

  it('survives a client that leaves mid-body', async () => {
    const { port } = plain.server.address() as AddressInfo;
    for (let i = 0; i < 20; i++) {
      const socket = net.connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(`${post('/api/track/lead/client', 'Content-Length: 500\r\n')}\r\n{"eventName":`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      socket.destroy();
    }
    const after = await fetch(`${plain.origin}/api/track/lead/client`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(lead),
    });
    expect(after.status).toBe(200);
  });
});
