/// <reference types="node" />
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { DubHandler } from './createDubHandler.js';

/**
 * Adapts the handler to Node's `http` server and to Express/Connect middleware. With `next`
 * (middleware), requests for other paths are passed on; without it they get 404.
 */
export function toNodeHandler(handler: DubHandler) {
  return (
    req: IncomingMessage & { body?: unknown },
    res: ServerResponse,
    next?: (error?: unknown) => void,
  ): void => {
    const protocol = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `${protocol}://${req.headers.host ?? 'localhost'}`);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (next && !handler.handles(url)) {
      next();
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      for (const item of [value ?? []].flat()) headers.append(name, item);
    // A body-parsing middleware that ran first has read the stream: its result is sent instead.
    const parsed = req.body !== undefined && req.readableEnded;
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    if (parsed) headers.delete('content-length');
    const request = new Request(url, {
      method: req.method,
      headers,
      body: !hasBody
        ? undefined
        : parsed
          ? typeof req.body === 'string'
            ? req.body
            : JSON.stringify(req.body)
          : streamOf(req),
      // Node's fetch needs this to stream a request body.
      duplex: 'half',
    } as RequestInit);
    handler(request, { clientAddress: req.socket.remoteAddress })
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(new Uint8Array(await response.arrayBuffer()));
      })
      .catch((error) => {
        if (next) return next(error);
        res.writeHead(500).end();
      });
  };
}

/**
 * The request body as a web stream, read only as fast as the handler reads it; when the handler
 * stops early (a body over the limit), the rest is drained so the answer can still be sent.
 * Hand-written instead of `Readable.toWeb`, so this file needs no Node module at run time.
 */
function streamOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  const chunks = req[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === 'string' ? new TextEncoder().encode(value) : value);
    },
    cancel() {
      req.resume();
    },
  });
}
