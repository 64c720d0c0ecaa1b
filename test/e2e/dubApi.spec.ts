// The script against Dub's real API behaviour: the default apiHost (https://api.dub.co) is mapped
// by Chromium's resolver to the Dub stand-in (test/fixtures/dub-standin.mjs) on loopback, over HTTPS
// with a certificate made for api.dub.co at test time. What Dub's CORS, key checks, rate limit and
// answers do to the script is then what a real site would see.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../fixtures/chromium.mjs';
import {
  type StartedDubStandin,
  startDubStandin,
  trackLeadRequestSchema,
  trackLeadResponseSchema,
  trackSaleRequestSchema,
  trackSaleResponseSchema,
} from '../fixtures/dub-standin.mjs';
import { test as base, expect, html } from './fixtures.js';
import {
  call,
  instrument,
  outbox,
  outboxKeys,
  rejected,
  resolved,
  seen,
  settleDown,
  type TestWindow,
} from './page.js';

const PUBLISHABLE_KEY = 'dub_pk_e2e_standin';
/** Headers the browser adds on its own; every other request header is the script's choice. */
const BROWSER_OWN =
  /^(accept|accept-encoding|accept-language|connection|host|origin|referer|user-agent|content-length|priority|sec-.*|access-control-request-.*)$/;

interface DubApi {
  standin: StartedDubStandin;
  browser: Browser;
}

const test = base.extend<{ dubPage: Page; consoleLines: string[] }, { dubApi: DubApi }>({
  dubApi: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright requires the destructuring pattern.
    async ({}, use) => {
      // A throw-away self-signed certificate for api.dub.co, never written into the repository.
      const dir = mkdtempSync(path.join(tmpdir(), 'dub-standin-tls-'));
      const key = path.join(dir, 'key.pem');
      const cert = path.join(dir, 'cert.pem');
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=api.dub.co',
          '-addext',
          'subjectAltName=DNS:api.dub.co',
          '-keyout',
          key,
          '-out',
          cert,
        ],
        { stdio: 'ignore' },
      );
      const standin = await startDubStandin({
        host: '127.0.0.1',
        tls: { key: readFileSync(key), cert: readFileSync(cert) },
        // The site's pages are on www.shop.test: Dub checks the host without `www.`.
        keys: { [PUBLISHABLE_KEY]: ['shop.test'] },
      });
      rmSync(dir, { recursive: true, force: true });
      const browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [
          ...CHROMIUM_ARGS,
          '--ignore-certificate-errors',
          `--host-resolver-rules=MAP *.shop.test 127.0.0.1, MAP api.dub.co 127.0.0.1:${standin.port}`,
        ],
      });
      await use({ standin, browser });
      await browser.close();
      await standin.close();
    },
    { scope: 'worker' },
  ],

  // biome-ignore lint/correctness/noEmptyPattern: Playwright requires the destructuring pattern.
  consoleLines: async ({}, use) => {
    await use([]);
  },

  dubPage: async ({ dubApi, consoleLines }, use) => {
    dubApi.standin.reset();
    const context = await dubApi.browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    await page.addInitScript(instrument);
    await use(page);
    await context.close();
  },
});

/** A checkout page with the script tag as a Dub user writes it: no apiHost, a publishable key. */
async function openCheckout(
  page: Page,
  site: { page(pathname: string, body: string): void; url(host?: string): string },
  { query = '', attrs = '' }: { query?: string; attrs?: string } = {},
) {
  site.page(
    '/checkout',
    html(
      `<script src="/dist/dub-track.js" data-publishable-key="${PUBLISHABLE_KEY}" ${attrs}></script>`,
    ),
  );
  await page.goto(`${site.url('www.shop.test')}/checkout${query}`);
  await page.waitForFunction(
    () => typeof (window as unknown as TestWindow).dubTrack?.getClickId === 'function',
  );
  await page.evaluate(() => (window as unknown as TestWindow).__test.listen());
}

/** The request headers the script chose (the browser's own left out), names sorted. */
const chosenHeaders = (headers: Record<string, string>) =>
  Object.keys(headers)
    .filter((name) => !BROWSER_OWN.test(name))
    .sort();

