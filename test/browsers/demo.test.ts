// The demo (`npm start`, examples/server.mjs) in every engine: its checkout page sends through the
// first-party endpoint or straight to the Dub stand-in, and labels a resent call as the endpoint
// or Dub absorbed it. Ported from test/e2e/firstParty.spec.ts (which also required no uncaught
// error: the demo's pages do not load the harness's recorder, so what is checked is what they show).
import { spawn } from 'node:child_process';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { EnginePage } from './engines/types.js';
import { setUpWorld } from './harness.js';

const world = setUpWorld();

/** Starts the demo (`npm start`'s server) on free ports; resolves once it says where it listens. */
async function startDemo() {
  const freePort = () =>
    new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
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

/** How many elements match `selector` whose text contains `text`. */
const count = (page: EnginePage, selector: string, text = '') =>
  page.evaluate(
    (selector: string, text: string) =>
      [...document.querySelectorAll(selector)].filter((element) =>
        (element.textContent ?? '').includes(text),
      ).length,
    selector,
    text,
  );

/** What the page shows of the element: attribute, disabled, visible, text. */
const look = (page: EnginePage, selector: string, attribute = '') =>
  page.evaluate(
    (selector: string, attribute: string) => {
      const element = document.querySelector(selector) as HTMLInputElement | null;
      if (!element) return null;
      return {
        attribute: attribute ? element.getAttribute(attribute) : null,
        // As a user meets it: also disabled by a disabled fieldset around it.
        disabled: element.matches(':disabled'),
        visible: element.checkVisibility
          ? element.checkVisibility()
          : element.offsetParent !== null,
        text: element.textContent ?? '',
      };
    },
    selector,
    attribute,
  );

/** Types `value` into the input as a user would end up with it (value set, `input` fired). */
const fill = (page: EnginePage, selector: string, value: string) =>
  page.evaluate(
    (selector: string, value: string) => {
      const input = document.querySelector(selector) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    selector,
    value,
  );

/**
 * Waits until the page's "received" panel lists `n` requests: each time it changes, the page
 * scrolls its newest entry into view, which moves the buttons under a click aimed a moment before.
 */
const receivedShown = (page: EnginePage, n: number) =>
  expect.poll(() => count(page, '#received .summary', 'POST ')).toBeGreaterThanOrEqual(n);

describe('the demo', () => {
  it('the demo’s checkout page sends through the first-party endpoint and absorbs a repeat', async () => {
    const { page } = world;
    const { origin, stop } = await startDemo();
    try {
      await page.goto(`${origin}/?dub_id=demo_click_e2e`);
      await page.goto(`${origin}/checkout.html?api=first-party`);
      await expect
        .poll(
          async () =>
            (await look(page, '[data-endpoint-link="first-party"]', 'aria-current'))?.attribute,
        )
        .toBe('page');
      await fill(page, '#lead-event-name', `Sign up ${origin}`);
      await page.click('#track-lead');
      await expect.poll(() => count(page, '#log .badge', 'resolved')).toBe(1);
      // The lead at the stand-in and at the first-party endpoint.
      await receivedShown(page, 2);
      await page.click('#resend-last');
      await expect
        .poll(() =>
          count(
            page,
            '#log .summary',
            'absorbed by the first-party endpoint: the first answer again, nothing sent to Dub',
          ),
        )
        .toBe(1);
      // The collector's failure modes cannot reach this endpoint: they are off, and say why.
      await expect
        .poll(async () => (await look(page, '#modes input[value="503"]'))?.disabled)
        .toBe(true);
      await expect
        .poll(async () => (await look(page, '#modes-off'))?.text)
        .toContain('Not available here');

      const { events } = (await (await fetch(`${origin}/__demo/events`)).json()) as {
        events: { method: string; path: string; status: number; note?: string; body: unknown }[];
      };
      const lines = events
        .reverse()
        .map((event) => `${event.method} ${event.path} ${event.status}`);
      expect(lines).toEqual([
        'POST /track/lead 200',
        'POST /first-party/track/lead/client 200',
        'POST /first-party/track/lead/client 200',
      ]);
      expect(events[0]).toMatchObject({
        note: 'at the Dub stand-in: recorded',
        body: { clickId: 'demo_click_e2e' },
      });
      expect(events[2]?.note).toMatch(/replayed/);
    } finally {
      stop();
    }
  });

  it('the demo’s checkout page against the Dub stand-in labels a resent sale as Dub de-duplicated it', async () => {
    const { page } = world;
    const { origin, stop } = await startDemo();
    try {
      await page.goto(`${origin}/?dub_id=demo_click_dub`);
      await page.goto(`${origin}/checkout.html?api=dub`);
      await fill(page, '#sale-invoice-id', `inv_${Date.now()}`);
      await page.click('#track-sale');
      await expect.poll(() => count(page, '#log .badge', 'resolved')).toBe(1);
      await receivedShown(page, 1);
      await page.click('#resend-last');
      await expect
        .poll(() => count(page, '#log .summary', 'Dub de-duplicated it by invoiceId'))
        .toBe(1);
      // The stand-in's own count agrees: the repeat recorded nothing.
      await expect
        .poll(() => count(page, '#received .summary', 'de-duplicated by invoiceId'))
        .toBe(1);
      // What cannot apply straight to Dub is off, with the reason on screen.
      await expect.poll(async () => (await look(page, '#track-customer'))?.disabled).toBe(true);
      await expect.poll(async () => (await look(page, '#customer-off'))?.visible).toBe(true);
      await expect
        .poll(async () => (await look(page, '#modes input[value="503"]'))?.disabled)
        .toBe(true);
      await expect
        .poll(async () => (await look(page, '#modes-off'))?.text)
        .toContain('Dub stand-in');
    } finally {
      stop();
    }
  });
});
