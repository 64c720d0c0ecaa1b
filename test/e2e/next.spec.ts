// examples/next: a Next.js App Router app whose root layout renders <DubTrack /> and whose
// checkout page records a sale through useDubTrack(). Built with `next build` (the layout is a
// server component: dub-track/react must be a client module that does nothing on the server) and
// served with `next start`, it captures the click on landing and delivers the sale.
import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
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

test.describe.configure({ timeout: 240_000 });

test('the Next.js example, built and started, captures the click and delivers a sale from its checkout page', async ({
  page,
  collector,
  pageErrors,
}) => {
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_PUBLIC_DUB_PUBLISHABLE_KEY: 'dub_pk_next',
    NEXT_PUBLIC_DUB_API_HOST: collector.url,
    // The example's first-party route (app/api/track) needs a secret key to build; this test
    // sends nothing through it.
    DUB_API_KEY: 'dub_example_not_used',
  };
  await rm(`${app}.next`, { recursive: true, force: true });
  await run(['build', app], env);

  const port = await freePort();
  let server: ChildProcess | undefined;
  try {
    server = spawn(next, ['start', app, '-H', '127.0.0.1', '-p', String(port)], {
      cwd: root,
      env,
      stdio: 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
    await expect
      .poll(
        () =>
          fetch(base).then(
            (response) => response.status,
            () => 0,
          ),
        { timeout: 30_000 },
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

    const [sale] = await collector.waitForTracked(1);
    expect(sale.path).toBe('/track/sale/client');
    expect(sale.json).toMatchObject({ clickId: 'next_click_1', amount: 4900 });
    expect(sale.headers.authorization).toBe('Bearer dub_pk_next');
    expect(collector.tracked()).toHaveLength(1);
    expect(pageErrors.uncaught).toEqual([]);
  } finally {
    server?.kill();
  }
});
