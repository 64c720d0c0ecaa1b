// A Dub API for the server tests: the secret-key routes the `dub` SDK calls, on loopback.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UpstreamRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** An answer the next request(s) get instead of Dub's usual one. */
export interface ScriptedAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export async function startUpstream(secretKey: string) {
  const requests: UpstreamRequest[] = [];
  let scripted: ScriptedAnswer[] = [];
  let delayMs = 0;
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', async () => {
      const body = text ? JSON.parse(text) : {};
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const send = (status: number, answer: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(answer));
      };
      const next = scripted.shift();
      if (next) return send(next.status, next.body, next.headers);
      if (req.headers.authorization !== `Bearer ${secretKey}`)
        return send(401, {
          error: { code: 'unauthorized', message: 'Unauthorized: Invalid API key.' },
        });
      const customer = {
        name: body.customerName ?? null,
        email: body.customerEmail ?? null,
        avatar: body.customerAvatar ?? null,
        externalId: body.customerExternalId,
      };
      if (req.method === 'POST' && req.url === '/track/lead')
        return send(200, { click: { id: body.clickId }, link: null, customer });
      if (req.method === 'POST' && req.url === '/track/sale')
        return send(200, {
          eventName: body.eventName,
          customer: { id: 'cus_1', ...customer },
          sale: {
            amount: body.amount,
            currency: body.currency,
            paymentProcessor: body.paymentProcessor,
            invoiceId: body.invoiceId ?? null,
            metadata: body.metadata ?? null,
          },
        });
      const match = req.url?.match(/^\/customers\/ext_(.+)$/);
      if (req.method === 'PATCH' && match)
        return send(200, {
          id: 'cus_1',
          externalId: decodeURIComponent(match[1]),
          name: body.name ?? null,
          email: body.email ?? null,
          avatar: body.avatar ?? null,
          createdAt: '2026-11-30T12:00:00.000Z',
        });
      send(404, { error: { code: 'not_found', message: 'Not found' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** The next `answers.length` requests get these answers, in order. */
    script(...answers: ScriptedAnswer[]) {
      scripted = answers;
    },
    /** Every answer waits this long (so repeats overlap the first request). */
    delay(ms: number) {
      delayMs = ms;
    },
    reset() {
      requests.length = 0;
      scripted = [];
      delayMs = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
