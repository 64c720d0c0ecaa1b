// A shop with its own endpoint (examples/node), in every engine: the script tag, pointed at the
// shop, delivers lead, sale and customer through dub-track/server to the Dub stand-in on loopback,
// with an Idempotency-Key and no preflight; a repeated key is absorbed. The shop runs in node
// beside the collector. Ported from test/e2e/firstParty.spec.ts (the shop's own page does not load
// the harness's recorder: uncaught errors are recorded from its load on, before the calls).
import { describe, expect, it } from 'vitest';
import { startDubStandin } from '../fixtures/dub-standin.mjs';
import { ENGINE, setUpWorld, until, waitForTracker } from './harness.js';

const world = setUpWorld();

const SECRET = 'dub_e2eFirstPartySecret42';

interface Shop {
  url: string;
  requests: { method: string; path: string; headers: Record<string, string> }[];
  close(): Promise<void>;
}
const shopModule = new URL('../../examples/node/server.mjs', import.meta.url).href;

describe(`[${ENGINE}] first-party endpoint`, () => {
  it('a shop delivers lead, sale and customer through its own endpoint, each once', async () => {
    const { page } = world;
    const upstream = await startDubStandin({ secretKeys: [SECRET] });
    const { startShop } = (await import(shopModule)) as {
      startShop(options: object): Promise<Shop>;
    };
    const shop = await startShop({ secretKey: SECRET, serverURL: upstream.url });
    try {
      await page.goto(`${shop.url}/?dub_id=click_first_party`);
      await waitForTracker(page);
      // The page's own script shows the click the tracker read from the landing URL.
      await until(
        async () =>
          (await page.evaluate(() => document.getElementById('click-id')?.textContent)) ===
          'click_first_party',
        'the page shows the click ID',
      );
      await page.evaluate(() => {
        const w = window as unknown as { __uncaught: string[] };
        w.__uncaught = [];
        addEventListener('error', (event) => w.__uncaught.push(String(event.message)));
        addEventListener('unhandledrejection', (event) => w.__uncaught.push(String(event.reason)));
      });

      // Started in the page and read back once done: three calls through the shop to the
      // stand-in may, on a loaded machine, outlast a driver's script timeout (30 s in WebKit).
      await page.evaluate(() => {
        const w = window as unknown as {
          dubTrack: Record<string, (input: object) => Promise<unknown>>;
          __results?: unknown;
        };
        void (async () => {
          const tracker = w.dubTrack;
          try {
            w.__results = [
              await tracker.lead({ eventName: 'Sign up', customerExternalId: 'user_42' }),
              await tracker.sale({
                amount: 4900,
                customerExternalId: 'user_42',
                invoiceId: 'inv_42',
              }),
              await tracker.customer({
                customerExternalId: 'user_42',
                customerName: 'Ada Lovelace',
              }),
            ];
          } catch (error) {
            w.__results = { failed: String(error) };
          }
        })();
      });
      const read = () =>
        page.evaluate(() => (window as unknown as { __results?: unknown }).__results ?? null);
      await until(async () => (await read()) !== null, 'the three calls settled', 90_000);
      const results = await read();
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

      // The sale sent again with its key (a second tab, a resend after unload): answered, not
      // counted.
      const replay = await page.evaluate(async (key: string) => {
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
      expect(
        await page.evaluate(() => (window as unknown as { __uncaught: string[] }).__uncaught),
      ).toEqual([]);
    } finally {
      await shop.close();
      await upstream.close();
    }
  }, 180_000);
});
