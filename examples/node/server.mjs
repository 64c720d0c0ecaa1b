// A shop on plain node:http with its own Dub endpoint: it serves a page, the browser script,
// and dub-track/server at /track/*, which forwards to Dub with your secret key.
//   DUB_API_KEY=dub_… node examples/node/server.mjs      (then open http://localhost:3000)
// DUB_API_URL points the SDK at another Dub API (a local stand-in); PORT changes the port.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { createDubHandler, toNodeHandler } from 'dub-track/server';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const FILES = {
  '/': [here('index.html'), 'text/html; charset=utf-8'],
  '/page.js': [here('page.js'), 'text/javascript; charset=utf-8'],
};
// Only the page's own origin may post, and the page may run no inline script.
const CSP = "default-src 'none'; script-src 'self'; connect-src 'self'";

/**
 * Starts the shop on 127.0.0.1. `secretKey` and `serverURL` go to `createDubHandler`; the
 * answer lists every request the shop received (the tests check that no preflight came).
 */
export async function startShop({ port = 0, secretKey, serverURL } = {}) {
  const track = toNodeHandler(
    createDubHandler({
      secretKey,
      serverURL,
      // Your session lookup goes here: the customer external ID of the signed-in user, or null.
      // It turns the customer route on for that user only, and fills or checks the ID of a lead
      // or sale. This demo shop has one signed-in user.
      authorize: () => 'user_42',
    }),
  );
  const requests = [];

  const server = http.createServer(async (req, res) => {
    requests.push({ method: req.method, path: req.url, headers: req.headers });
    // The handler takes its three routes and passes everything else on.
    track(req, res, async () => {
      const path = new URL(req.url, 'http://shop').pathname;
      const file = path.startsWith('/dist/')
        ? [
            here(`../../dist/${path.slice(6).replace(/[^\w.-]/g, '')}`),
            'text/javascript; charset=utf-8',
          ]
        : FILES[path];
      const body = file && (await readFile(file[0], 'utf8').catch(() => null));
      if (body === null || !file) return res.writeHead(404).end('Not found');
      // The page tells the script where this shop is: its own origin (the Host header, when valid).
      const host = /^[\w.-]+(:\d+)?$/.test(req.headers.host ?? '') ? req.headers.host : 'localhost';
      res.writeHead(200, { 'Content-Type': file[1], 'Content-Security-Policy': CSP });
      res.end(path === '/' ? body.replaceAll('%ORIGIN%', `http://${host}`) : body);
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address();
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const shop = await startShop({
    // Not 8787/8788: those are the demo's (`npm start`), which may be running beside it.
    port: process.env.PORT ? Number(process.env.PORT) : 3000,
    serverURL: process.env.DUB_API_URL,
  });
  console.log(`shop on ${shop.url.replace('127.0.0.1', 'localhost')}`);
}