test('a lead and a sale to the default apiHost are answered 200 by Dub, with bodies Dub accepts', async ({
  dubPage: page,
  dubApi: { standin },
  site,
}) => {
  await openCheckout(page, site, { query: '?dub_id=click_e2e' });

  const lead = resolved(
    await call(page, 'lead', { eventName: 'Sign up', customerExternalId: 'user_1' }),
  );
  const sale = resolved(
    await call(page, 'sale', {
      customerExternalId: 'user_1',
      amount: 4200,
      currency: 'EUR',
      invoiceId: ' inv_1 ',
      customerEmail: "o'brien@example.com",
      metadata: { at: new Date(0), note: undefined, plan: 'pro' },
    }),
  );

  const posts = standin.tracked();
  expect(posts.map((post) => [post.path, post.answer?.status])).toEqual([
    ['/track/lead/client', 200],
    ['/track/sale/client', 200],
  ]);
  // What the page sent, parsed by Dub's own request schemas.
  expect(trackLeadRequestSchema.safeParse(posts[0].json).success).toBe(true);
  expect(trackSaleRequestSchema.safeParse(posts[1].json).success).toBe(true);
  expect(posts[1].json).toMatchObject({
    invoiceId: ' inv_1 ',
    currency: 'eur',
    clickId: 'click_e2e',
    metadata: { at: '1970-01-01T00:00:00.000Z', plan: 'pro' },
  });
  // What Dub answered, parsed by Dub's response schemas, is what the calls resolved with.
  expect(trackLeadResponseSchema.parse(lead.data).click.id).toBe('click_e2e');
  const saleAnswer = trackSaleResponseSchema.parse(sale.data);
  expect(saleAnswer.sale).toMatchObject({ amount: 4200, currency: 'eur', invoiceId: ' inv_1 ' });
  expect(lead.recorded).toBe(true);
  expect(sale.recorded).toBe(true);
  expect(standin.state.sales).toHaveLength(1);

  // Only the two headers Dub's CORS allows: a preflight asking for any other fails in a browser.
  for (const post of posts) {
    expect(chosenHeaders(post.headers)).toEqual(['authorization', 'content-type']);
    expect(post.headers.authorization).toBe(`Bearer ${PUBLISHABLE_KEY}`);
  }
  const preflights = standin.requests.filter((request) => request.method === 'OPTIONS');
  expect(preflights.length).toBeGreaterThan(0);
  for (const preflight of preflights) {
    expect(preflight.headers['access-control-request-headers']).toBe('authorization,content-type');
  }
  expect(await outboxKeys(page)).toEqual([]);
});

test('customer() with Dub as apiHost rejects at once with ConfigError: no request, nothing kept', async ({
  dubPage: page,
  dubApi: { standin },
  site,
}) => {
  await openCheckout(page, site, { query: '?dub_id=click_e2e' });

  const outcome = rejected(
    await call(page, 'customer', { customerExternalId: 'user_1', customerName: 'Ada' }, 5_000),
  );
  expect(outcome.error).toMatchObject({ name: 'ConfigError', kind: 'customer', willRetry: false });
  expect(outcome.error.message).toContain('Dub has no browser endpoint for customers');
  expect(outcome.error.message).toContain('first-party endpoint');
  expect(await outboxKeys(page)).toEqual([]);

  // Nor later: a reload replays whatever was kept, and nothing was.
  await page.reload();
  await page.waitForFunction(
    () => typeof (window as unknown as TestWindow).dubTrack?.getClickId === 'function',
  );
  await page.evaluate(() => (window as unknown as TestWindow).dubTrack.flush());
  await settleDown(page, 500);
  expect(standin.requests).toEqual([]);
  expect(await outboxKeys(page)).toEqual([]);
});

test('after a 429 whose Retry-After the page cannot read, the next attempt waits at least 1 s', async ({
  dubPage: page,
  dubApi: { standin },
  site,
}) => {
  const limit = standin.rateLimit;
  // The smallest wait the script may choose: its jitter (Math.random) at 0.
  await page.addInitScript(() => {
    Math.random = () => 0;
  });
  standin.rateLimit = { requests: 1, windowMs: 60_000 };
  try {
    await openCheckout(page, site, {
      query: '?dub_id=click_e2e',
      attrs: `data-retry='{"limit":2}'`,
    });
    resolved(await call(page, 'lead', { eventName: 'Sign up', customerExternalId: 'user_1' }));
    // From now on every request is over the limit: with one request a minute, a sale whose
    // attempts crossed into the next minute's window was let through (the sliding window weighs
    // the lead in the previous one down to nothing).
    standin.rateLimit = { requests: 0, windowMs: 60_000 };
    const outcome = rejected(
      await call(page, 'sale', { customerExternalId: 'user_1', amount: 100, invoiceId: 'inv_9' }),
    );
    expect(outcome.error).toMatchObject({
      name: 'RateLimitExceeded',
      willRetry: true,
      status: 429,
    });

    const sales = standin.tracked().filter((post) => post.path === '/track/sale/client');
    expect(sales.map((post) => post.answer?.status)).toEqual([429, 429, 429]);
    // Dub's Retry-After was on every 429 (epoch ms), but its CORS hides it from the page.
    for (const post of sales)
      expect(post.answer?.body).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
    // Each retry was chosen after a 429 had come back, with a wait of at least 1 s: the script's
    // own decision, read from its retry events. How long the browser's timer then takes is not the
    // script's to assert here (a loaded machine only makes it longer).
    const retries = (await seen(page)).on.retry.filter((retry) => retry.kind === 'sale');
    expect(retries.map((retry) => [retry.attempt, retry.error.status])).toEqual([
      [2, 429],
      [3, 429],
    ]);
    for (const retry of retries) expect(retry.delayMs).toBeGreaterThanOrEqual(1_000);
    // Kept for a later attempt, which succeeds once the limit allows.
    expect((await outbox(page)).map((entry) => entry.kind)).toEqual(['sale']);
    standin.rateLimit = limit;
    await page.evaluate(() => (window as unknown as TestWindow).dubTrack.flush());
    await standin.waitForTracked(5, 10_000);
    expect(standin.tracked().at(-1)?.answer?.status).toBe(200);
  } finally {
    standin.rateLimit = limit;
  }
});

