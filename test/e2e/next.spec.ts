// examples/next: a Next.js App Router app whose root layout renders <DubTrack /> and whose
// checkout page records a sale through useDubTrack(), sent through the app's own route handler
// (app/api/track, dub-track/server) to the Dub stand-in. Built with `next build` without any
// secret (the layout is a server component: dub-track/react must be a client module that does
// nothing on the server; the route handler reads its key at the first request) and served with
// `next start` with the key, it captures the click on landing and delivers the sale.
import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { startDubStandin } from '../fixtures/dub-standin.mjs';
import { expect, test } from './fixtures.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const app = fileURLToPath(new URL('../../examples/next/', import.meta.url));
const next = `${root}node_modules/.bin/next`;

/** Runs a command to its end; rejects with its output when it fails. */
const run = (args: string[], env: NodeJS.ProcessEnv) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(next, args, { cwd: root, env });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`next ${args[0]} failed:\n${output}`)),
    );
  });

/** A free port on 127.0.0.1. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

// A bound on a stuck run, not a speed check: `next build` alone took over three minutes at load
// average 46 (four other suites beside it), and the test then timed out waiting for the server.
test.describe.configure({ timeout: 480_000 });

const SECRET = 'dub_nextExampleSecret42';

test('the Next.js example, built without secrets and started, delivers a sale from its checkout page through its route handler', async ({
  page,
  pageErrors,
}) => {
  const upstream = await startDubStandin({ secretKeys: [SECRET] });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The build has no secret at all: only the public address of the app's own endpoint.
  const { DUB_API_KEY: _, ...withoutSecrets } = process.env;
  const env = {
    ...withoutSecrets,
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_PUBLIC_DUB_API_HOST: `${base}/api`,
  };
  await rm(`${app}.next`, { recursive: true, force: true });
  await run(['build', app], env);

  let server: ChildProcess | undefined;
  let serverLog = '';
  try {
    server = spawn(next, ['start', app, '-H', '127.0.0.1', '-p', String(port)], {
      cwd: root,
      // The secret key only where the server runs; Dub is the stand-in on loopback.
      env: { ...env, DUB_API_KEY: SECRET, DUB_API_URL: upstream.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk) => {
      serverLog += chunk;
    });
    server.stderr?.on('data', (chunk) => {
      serverLog += chunk;
    });
    await expect
      .poll(
        () =>
          fetch(base).then(
            (response) => response.status,
            () => 0,
          ),
        // `next start` on a loaded machine: a bound, not a speed check.
        { timeout: 90_000 },
      )
      .toBe(200);

    await page.goto(`${base}/?dub_id=next_click_1`);
    await page.waitForFunction(
      () => typeof (window as { dubTrack?: unknown }).dubTrack === 'object',
    );
    // A client-side navigation, as a Next.js app moves between pages.
    await page.click('#to-checkout');
    await expect(page.locator('#click')).toHaveText('next_click_1');
    await page.click('#buy');
    await expect(page.locator('#result')).toHaveText('sale delivered (200)', { timeout: 20_000 });

    // What reached Dub: the route handler's SDK request, with the secret key read at run time.
    const [sale] = await upstream.waitForTracked(1);
    expect(sale.path).toBe('/track/sale');
    expect(sale.json).toMatchObject({ clickId: 'next_click_1', amount: 4900 });
    expect(sale.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(upstream.tracked()).toHaveLength(1);
    expect(upstream.state.sales).toHaveLength(1);
    expect(serverLog).not.toContain(SECRET);
    expect(pageErrors.uncaught).toEqual([]);
  } finally {
    server?.kill();
    await upstream.close();
  }
});
