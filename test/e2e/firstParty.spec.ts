// A shop with its own endpoint (examples/node): the script tag, pointed at the shop, delivers
// lead, sale and customer through dub-track/server to the Dub stand-in on loopback, with an
// Idempotency-Key and no preflight; a repeated key is absorbed.
import { startDubStandin } from '../fixtures/dub-standin.mjs';
import { expect, test } from './fixtures.js';

const SECRET = 'dub_e2eFirstPartySecret42';

interface Shop {
  url: string;
  requests: { method: string; path: string; headers: Record<string, string> }[];
  close(): Promise<void>;
}
const shopModule = new URL('../../examples/node/server.mjs', import.meta.url).href;

test('a shop delivers lead, sale and customer through its own endpoint, each once', async ({
  page,
  pageErrors,
}) => {
  const upstream = await startDubStandin({ secretKeys: [SECRET] });
  const { startShop } = (await import(shopModule)) as {
    startShop(options: object): Promise<Shop>;
  };
  const shop = await startShop({ secretKey: SECRET, serverURL: upstream.url });
  try {
    await page.goto(`${shop.url}/?dub_id=click_first_party`);
    await expect(page.locator('#click-id')).toHaveText('click_first_party');

    const results = await page.evaluate(async () => {
      const tracker = (
        window as unknown as { dubTrack: Record<string, (input: object) => Promise<unknown>> }
      ).dubTrack;
      return [
        await tracker.lead({ eventName: 'Sign up', customerExternalId: 'user_42' }),
        await tracker.sale({ amount: 4900, customerExternalId: 'user_42', invoiceId: 'inv_42' }),
        await tracker.customer({ customerExternalId: 'user_42', customerName: 'Ada Lovelace' }),
      ];
    });
    // The endpoint answers what was recorded, never Dub's customer object.
    expect(results).toMatchObject([
      { status: 200, recorded: true, data: { recorded: 'lead', customerExternalId: 'user_42' } },
      {
        status: 200,
        recorded: true,
        data: { recorded: 'sale', amount: 4900, invoiceId: 'inv_42' },
      },
      {
        status: 200,
        recorded: true,
        data: { recorded: 'customer', customerExternalId: 'user_42' },
      },
    ]);
    expect(JSON.stringify(results)).not.toContain('Ada Lovelace');

    // What reached Dub: the SDK's requests, with the secret key.
    expect(upstream.requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'POST /track/lead',
      'POST /track/sale',
      'PATCH /customers/ext_user_42',
    ]);
    expect(upstream.requests[0].json).toMatchObject({
      clickId: 'click_first_party',
      eventName: 'Sign up',
      customerExternalId: 'user_42',
    });
    expect(upstream.requests[1].json).toMatchObject({ amount: 4900, currency: 'usd' });
    expect(upstream.requests[2].json).toEqual({ name: 'Ada Lovelace' });
    for (const request of upstream.requests)
      expect(request.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(upstream.state.leads).toHaveLength(1);
    expect(upstream.state.sales).toHaveLength(1);

    // What the browser sent the shop: same origin, so no preflight, and an Idempotency-Key each.
    const posts = shop.requests.filter((request) => request.path.startsWith('/track/'));
    expect(posts.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'POST /track/lead/client',
      'POST /track/sale/client',
      'POST /track/customer',
    ]);
    const keys = posts.map((request) => request.headers['idempotency-key']);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(3);

    // The sale sent again with its key (a second tab, a resend after unload): answered, not counted.
    const replay = await page.evaluate(async (key) => {
      const response = await fetch('/track/sale/client', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        // The event as the script sent it, its click ID included: the key is bound to its body.
        body: JSON.stringify({
          amount: 4900,
          customerExternalId: 'user_42',
          invoiceId: 'inv_42',
          clickId: 'click_first_party',
        }),
      });
      return { status: response.status, replayed: response.headers.get('idempotent-replayed') };
    }, keys[1]);
    expect(replay).toEqual({ status: 200, replayed: 'true' });
    expect(upstream.requests).toHaveLength(3);
    expect(upstream.state.sales).toHaveLength(1);
    expect(pageErrors.uncaught).toEqual([]);
  } finally {
    await shop.close();
    await upstream.close();
  }
});

