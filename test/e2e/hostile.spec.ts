// Hostile pages (SPEC §4, §9): a page whose prototypes are polluted, whose markup clobbers the
// globals the script reads, or whose built-ins are patched still tracks correctly or gets a typed
// error, never sends to another host, and never has an error thrown into it. A second, "evil"
// collector stands for the host a pollution would redirect events to: it must receive nothing.
import type { Page } from '@playwright/test';
import {
  type Collector,
  expect,
  html,
  type ScriptAttrs,
  type Site,
  scriptTag,
  test,
  waitForTracker,
} from './fixtures.js';
import {
  answerAsDub,
  call,
  engineFile,
  instrument,
  outboxKeys,
  rejected,
  resolved,
  seen,
  settleDown,
  type TestWindow,
} from './page.js';

const LEAD = { eventName: 'Sign up', customerExternalId: 'cus_hostile' };
const CLICK = 'clk_hostile';

/**
 * Opens a page of the site with the tag (`defer`, as the README recommends), `body` as markup, and
 * `pollute` run before any script of the page (after the test instrumentation).
 */
async function open(
  { page, site, collector }: { page: Page; site: Site; collector: Collector },
  {
    attrs = {},
    body = '',
    pollute,
    arg,
    wait = true,
  }: {
    attrs?: ScriptAttrs;
    body?: string;
    pollute?: (arg: string) => void;
    arg?: string;
    wait?: boolean;
  } = {},
) {
  await page.addInitScript(instrument);
  if (pollute) await page.addInitScript(pollute, arg ?? '');
  site.page('/landing', html(scriptTag(site, collector, { defer: true, ...attrs }), body));
  await page.goto(`${site.url()}/landing?dub_id=${CLICK}`);
  if (wait) await waitForTracker(page);
}

test.describe('a polluted Object.prototype.apiHost sends nothing to the polluting host', () => {
  test('with the README tag (no data-api-host), the lead goes to Dub', async ({
    page,
    evil,
    pageErrors,
    site,
    collector,
  }) => {
    const fixtures = { page, site, collector };
    const dub = await answerAsDub(page, { click: { id: CLICK } });
    await open(fixtures, {
      attrs: { 'data-api-host': undefined, 'data-publishable-key': 'dub_pk_hostile' },
      arg: evil.url,
      pollute: (evilUrl) =>
        Object.defineProperty(Object.prototype, 'apiHost', { value: evilUrl, writable: true }),
    });

    resolved(await call(page, 'lead', { ...LEAD, customerEmail: 'a@b.co' }));
    await settleDown(page);

    expect(dub.map((request) => request.path)).toEqual(['/track/lead/client']);
    expect(dub[0].body).toEqual({ ...LEAD, customerEmail: 'a@b.co', clickId: CLICK });
    expect(evil.requests).toEqual([]);
    expect(pageErrors.uncaught).toEqual([]);
  });

  test('with data-api-host, the lead goes to that host', async ({
    page,
    collector,
    evil,
    pageErrors,
    site,
  }) => {
    const fixtures = { page, site, collector };
    await open(fixtures, {
      arg: evil.url,
      pollute: (evilUrl) =>
        Object.defineProperty(Object.prototype, 'apiHost', { value: evilUrl, writable: true }),
    });

    resolved(await call(page, 'lead', LEAD));

    expect(collector.tracked().map((post) => post.json)).toEqual([{ ...LEAD, clickId: CLICK }]);
    expect(evil.requests).toEqual([]);
    expect(pageErrors.uncaught).toEqual([]);
  });
});

