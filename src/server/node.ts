/// <reference types="node" />
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { DubHandler } from './createDubHandler.js';

/** A JSON error of the handler's shape, written without the handler (the request never reached it). */
function refuse(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  allow?: string,
) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    Connection: 'close',
    ...(allow ? { Allow: allow } : {}),
  });
  res.end(JSON.stringify({ error: { code, message } }));
}

/**
 * Adapts the handler to Node's `http` server and to Express/Connect middleware. With `next`
 * (middleware: `app.use(toNodeHandler(handler))`), requests for other paths are passed on;
 * without it (`http.createServer(toNodeHandler(handler))`) they get 404.
 *
 * Whatever a client sends is answered or closed, never thrown: a method the Fetch API cannot
 * carry (TRACE, CONNECT, TRACK) is 405, a request line or header it cannot carry is 400, a
 * client that goes away mid-body ends the request. Hand-written rather than taken from a
 * Node-to-Fetch package so that `dub-track/server` imports no Node module and still loads in
 * Workers, Deno and edge runtimes.
 */
export function toNodeHandler(handler: DubHandler) {
  return (
    req: IncomingMessage & { body?: unknown },
    res: ServerResponse,
    next?: (error?: unknown) => void,
  ): void => {
    // A write to a socket the client has closed must not become an unheard 'error'.
    res.on('error', () => {});
    let url: URL;
    try {
      const protocol = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
      url = new URL(req.url ?? '/', `${protocol}://${req.headers.host ?? 'localhost'}`);
    } catch {
      refuse(res, 400, 'bad_request', 'Bad request');
      return;
    }
    if (next && !handler.handles(url)) {
      next();
      return;
    }
    let request: Request;
    try {
      request = toRequest(req, url);
    } catch {
      // `new Request` refuses TRACE, CONNECT and TRACK, and headers the Fetch API cannot hold.
      if (!handler.handles(url)) refuse(res, 404, 'not_found', 'Not found');
      else if (/^(TRACE|CONNECT|TRACK)$/i.test(req.method ?? ''))
        refuse(res, 405, 'method_not_allowed', 'Use POST', 'POST, OPTIONS');
      else refuse(res, 400, 'bad_request', 'Bad request');
      req.resume();
      return;
    }
    handler(request, { clientAddress: req.socket.remoteAddress })
      .then(async (response) => {
        if (res.destroyed) return;
        const headers = Object.fromEntries(response.headers);
        // A body left unread (413, 408): the connection is closed after the answer, so a client
        // still sending cannot hold it open.
        if (!req.complete) headers.connection = 'close';
        res.writeHead(response.status, headers);
        res.end(new Uint8Array(await response.arrayBuffer()));
      })
      .catch((error) => {
        if (next) return next(error);
        refuse(res, 500, 'internal_server_error', 'The endpoint failed');
      });
  };
}

/** The Fetch `Request` of a Node request (throws for what the Fetch API cannot carry). */
function toRequest(req: IncomingMessage & { body?: unknown }, url: URL): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    for (const item of [value ?? []].flat()) headers.append(name, item);
  // A body-parsing middleware that ran first has read the stream: its result is sent instead.
  const parsed = req.body !== undefined && req.readableEnded;
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  if (parsed) headers.delete('content-length');
  return new Request(url, {
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
}

/**
 * The request body as a web stream, read only as fast as the handler reads it; when the handler
 * stops early (a body over the limit, or too slow), the rest is drained until the connection
 * closes after the answer. A client that goes away errors the stream (the handler answers 503,
 * to no one). Hand-written instead of `Readable.toWeb`, so this file needs no Node module at run
 * time.
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