test('the demo’s checkout page sends through the first-party endpoint and absorbs a repeat', async ({
  page,
  pageErrors,
}) => {
  const { origin, stop } = await startDemo();
  try {
    await page.goto(`${origin}/?dub_id=demo_click_e2e`);
    await page.goto(`${origin}/checkout.html?api=first-party`);
    await expect(page.locator('[data-endpoint-link="first-party"]')).toHaveAttribute(
      'aria-current',
      'page',
    );
    await page.locator('#lead-event-name').fill(`Sign up ${origin}`);
    await page.locator('#track-lead').click();
    await expect(page.locator('#log .badge', { hasText: 'resolved' })).toHaveCount(1);
    await page.locator('#resend-last').click();
    await expect(
      page.locator('#log .summary', {
        hasText:
          'absorbed by the first-party endpoint: the first answer again, nothing sent to Dub',
      }),
    ).toHaveCount(1);
    // The collector's failure modes cannot reach this endpoint: they are off, and say why.
    await expect(page.locator('#modes input[value="503"]')).toBeDisabled();
    await expect(page.locator('#modes-off')).toContainText('Not available here');

    const { events } = (await (await fetch(`${origin}/__demo/events`)).json()) as {
      events: { method: string; path: string; status: number; note?: string; body: unknown }[];
    };
    const lines = events.reverse().map((event) => `${event.method} ${event.path} ${event.status}`);
    expect(lines).toEqual([
      'POST /track/lead 200',
      'POST /first-party/track/lead/client 200',
      'POST /first-party/track/lead/client 200',
    ]);
    expect(events[0]).toMatchObject({
      note: 'at the Dub stand-in: recorded',
      body: { clickId: 'demo_click_e2e' },
    });
    expect(events[2].note).toMatch(/replayed/);
    expect(pageErrors.uncaught).toEqual([]);
  } finally {
    stop();
  }
});

test('the demo’s checkout page against the Dub stand-in labels a resent sale as Dub de-duplicated it', async ({
  page,
  pageErrors,
}) => {
  const { origin, stop } = await startDemo();
  try {
    await page.goto(`${origin}/?dub_id=demo_click_dub`);
    await page.goto(`${origin}/checkout.html?api=dub`);
    await page.locator('#sale-invoice-id').fill(`inv_${Date.now()}`);
    await page.locator('#track-sale').click();
    await expect(page.locator('#log .badge', { hasText: 'resolved' })).toHaveCount(1);
    await page.locator('#resend-last').click();
    await expect(
      page.locator('#log .summary', { hasText: 'Dub de-duplicated it by invoiceId' }),
    ).toHaveCount(1);
    // The stand-in's own count agrees: the repeat recorded nothing.
    await expect(
      page.locator('#received .summary', { hasText: 'de-duplicated by invoiceId' }),
    ).toHaveCount(1);
    // What cannot apply straight to Dub is off, with the reason on screen.
    await expect(page.locator('#track-customer')).toBeDisabled();
    await expect(page.locator('#customer-off')).toBeVisible();
    await expect(page.locator('#modes input[value="503"]')).toBeDisabled();
    await expect(page.locator('#modes-off')).toContainText('Dub stand-in');
    expect(pageErrors.uncaught).toEqual([]);
  } finally {
    stop();
  }
});

/** Starts the demo (`npm start`'s server) on free ports; resolves once it says where it listens. */
async function startDemo() {
  const { spawn } = await import('node:child_process');
  const net = await import('node:net');
  const freePort = () =>
    new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
  const port = await freePort();
  const dubPort = await freePort();
  const demo = spawn(process.execPath, ['examples/server.mjs'], {
    env: { ...process.env, PORT: String(port), DUB_PORT: String(dubPort) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    demo.once('exit', (code) => reject(new Error(`the demo exited (${code})`)));
    demo.stdout?.on('data', (chunk) => {
      if (String(chunk).includes('dub-track demo:')) resolve();
    });
  });
  return { origin: `http://127.0.0.1:${port}`, stop: () => demo.kill() };
}