test('options ky and the browser read through the prototype (prefixUrl, json, throwHttpErrors, credentials) change nothing', async ({
  page,
  site,
  collector,
  evil,
  pageErrors,
}) => {
  const fixtures = { page, site, collector };
  await open(fixtures, {
    arg: evil.url,
    pollute: (evilUrl) => {
      const values: Record<string, unknown> = {
        prefixUrl: `${evilUrl}/`,
        json: { hijacked: true },
        throwHttpErrors: false,
        credentials: 'include',
        searchParams: 'leak=1',
      };
      for (const [name, value] of Object.entries(values))
        Object.defineProperty(Object.prototype, name, { value, writable: true });
    },
  });

  resolved(await call(page, 'lead', LEAD));
  collector.failNext(1, { status: 422 });
  const refused = rejected(await call(page, 'lead', { ...LEAD, eventName: 'Second' }));

  expect(refused.error.name).toBe('UnprocessableEntity');
  expect(collector.tracked().map((post) => [post.path, post.json])).toEqual([
    ['/track/lead/client', { ...LEAD, clickId: CLICK }],
    ['/track/lead/client', { ...LEAD, eventName: 'Second', clickId: CLICK }],
  ]);
  expect(evil.requests).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('a polluted Object.prototype.consent = "pending" does not switch tracking off', async ({
  page,
  collector,
  context,
  site,
}) => {
  const fixtures = { page, site, collector };
  await open(fixtures, {
    pollute: () =>
      Object.defineProperty(Object.prototype, 'consent', { value: 'pending', writable: true }),
  });

  resolved(await call(page, 'lead', LEAD));

  expect(collector.tracked()).toHaveLength(1);
  expect((await context.cookies()).map((cookie) => cookie.name)).toContain('dub_id');
});

test('enumerable properties on Object, Array and Function prototypes: a lead and a sale are delivered', async ({
  page,
  collector,
  pageErrors,
  site,
}) => {
  const fixtures = { page, site, collector };
  await open(fixtures, {
    pollute: () => {
      for (const proto of [Object.prototype, Array.prototype, Function.prototype])
        (proto as unknown as Record<string, number>).foo = 1;
    },
  });

  resolved(await call(page, 'lead', { ...LEAD, metadata: { tags: ['a', 'b'] } }));
  resolved(await call(page, 'sale', { amount: 1200, customerExternalId: 'cus_hostile' }));

  expect(collector.tracked().map((post) => post.json)).toEqual([
    { ...LEAD, metadata: { tags: ['a', 'b'] }, clickId: CLICK },
    {
      amount: 1200,
      currency: 'usd',
      eventName: 'Purchase',
      paymentProcessor: 'custom',
      customerExternalId: 'cus_hostile',
      clickId: CLICK,
    },
  ]);
  expect(pageErrors.uncaught).toEqual([]);
});

for (const [name, markup] of [
  [
    '<form name="dubTrack"><input name="version"></form>',
    '<form name="dubTrack"><input name="version"><input name="q"></form>',
  ],
  ['two <a id="dubTrack">', '<a id="dubTrack" href="#a">a</a><a id="dubTrack" href="#b">b</a>'],
] as const) {
  test(`markup that clobbers window.dubTrack (${name}): the tracker replaces it, writes the cookie and delivers a lead`, async ({
    page,
    collector,
    context,
    pageErrors,
    site,
  }) => {
    const fixtures = { page, site, collector };
    await open(fixtures, { body: markup });

    const shape = await page.evaluate(() => {
      const tracker = (window as unknown as TestWindow).dubTrack;
      return { element: tracker instanceof Node, lead: typeof tracker.lead };
    });
    expect(shape).toEqual({ element: false, lead: 'function' });
    resolved(await call(page, 'lead', LEAD));

    expect(collector.tracked().map((post) => post.json)).toEqual([{ ...LEAD, clickId: CLICK }]);
    expect((await context.cookies()).find((cookie) => cookie.name === 'dub_id')?.value).toBe(CLICK);
    expect(pageErrors.uncaught).toEqual([]);
  });
}

test('markup that clobbers document.currentScript, head and createElement: the tag is still read and the engine loads', async ({
  page,
  collector,
  pageErrors,
  site,
}) => {
  const fixtures = { page, site, collector };
  await open(fixtures, {
    body: '<img name="currentScript" src="data:,"><img name="head"><img name="createElement">',
  });

  resolved(await call(page, 'lead', LEAD));

  // Delivered to data-api-host: the attributes were read from the real tag, not the image.
  expect(collector.tracked()).toHaveLength(1);
  expect(pageErrors.uncaught).toEqual([]);
});

test('a page that made window.dubTrack read-only: the tracker is at its mark and a ConfigError says so', async ({
  page,
  collector,
  pageErrors,
  site,
}) => {
  const fixtures = { page, site, collector };
  await open(fixtures, {
    attrs: { 'data-debug': true },
    pollute: () => Object.defineProperty(window, 'dubTrack', { value: { version: 'theirs' } }),
    wait: false,
  });
  const status = await page.evaluate(async (input) => {
    const marked = Symbol.for('dub-track');
    while (!(marked in window)) await new Promise((resolve) => setTimeout(resolve, 50));
    const tracker = (window as unknown as Record<symbol, TestWindow['dubTrack']>)[marked];
    return (await tracker.lead(input)).status;
  }, LEAD);

  expect(status).toBe(200);
  expect(collector.tracked()).toHaveLength(1);
  await expect
    .poll(async () => (await seen(page)).window.error.map((error) => error.message))
    .toContainEqual(expect.stringContaining('window.dubTrack is read-only'));
  expect(pageErrors.uncaught).toEqual([]);
});

test('a Prototype.js-style Array.prototype.toJSON: metadata arrives as the array the page meant', async ({
  page,
  collector,
  site,
}) => {
  const fixtures = { page, site, collector };
  await open(fixtures, {
    pollute: () => {
      Object.defineProperty(Array.prototype, 'toJSON', {
        value(this: unknown[]) {
          return this.join(', ');
        },
        writable: true,
        configurable: true,
      });
    },
  });

  resolved(
    await call(page, 'lead', { ...LEAD, metadata: { tags: ['a', 'b'], when: '2026-01-01' } }),
  );

  expect(collector.tracked()[0].body).toBe(
    JSON.stringify({
      eventName: LEAD.eventName,
      metadata: { tags: ['a', 'b'], when: '2026-01-01' },
      customerExternalId: LEAD.customerExternalId,
      clickId: CLICK,
    }),
  );
});

test('a Prototype.js-style Array.prototype.toJSON and an engine that fails to load: nothing bent is kept', async ({
  page,
  site,
  collector,
}) => {
  site.failPath(`/dist/${engineFile()}`);
  await open(
    { page, site, collector },
    {
      pollute: () => {
        Object.defineProperty(Array.prototype, 'toJSON', {
          value(this: unknown[]) {
            return this.join(', ');
          },
          writable: true,
          configurable: true,
        });
      },
    },
  );

  const outcome = rejected(await call(page, 'lead', { ...LEAD, metadata: { tags: ['a', 'b'] } }));

  // Kept, the call would have been stored as JSON.stringify writes it there: tags "a, b".
  expect(outcome.error).toMatchObject({ name: 'NetworkError', willRetry: false });
  expect(await outboxKeys(page)).toEqual([]);
  expect(collector.tracked()).toEqual([]);
});

test('a JSON.stringify replaced before the script: the call is a ConfigError and nothing is sent', async ({
  page,
  collector,
  pageErrors,
  site,
}) => {
  const fixtures = { page, site, collector };
  await open(fixtures, {
    pollute: () => {
      const original = JSON.stringify;
      // An old library's stringify that writes every string in single quotes.
      JSON.stringify = ((value: unknown, ...rest: []) =>
        typeof value === 'string' ? `'${value}'` : original(value, ...rest)) as typeof original;
    },
  });

  const outcome = rejected(await call(page, 'lead', LEAD));
  await settleDown(page);

  expect(outcome.error.name).toBe('ConfigError');
  expect(outcome.error.message).toContain('JSON.stringify');
  expect(collector.tracked()).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('a setter on Object.prototype: every call is a ConfigError naming it and nothing is sent', async ({
  page,
  collector,
  pageErrors,
  site,
}) => {
  const fixtures = { page, site, collector };
  await open(fixtures, {
    pollute: () => {
      Object.defineProperty(Object.prototype, 'eventName', { set() {}, configurable: true });
    },
  });

  const outcome = rejected(await call(page, 'lead', LEAD));
  await settleDown(page);

  expect(outcome.error.name).toBe('ConfigError');
  expect(outcome.error.message).toContain('"eventName"');
  expect(collector.tracked()).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('an invalid dub_id is quoted in debug mode as a short, encoded excerpt', async ({
  page,
  site,
  collector,
}) => {
  await page.addInitScript(instrument);
  site.page('/landing', html(scriptTag(site, collector, { defer: true, 'data-debug': true })));
  const hostile = `<img src=x onerror=alert(1)>${'\n'.repeat(3)}${'x'.repeat(5000)}`;
  await page.goto(`${site.url()}/landing?dub_id=${encodeURIComponent(hostile)}`);
  await waitForTracker(page);

  await expect
    .poll(async () => (await seen(page)).window.error.map((error) => error.message))
    .toContainEqual(expect.stringContaining('invalid dub_id ignored'));
  const message = (await seen(page)).window.error
    .map((error) => error.message)
    .find((text) => text.includes('invalid dub_id ignored')) as string;

  expect(message.length).toBeLessThan(200);
  expect(message).not.toMatch(/[<>\n]/);
  expect(message).toContain('%3Cimg');
});

test('the ES module: createTracker options with no endpoints or retry of their own, under a polluted prototype, deliver to apiHost', async ({
  page,
  site,
  collector,
  evil,
  pageErrors,
}) => {
  await page.addInitScript(instrument);
  await page.addInitScript((evilUrl) => {
    Object.defineProperty(Object.prototype, 'lead', { value: '/evil', writable: true });
    Object.defineProperty(Object.prototype, 'limit', { value: 'x', writable: true });
    Object.defineProperty(Object.prototype, 'apiHost', { value: evilUrl, writable: true });
    (Object.prototype as unknown as Record<string, number>).foo = 1;
  }, evil.url);
  site.page(
    '/app.js',
    `import { createTracker } from '/dist/index.js';
    window.tracker = createTracker({ apiHost: ${JSON.stringify(collector.url)}, endpoints: {}, retry: {} });`,
  );
  site.page('/checkout', html('<script type="module" src="/app.js"></script>'));
  await page.goto(`${site.url()}/checkout?dub_id=${CLICK}`);
  await page.waitForFunction(() => 'tracker' in window);

  const status = await page.evaluate(
    async (input) => (await (window as unknown as TestWindow).tracker?.lead(input))?.status,
    LEAD,
  );

  expect(status).toBe(200);
  expect(collector.tracked().map((post) => [post.path, post.json])).toEqual([
    ['/track/lead/client', { ...LEAD, clickId: CLICK }],
  ]);
  expect(evil.requests).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('the partner chunk reads its options by own properties: a polluted apiHost, queryParam or credentials changes nothing', async ({
  page,
  site,
  collector,
  evil,
  pageErrors,
}) => {
  collector.respond((record) =>
    record.path === '/track/click'
      ? { status: 200, body: { clickId: 'partner_click_1', partner: null, discount: null } }
      : undefined,
  );
  await page.addInitScript(instrument);
  await page.addInitScript((evilUrl) => {
    const values: Record<string, unknown> = {
      apiHost: evilUrl,
      queryParam: 'ref',
      credentials: 'include',
      mode: 'no-cors',
    };
    for (const [name, value] of Object.entries(values))
      Object.defineProperty(Object.prototype, name, { value, writable: true });
  }, evil.url);
  site.page(
    '/partner',
    html(scriptTag(site, collector, { defer: true, 'data-domains': { refer: 'refer.shop.test' } })),
  );
  await page.goto(`${site.url()}/partner?via=john&ref=evil`);
  await waitForTracker(page);

  await expect
    .poll(() => page.evaluate(() => (window as unknown as TestWindow).dubTrack.getClickId()), {
      timeout: 10_000,
    })
    .toBe('partner_click_1');
  const clicks = collector.tracked().filter((post) => post.path === '/track/click');
  expect(clicks.map((post) => post.json)).toMatchObject([
    { domain: 'refer.shop.test', key: 'john' },
  ]);
  expect(evil.requests).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('a polluted Object.prototype.domainsConfig or shortDomain loads no partner chunk and registers nothing', async ({
  page,
  site,
  collector,
  evil,
  pageErrors,
}) => {
  await page.addInitScript(instrument);
  await page.addInitScript(() => {
    for (const [name, value] of Object.entries({
      domainsConfig: { refer: 'refer.shop.test', site: 'site.shop.test' },
      shortDomain: 'go.shop.test',
    }))
      Object.defineProperty(Object.prototype, name, { value, writable: true });
  });
  site.page('/partner', html(scriptTag(site, collector, { defer: true })));
  await page.goto(`${site.url()}/partner?via=john`);
  await waitForTracker(page);

  resolved(await call(page, 'lead', LEAD));
  expect(await page.evaluate(() => !!document.querySelector('script[src*="partner"]'))).toBe(false);
  expect(collector.tracked().map((post) => post.path)).toEqual(['/track/lead/client']);
  expect(evil.requests).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});