test('a 429 wait past a minute leaves the event in the outbox instead of holding the page', async ({
  dubPage: page,
  dubApi: { standin },
  site,
}) => {
  const limit = standin.rateLimit;
  // The longest jitter: 1 s + just under 60 s, past what a page is held for.
  await page.addInitScript(() => {
    Math.random = () => 0.9999;
  });
  standin.rateLimit = { requests: 0, windowMs: 60_000 };
  try {
    await openCheckout(page, site, { query: '?dub_id=click_e2e' });
    const before = Date.now();
    const outcome = rejected(
      await call(
        page,
        'sale',
        { customerExternalId: 'user_1', amount: 100, invoiceId: 'inv_8' },
        10_000,
      ),
    );
    expect(outcome.error).toMatchObject({ name: 'RateLimitExceeded', willRetry: true });
    const kept = await outbox(page);
    expect(kept).toHaveLength(1);
    expect(kept[0].notBefore).toBeGreaterThanOrEqual(before + 60_000);
    expect(standin.tracked()).toHaveLength(1);
  } finally {
    standin.rateLimit = limit;
  }
});

test('a sale Dub answers with sale: null resolves with recorded false and a debug warning', async ({
  dubPage: page,
  dubApi: { standin },
  site,
  consoleLines,
}) => {
  // No click on this visit, and a customer Dub has never seen: Dub records nothing.
  await openCheckout(page, site, { attrs: 'data-debug' });
  const result = resolved(
    await call(page, 'sale', { customerExternalId: 'stranger', amount: 100, invoiceId: 'inv_7' }),
  );
  expect(result.status).toBe(200);
  expect(result.data).toEqual({ eventName: 'Purchase', customer: null, sale: null });
  expect(result.recorded).toBe(false);
  expect(standin.state.sales).toEqual([]);
  expect(
    consoleLines.some((line) => line.startsWith('warning:') && line.includes('recorded no sale')),
  ).toBe(true);
  // Not an error: nothing is kept to be sent again.
  expect(await outboxKeys(page)).toEqual([]);
});

test("a sale whose page left before its engine loaded reaches Dub from the next page, with the two headers Dub's CORS allows, recorded once", async ({
  dubPage: page,
  dubApi: { standin },
  site,
}) => {
  // The checkout page's engine does not arrive before the page leaves: the site holds its one
  // request. Not a Playwright route: Chromium adds cache headers to the requests it routes, and
  // the next page's sale, caught while the route was being removed, once got no answer and was
  // sent again 10 s later, when its attempt timed out: recorded twice.
  let first = true;
  const held = site.hold((url) => {
    if (!/\/dub-track\.engine\.[\da-f]+\.js$/.test(url.pathname) || !first) return false;
    first = false;
    return true;
  });
  site.page(
    '/thanks',
    html(`<script src="/dist/dub-track.js" data-publishable-key="${PUBLISHABLE_KEY}"></script>`),
  );
  await openCheckout(page, site, { query: '?dub_id=click_left' });
  await page.evaluate(() => {
    const w = window as unknown as TestWindow;
    w.dubTrack.sale({ customerExternalId: 'user_left', amount: 3100, invoiceId: 'inv_left' });
    location.href = '/thanks';
  });
  await held.arrived(1);
  await page.waitForURL(/\/thanks$/);
  held.release();

  const [post] = await standin.waitForTracked(1, 15_000);
  await expect.poll(() => outboxKeys(page), { timeout: 15_000 }).toEqual([]);
  await settleDown(page, 1000);
  expect(standin.tracked()).toHaveLength(1);
  expect(post.path).toBe('/track/sale/client');
  expect(post.answer?.status).toBe(200);
  expect(trackSaleRequestSchema.safeParse(post.json).success).toBe(true);
  expect(post.json).toMatchObject({ clickId: 'click_left', invoiceId: 'inv_left', amount: 3100 });
  expect(chosenHeaders(post.headers)).toEqual(['authorization', 'content-type']);
  expect(standin.state.sales).toHaveLength(1);
});
