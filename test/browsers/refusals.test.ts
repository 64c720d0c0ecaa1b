// Calls that cannot reach an endpoint able to take them are refused at the call, in every engine:
// nothing is sent, nothing kept for later. And debug mode says so on the console, with the fix.
import { describe, expect, it } from 'vitest';
import {
  call,
  HOST,
  outbox,
  rejected,
  seen,
  servePage,
  settleDown,
  setUpWorld,
  uncaught,
  visit,
} from './harness.js';

const world = setUpWorld();

/**
 * Run before the tag: records what the page prints on the console, and every URL the page
 * fetches, refusing any that is not loopback (no test request may leave the machine, and a
 * request to Dub's API would).
 */
const RECORD = `
window.__lines = [];
for (const level of ['info', 'warn', 'error']) {
  const print = console[level];
  console[level] = function (...args) {
    window.__lines.push(level + ': ' + args.map((arg) => (typeof arg === 'object' ? JSON.stringify(arg) : arg)).join(' '));
    return print.apply(this, args);
  };
}
window.__fetched = [];
const realFetch = window.fetch;
window.fetch = function (input, init) {
  const url = String(input && input.url ? input.url : input);
  window.__fetched.push(url);
  if (!/^https?:\\/\\/(127\\.0\\.0\\.1|[a-z.]+\\.test)[:/]/.test(url))
    return Promise.reject(new TypeError('not loopback: refused by the test page'));
  return realFetch.call(this, input, init);
};`;

const lines = () => world.page.evaluate(() => (window as unknown as { __lines: string[] }).__lines);
const fetched = () =>
  world.page.evaluate(() => (window as unknown as { __fetched: string[] }).__fetched);

describe('refused at the call', () => {
  it('customer() to an endpoint not declared to answer customers: ConfigError at once, nothing sent or kept', async () => {
    const { page, collector } = world;
    // The collector on another origin, as a proxy of Dub's API would be: no customer route declared.
    servePage(world, '/checkout', {
      attrs: { 'data-api-host': collector.url, 'data-publishable-key': 'dub_pk_test' },
      before: RECORD,
    });
    await visit(page, `${world.site.url(HOST)}/checkout?dub_id=click_1`);
    const { error } = rejected(await call(page, 'customer', { customerExternalId: 'user_1' }));
    expect(error).toMatchObject({ name: 'ConfigError', kind: 'customer', willRetry: false });
    expect(error.message).toContain('customerEndpoint: true');
    await settleDown(page);
    expect(collector.requests).toEqual([]);
    expect(await fetched()).toEqual([]);
    expect(await outbox(page)).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  it('an event refused by the route (404) is dropped with an error that says why, never retried', async () => {
    const { page, collector } = world;
    // Declared, but the endpoint has no such route after all.
    collector.respond((record) =>
      record.path === '/track/customer' ? { status: 404, body: 'Not Found' } : undefined,
    );
    servePage(world, '/checkout', {
      attrs: {
        'data-api-host': collector.url,
        'data-customer-endpoint': true,
        'data-retry': { limit: 3, backoffLimitMs: 50, timeoutMs: 5000 },
      },
    });
    await visit(page, `${world.site.url(HOST)}/checkout`);
    const { error } = rejected(await call(page, 'customer', { customerExternalId: 'user_1' }));
    expect(error).toMatchObject({ name: 'NotFound', status: 404, willRetry: false });
    expect(error.message).toContain('no such route');
    expect(error.message).toContain('dropped, not retried');
    expect(collector.tracked()).toHaveLength(1);
    expect((await seen(page)).error.map((seenError) => seenError.name)).toEqual(['NotFound']);
    expect(await outbox(page)).toEqual([]);
  });

  it("a script tag without a publishable key rejects calls to Dub's API with ConfigError and sends nothing", async () => {
    const { page, collector } = world;
    // The tag of Dub's install docs without its key: events would go to https://api.dub.co.
    servePage(world, '/checkout', { attrs: { 'data-api-host': undefined }, before: RECORD });
    await visit(page, `${world.site.url(HOST)}/checkout?dub_id=click_1`);
    for (const [kind, input] of [
      ['lead', { eventName: 'Sign up', customerExternalId: 'user_1' }],
      ['sale', { amount: 4999, customerExternalId: 'user_1' }],
    ] as const) {
      const { error } = rejected(await call(page, kind, input));
      expect(error).toMatchObject({ name: 'ConfigError', kind, willRetry: false });
      expect(error.message).toContain('data-publishable-key');
    }
    await settleDown(page);
    expect(await fetched()).toEqual([]);
    expect(collector.requests).toEqual([]);
    expect(await outbox(page)).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });
});

describe('debug mode on the console', () => {
  it('says dub-track is installed, and prints each ConfigError, ignored option and dropped event with the fix', async () => {
    const { page, collector } = world;
    collector.respond((record) =>
      record.path === '/track/sale/client' ? { status: 400 } : undefined,
    );
    servePage(world, '/checkout', {
      attrs: {
        'data-debug': true,
        // Not JSON (keys unquoted), and a misspelt attribute.
        'data-retry': '{limit: 3}',
        'data-publishable-kye': 'dub_pk_test',
        // The collector, as a proxy of Dub's API: no customer route declared.
        'data-customer-endpoint': undefined,
      },
      before: RECORD,
    });
    await visit(page, `${world.site.url(HOST)}/checkout`);
    // Debug mode loads the engine at once, which reports what it found as it starts.
    rejected(await call(page, 'customer', { customerExternalId: 'user_1' }));
    rejected(await call(page, 'sale', { amount: 49.99, customerExternalId: 'user_1' }));
    rejected(await call(page, 'sale', { amount: 4999, customerExternalId: 'user_1' }));
    const printed = await lines();

    const installed = printed.filter((line) => line.includes('is installed'));
    expect(installed).toHaveLength(1);
    expect(installed[0]).toMatch(/^info: \[dub-track\] dub-track \S+ is installed, sending to /);
    expect(installed[0]).toContain(collector.url);
    expect(installed[0]).toContain('"debug":""');

    const warned = printed.filter((line) => line.startsWith('warn: [dub-track]'));
    const about = (text: string) => warned.filter((line) => line.includes(text));
    expect(about('retry: not JSON')).toHaveLength(1);
    expect(about('retry: not JSON')[0]).toContain('quote its keys: {"limit": 3}');
    expect(about('"publishableKye"')).toHaveLength(1);
    expect(about('"publishableKye"')[0]).toContain('did you mean publishableKey?');
    expect(about('ConfigError (customer): customer() not sent')).toHaveLength(1);
    expect(about('ValidationError (sale)')).toHaveLength(1);
    expect(about('ValidationError (sale)')[0]).toContain('e.g. 4999 for 49.99');
    const dropped = about('BadRequest (sale)');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatch(/^warn: \[dub-track\] BadRequest \(sale\): /);
  });
});
