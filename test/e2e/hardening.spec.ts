// Issue 7 / SPEC §8, §9: hostile input is always a clear ValidationError and never a request;
// metadata cannot reach a prototype; consent holds everything in memory; the script runs under a
// strict CSP; and a page that breaks cookies, storage, fetch or history, includes the script twice
// or registers a throwing handler still gets its conversions delivered.
import type { BrowserContext, Page } from '@playwright/test';
import fc from 'fast-check';
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
  clickIdOf,
  engineFile,
  flush,
  type Kind,
  outboxKeys,
  type PageTracker,
  settleDown,
  type TestWindow,
} from './page.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** What a `callInPage` call settled with, as the page saw it. */
type Settled =
  | { sync: string }
  | { resolved: true; eventId: string; status: number }
  | { resolved: false; name: string; issues: number; isError: boolean; willRetry: boolean };

const SALE: [Kind, unknown] = [
  'sale',
  { amount: 1500, customerExternalId: 'cus_page', invoiceId: 'inv_page' },
];
const FAST_RETRY = { limit: 0, backoffLimitMs: 50, timeoutMs: 2000 };
const PROTO_METADATA = '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}}}';

const engineRequests = (site: Site) =>
  site.requests.filter((request) => request.path === `/dist/${engineFile()}`);
const storageOf = (page: Page) =>
  page.evaluate(() => ({
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    cookie: document.cookie,
  }));
const cookieNames = async (context: BrowserContext) =>
  (await context.cookies()).map((cookie) => `${cookie.name}=${cookie.value}`);
/** JSON with keys sorted at every level, so bodies compare whatever order their keys came in. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.keys(inner)
            .sort()
            .map((key) => [key, inner[key]]),
        )
      : inner,
  );

/**
 * Runs calls in the page one after the other. `cases` is JSON text (so `__proto__` keys stay own
 * keys); objects `{"$junk": name}` inside it become values JSON cannot carry (NaN, a symbol, a
 * function, …), built in the page. A call that throws instead of returning a promise is recorded.
 */
const callInPage = (page: Page, cases: [Kind, unknown][], target = 'dubTrack') =>
  page.evaluate(
    async ({ text, target }) => {
      const make = (name: string): unknown => {
        switch (name) {
          case 'NaN':
            return Number.NaN;
          case 'Infinity':
            return Number.POSITIVE_INFINITY;
          case '-Infinity':
            return Number.NEGATIVE_INFINITY;
          case 'undefined':
            return undefined;
          case 'symbol':
            return Symbol('junk');
          case 'bigint':
            return BigInt('12345678901234567890');
          case 'function':
            return () => 'junk';
          case 'class':
            return new (class Junk {
              field = 1;
            })();
          case 'date':
            return new Date(0);
          case 'map':
            return new Map([['a', 1]]);
          case 'cyclic': {
            const node: Record<string, unknown> = { a: 1 };
            node.self = node;
            return node;
          }
          case 'getter':
            return Object.defineProperty({}, 'plan', {
              enumerable: true,
              get() {
                throw new Error('a getter of the page threw');
              },
            });
          case 'huge':
            return 'x'.repeat(1_000_000);
          case 'bigMetadata':
            return { note: 'x'.repeat(10_000) };
          default:
            throw new Error(`unknown junk ${name}`);
        }
      };
      const revive = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(revive);
        if (!value || typeof value !== 'object') return value;
        if (Object.hasOwn(value, '$junk')) return make((value as { $junk: string }).$junk);
        const out = {};
        for (const [key, inner] of Object.entries(value)) {
          Object.defineProperty(out, key, {
            value: revive(inner),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return out;
      };
      const tracker = (window as unknown as Record<string, Record<Kind, (i: unknown) => unknown>>)[
        target
      ];
      const outcomes: unknown[] = [];
      for (const [kind, raw] of JSON.parse(text) as [Kind, unknown][]) {
        let promise: Promise<{ eventId: string; status: number }>;
        try {
          promise = tracker[kind](revive(raw)) as typeof promise;
        } catch (error) {
          outcomes.push({ sync: String(error) });
          continue;
        }
        outcomes.push(
          await promise.then(
            ({ eventId, status }) => ({ resolved: true, eventId, status }),
            (error) => ({
              resolved: false,
              name: error?.name,
              issues: Array.isArray(error?.issues) ? error.issues.length : -1,
              isError: error instanceof Error,
              willRetry: error?.willRetry,
            }),
          ),
        );
      }
      return outcomes as Settled[];
    },
    { text: JSON.stringify(cases), target },
  );

/** A page with the tag (and `head` before it), opened on www.shop.test with `query`. */
const open = async (
  page: Page,
  site: Site,
  collector: Collector,
  {
    attrs = {},
    query = '',
    head = '',
  }: { attrs?: ScriptAttrs; query?: string; head?: string } = {},
) => {
  site.page('/', html(head + scriptTag(site, collector, attrs)));
  await page.goto(`${site.url('www.shop.test')}/${query}`);
  await waitForTracker(page);
};

// ---- generated inputs -----------------------------------------------------------------------

const junk = (name: string) => ({ $junk: name });
const NOT_JSON = [
  'NaN',
  'Infinity',
  '-Infinity',
  'symbol',
  'bigint',
  'function',
  'class',
  'date',
  'map',
  'cyclic',
  'getter',
];
// `null` is not here: for an optional field it means "not given", as for Dub.
const notString = fc.oneof(
  fc.constantFrom(...NOT_JSON.map(junk)),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);
const badTrimmed = (max: number) =>
  fc.oneof(notString, fc.constantFrom('', '   ', '\n\t', 'é'.repeat(max + 1), junk('huge')));
const BASE: Record<Kind, Record<string, Json>> = {
  lead: { eventName: 'Sign up', customerExternalId: 'cus_1' },
  sale: { amount: 1999, customerExternalId: 'cus_1', invoiceId: 'inv_1' },
  customer: { customerExternalId: 'cus_1' },
};
const CUSTOMER_BAD = {
  customerExternalId: badTrimmed(100),
  customerName: fc.oneof(notString, fc.constant('n'.repeat(101))),
  customerEmail: fc.oneof(notString, fc.constantFrom('nope', 'a@b', 'a b@c.com', '')),
  // Any string is an avatar (a URL or base64 data, as Dub takes).
  customerAvatar: notString,
};
// Values whose JSON is no object (or cannot be made); `{plan: NaN}` or a Date inside are fine,
// sent as their JSON (null, an ISO string), as Dub receives them.
const METADATA_BAD = fc.oneof(
  fc.constantFrom<unknown>(
    [],
    'plan=pro',
    7,
    junk('date'),
    junk('cyclic'),
    junk('bigMetadata'),
    { plan: [junk('bigint')] },
    junk('getter'),
  ),
);
const BAD: Record<Kind, Record<string, fc.Arbitrary<unknown>>> = {
  lead: {
    eventName: badTrimmed(255),
    clickId: notString,
    mode: fc.oneof(notString, fc.constantFrom('sync', 'ASYNC')),
    eventQuantity: fc.constantFrom<unknown>(
      0,
      101,
      1.5,
      -1,
      '3',
      junk('NaN'),
      junk('Infinity'),
      junk('bigint'),
    ),
    metadata: METADATA_BAD,
    ...CUSTOMER_BAD,
  },
  sale: {
    amount: fc.oneof(
      fc.constantFrom<unknown>(-1, 0.5, 19.99, 2 ** 53, 1e300, '1999', null, junk('undefined')),
      fc.constantFrom(
        junk('NaN'),
        junk('Infinity'),
        junk('-Infinity'),
        junk('bigint'),
        junk('symbol'),
      ),
      fc.integer({ max: -1 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
    ),
    currency: fc.oneof(notString, fc.constantFrom('us', 'usdd', '€€€', '123', '')),
    paymentProcessor: fc.oneof(notString, fc.constantFrom('Stripe', 'paypal', '', 'lemonsqueezy')),
    invoiceId: notString,
    clickId: notString,
    metadata: METADATA_BAD,
    ...CUSTOMER_BAD,
  },
  customer: CUSTOMER_BAD,
};
const FIELDS: Record<Kind, string[]> = {
  lead: ['eventName', 'clickId', 'mode', 'eventQuantity', 'metadata'],
  sale: [
    'amount',
    'currency',
    'eventName',
    'paymentProcessor',
    'invoiceId',
    'leadEventName',
    'clickId',
    'metadata',
  ],
  customer: [],
};
const ID_NAMES = [
  'customerExternalId',
  'customerId',
  'externalId',
  'customerName',
  'customerEmail',
  'customerAvatar',
];

const junkCall: fc.Arbitrary<[Kind, unknown]> = fc
  .constantFrom<Kind>('lead', 'sale', 'customer')
  .chain((kind) =>
    fc.oneof(
      // Not an object at all.
      fc
        .oneof(notString, fc.constant(junk('undefined')), fc.constant(junk('huge')))
        .map((input) => [kind, input] as [Kind, unknown]),
      // One field broken.
      fc
        .constantFrom(...Object.keys(BAD[kind]))
        .chain((field) =>
          BAD[kind][field].map((bad) => [kind, { ...BASE[kind], [field]: bad }] as [Kind, unknown]),
        ),
      // A key the call does not have.
      fc
        .tuple(
          fc.oneof(
            fc.constantFrom('ammount', 'email', '__proto__', 'constructor', 'toString'),
            fc.string(),
          ),
          fc.oneof(notString, fc.string()),
        )
        .filter(([key]) => !FIELDS[kind].includes(key) && !ID_NAMES.includes(key))
        .map(([key, value]) => {
          const input: Record<string, unknown> = { ...BASE[kind] };
          Object.defineProperty(input, key, {
            value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
          return [kind, input] as [Kind, unknown];
        }),
      // A required field left out, or the customer id given under two names.
      fc
        .constantFrom(...Object.keys(BASE[kind]).filter((key) => key !== 'invoiceId'))
        .map((missing) => {
          const { [missing]: _left, ...rest } = BASE[kind];
          return [kind, rest] as [Kind, unknown];
        }),
      fc.constant([kind, { ...BASE[kind], customerId: 'cus_2' }] as [Kind, unknown]),
    ),
  );

/** Padding the schemas trim, around a core that starts and ends with something else. */
const padded = (max: number) =>
  fc
    .tuple(
      fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u00a0'), maxLength: 2 }),
      fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
        .filter((core) => core.trim() === core && core.length > 0 && core.length <= max),
      fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u00a0'), maxLength: 2 }),
    )
    .map(([before, core, after]) => ({ input: before + core + after, sent: core }));
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const clickIdArb = fc.string({ unit: fc.constantFrom(...'aZ09_-'), minLength: 1, maxLength: 40 });
const metadataArb = fc.dictionary(
  fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'plan'), fc.string()),
  fc.jsonValue({ maxDepth: 3 }),
  { maxKeys: 5 },
);

/** Who a generated call is about; the id under one of its three names. */
interface Person {
  idName: string;
  id: { input: string; sent: string };
  customerName?: string;
  customerEmail?: string;
  customerAvatar?: string;
}

/** A valid call as the page passes it, and the body Dub must receive on a page landed with `captured`. */
const validCall = (
  captured: string,
): fc.Arbitrary<{ kind: Kind; input: string; expected: unknown }> => {
  const customer: fc.Arbitrary<Person> = fc.record({
    idName: fc.constantFrom('customerExternalId', 'customerId', 'externalId'),
    id: padded(100),
    customerName: maybe(fc.string({ unit: 'grapheme', maxLength: 20 })),
    customerEmail: maybe(fc.constantFrom('ada@example.com', 'a.b+c@mail-x.example.org')),
    customerAvatar: maybe(fc.constantFrom('https://cdn.example/a.png', 'http://x.example/b?c=1')),
  });
  const build = (
    kind: Kind,
    fields: Record<string, { input: unknown; sent: unknown } | undefined>,
    person: Person,
    defaults: Record<string, unknown>,
  ) => {
    const input: Record<string, unknown> = {};
    const expected: Record<string, unknown> = { ...defaults };
    input[person.idName] = person.id.input;
    expected.customerExternalId = person.id.sent;
    for (const name of ['customerName', 'customerEmail', 'customerAvatar'] as const) {
      if (person[name] !== undefined) input[name] = expected[name] = person[name];
    }
    for (const [name, field] of Object.entries(fields)) {
      if (field === undefined) continue;
      input[name] = field.input;
      expected[name] = field.sent;
    }
    // JSON text, so that metadata's `__proto__` keys reach the page as own keys.
    return { kind, input: JSON.stringify(input), expected };
  };
  const same = <T>(arbitrary: fc.Arbitrary<T>) =>
    maybe(arbitrary.map((value) => ({ input: value, sent: value })));
  const metadata = maybe(
    metadataArb.map((value) => ({ input: value, sent: JSON.parse(JSON.stringify(value)) })),
  );
  return fc.oneof(
    fc
      .record({
        customer,
        eventName: padded(255),
        clickId: same(clickIdArb),
        mode: same(fc.constantFrom('async', 'wait', 'deferred')),
        eventQuantity: same(fc.integer({ min: 1, max: 100 })),
        metadata,
      })
      .map(({ customer: c, ...fields }) => build('lead', fields, c, { clickId: captured })),
    fc
      .record({
        customer,
        amount: same(fc.maxSafeNat()).map((amount) => amount ?? { input: 0, sent: 0 }),
        currency: maybe(
          fc
            .string({ unit: fc.constantFrom(...'abcXYZ'), minLength: 3, maxLength: 3 })
            .map((code) => ({ input: code, sent: code.toLowerCase() })),
        ),
        // Sent exactly as given: Dub does not trim them.
        eventName: same(fc.string({ maxLength: 30 })),
        paymentProcessor: same(fc.constantFrom('stripe', 'shopify', 'dub', 'custom')),
        invoiceId: maybe(padded(255).map(({ input }) => ({ input, sent: input }))),
        leadEventName: maybe(padded(255).map(({ input }) => ({ input, sent: input }))),
        clickId: same(clickIdArb),
        metadata,
      })
      .map(({ customer: c, ...fields }) =>
        build('sale', fields, c, {
          clickId: captured,
          currency: 'usd',
          eventName: 'Purchase',
          paymentProcessor: 'custom',
        }),
      ),
    customer.map((c) => build('customer', {}, c, {})),
  );
};

/** A new fast-check seed for this run, noted in the report so that a failure can be replayed. */
const freshSeed = () => {
  const seed = Date.now() ^ (Math.random() * 2 ** 31);
  test.info().annotations.push({ type: 'fast-check seed', description: String(seed) });
  return seed;
};

// ---- hostile input --------------------------------------------------------------------------

test('junk passed to lead, sale and customer rejects with ValidationError and sends nothing', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  const seed = freshSeed();
  // Every kind of junk that JSON cannot carry, in every run, then a random sample of the rest.
  const cases: [Kind, unknown][] = [
    ...NOT_JSON.map((name): [Kind, unknown] => ['sale', junk(name)]),
    ...NOT_JSON.map((name): [Kind, unknown] => ['sale', { ...BASE.sale, amount: junk(name) }]),
    ...['bigint', 'cyclic', 'getter'].map((name): [Kind, unknown] => [
      'lead',
      { ...BASE.lead, metadata: { plan: junk(name) } },
    ]),
    ['customer', junk('undefined')],
    ['lead', { ...BASE.lead, eventName: junk('huge') }],
    ...fc.sample(junkCall, { numRuns: 50, seed }),
  ];
  await open(page, site, collector, { query: '?dub_id=junk_1' });

  const outcomes = await callInPage(page, cases);
  for (const [index, outcome] of outcomes.entries()) {
    expect(outcome, `seed ${seed}, case ${index}: ${JSON.stringify(cases[index])}`).toEqual({
      resolved: false,
      name: 'ValidationError',
      issues: expect.any(Number),
      isError: true,
      willRetry: false,
    });
    expect((outcome as { issues: number }).issues).toBeGreaterThan(0);
  }
  expect(outcomes).toHaveLength(cases.length);
  await settleDown(page);
  expect(collector.requests).toEqual([]);
  expect(await outboxKeys(page)).toEqual([]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('valid calls of every shape reach the collector exactly as normalized', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  const seed = freshSeed();
  const calls = fc.sample(validCall('valid_1'), { numRuns: 20, seed });
  await open(page, site, collector, { query: '?dub_id=valid_1' });

  const outcomes = await page.evaluate(
    async (calls) => {
      const tracker = (
        window as unknown as {
          dubTrack: Record<Kind, (input: unknown) => Promise<{ eventId: string; status: number }>>;
        }
      ).dubTrack;
      const results = [];
      for (const { kind, input } of calls) {
        results.push(
          await tracker[kind](JSON.parse(input)).then(
            ({ eventId, status }) => ({ eventId, status }),
            (error) => ({ error: `${error.name}: ${error.message}` }),
          ),
        );
      }
      return results;
    },
    calls.map(({ kind, input }) => ({ kind, input })),
  );

  const received = new Map(
    collector.tracked().map((record) => [record.headers['idempotency-key'], record]),
  );
  expect(collector.tracked()).toHaveLength(calls.length);
  for (const [index, outcome] of outcomes.entries()) {
    const call = calls[index];
    const message = `seed ${seed}, ${call.kind} ${call.input}`;
    expect(outcome, message).toEqual({ eventId: expect.any(String), status: 200 });
    const record = received.get((outcome as { eventId: string }).eventId);
    expect(record?.path, message).toBe(
      { lead: '/track/lead/client', sale: '/track/sale/client', customer: '/track/customer' }[
        call.kind
      ],
    );
    expect(canonical(JSON.parse(record?.body ?? 'null')), message).toBe(canonical(call.expected));
  }
  expect(pageErrors.uncaught).toEqual([]);
});

// ---- prototype safety -----------------------------------------------------------------------

const saleWithProtoMetadata = (page: Page) =>
  page.evaluate((text) => {
    const metadata = JSON.parse(text);
    return (window as unknown as { dubTrack: { sale(input: object): Promise<unknown> } }).dubTrack
      .sale({ customerExternalId: 'cus_1', amount: 500, invoiceId: 'inv_proto', metadata })
      .then(
        () => ({ ok: true, name: '' }),
        (error) => ({ ok: false, name: error.name as string }),
      );
  }, PROTO_METADATA);
const pollution = (page: Page) =>
  page.evaluate(() => ({
    plain: ({} as Record<string, unknown>).polluted,
    prototypes: [Object.prototype, Function.prototype, Array.prototype].some((proto) =>
      Object.getOwnPropertyNames(proto).includes('polluted'),
    ),
  }));
const CLEAN = { prototypes: false };

test('a sale whose metadata holds __proto__ and constructor.prototype pollutes nothing and is sent as data', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  await open(page, site, collector, { query: '?dub_id=proto_1' });
  expect(await saleWithProtoMetadata(page)).toEqual({ ok: true, name: '' });
  expect(await pollution(page)).toEqual(CLEAN);

  const [record] = collector.tracked();
  expect(record.body).toContain(`"metadata":${PROTO_METADATA}`);
  expect(Object.hasOwn((record.json as { metadata: object }).metadata, '__proto__')).toBe(true);
  expect(pageErrors.uncaught).toEqual([]);
});

for (const [failure, breakIt] of [
  [
    'the endpoint answers 503',
    (_site: Site, collector: Collector) => void collector.failNext(1, { status: 503 }),
  ],
  ['the engine fails to load', (site: Site) => site.failPath(`/dist/${engineFile()}`, 503)],
] as const) {
  test(`that sale, kept because ${failure}, replays after a reload and still pollutes nothing`, async ({
    page,
    site,
    collector,
    pageErrors,
  }) => {
    const attrs = { 'data-retry': FAST_RETRY };
    (breakIt as (site: Site, collector: Collector) => void)(site, collector);
    await open(page, site, collector, { attrs, query: '?dub_id=proto_2' });
    expect((await saleWithProtoMetadata(page)).ok).toBe(false);
    expect(await pollution(page)).toEqual(CLEAN);
    const kept = await page.evaluate(() =>
      Object.keys(localStorage)
        .filter((key) => key.startsWith('dub_track_event.v2:'))
        .map((key) => localStorage.getItem(key) ?? ''),
    );
    expect(kept).toHaveLength(1);
    // Kept as JSON text: the validated body (a string inside), or the raw call when the engine is missing.
    expect(kept[0].replaceAll('\\"', '"')).toContain(PROTO_METADATA);

    site.reset();
    await open(page, site, collector, { attrs });
    const sent = failure.includes('503') ? 2 : 1;
    const records = await collector.waitForTracked(sent, 10_000);
    expect(records).toHaveLength(sent);
    const replayed = records[sent - 1];
    expect(replayed.answer).toEqual({ status: 200 });
    expect(replayed.body).toContain(`"metadata":${PROTO_METADATA}`);
    expect(replayed.json).toMatchObject({ clickId: 'proto_2', invoiceId: 'inv_proto' });
    await expect.poll(() => outboxKeys(page)).toEqual([]);
    expect(await pollution(page)).toEqual(CLEAN);
    expect(pageErrors.uncaught).toEqual([]);
  });
}

// ---- consent (SPEC §8) ----------------------------------------------------------------------

type Held = { settled: boolean; outcome?: { ok: boolean; name?: string; status?: number } };
type ConsentWindow = TestWindow & { __held: Held };

/** Calls lead without waiting: the promise is kept in the page, its outcome recorded when it settles. */
const leadHeld = (page: Page, target: 'dubTrack' | 'tracker') =>
  page.evaluate((target) => {
    const w = window as unknown as ConsentWindow;
    w.__held = { settled: false };
    (w[target] as PageTracker)
      .lead({ eventName: 'Sign up', customerExternalId: 'cus_consent' })
      .then(
        (result) => ({ ok: true, status: result.status }),
        (error) => ({ ok: false, name: error.name }),
      )
      .then((outcome) => {
        w.__held = { settled: true, outcome };
      });
  }, target);
const held = (page: Page) => page.evaluate(() => (window as unknown as ConsentWindow).__held);
const consent = (page: Page, granted: boolean, target: 'dubTrack' | 'tracker' = 'dubTrack') =>
  page.evaluate(
    ({ granted, target }) => (window as unknown as TestWindow)[target]?.consent(granted),
    { granted, target },
  );
/** The engine (script chunk or module chunk) has loaded and taken the call. */
const engineLoaded = async (page: Page, site: Site) => {
  await expect
    .poll(() =>
      site.requests.some((request) => /\/dub-track\.engine\.|\/chunks\/engine-/.test(request.path)),
    )
    .toBe(true);
  await settleDown(page);
};
const nothingStored = { local: [], session: [], cookie: '' };

/** The ES module way in: `createTracker({consent: 'pending'})` from dist/index.js. */
const openModulePage = async (page: Page, site: Site, collector: Collector, query: string) => {
  const options = { apiHost: collector.url, consent: 'pending', retry: FAST_RETRY };
  site.page(
    '/',
    html(
      `<script type="module">import { createTracker } from '/dist/index.js'; window.tracker = createTracker(${JSON.stringify(options)});</script>`,
    ),
  );
  await page.goto(`${site.url('www.shop.test')}/${query}`);
  await page.waitForFunction(() => 'tracker' in window);
};

// The script tag's data-consent="pending" is checked in every engine (test/browsers/hardening.test.ts).
for (const way of ["ES module consent: 'pending'"] as const) {
  const target = way.startsWith('ES') ? 'tracker' : 'dubTrack';
  const land = (page: Page, site: Site, collector: Collector, query: string) =>
    target === 'tracker'
      ? openModulePage(page, site, collector, query)
      : open(page, site, collector, {
          attrs: { 'data-consent': 'pending', 'data-retry': FAST_RETRY },
          query,
        });

  test(`with ${way}, a lead waits in memory until consent(true), then the cookie is written and the lead sent`, async ({
    page,
    context,
    site,
    collector,
    pageErrors,
  }) => {
    await land(page, site, collector, '?dub_id=consent_1');
    await leadHeld(page, target);
    await engineLoaded(page, site);

    expect(await clickIdOf(page, target)).toBe('consent_1');
    expect(await held(page)).toEqual({ settled: false });
    expect(await storageOf(page)).toEqual(nothingStored);
    expect(await cookieNames(context)).toEqual([]);
    expect(collector.requests).toEqual([]);

    await consent(page, true, target);
    await expect
      .poll(() => held(page))
      .toEqual({ settled: true, outcome: { ok: true, status: 200 } });
    const [lead] = collector.tracked();
    expect(collector.tracked()).toHaveLength(1);
    expect(lead.json).toEqual({
      eventName: 'Sign up',
      customerExternalId: 'cus_consent',
      clickId: 'consent_1',
    });
    expect(await cookieNames(context)).toEqual(['dub_id=consent_1']);
    // The mirror also remembers the cookie's domain, for the next page.
    expect(await page.evaluate(() => localStorage.getItem('dub_id'))).toMatch(
      /^consent_1 \d+ shop\.test$/,
    );
    await expect.poll(() => outboxKeys(page)).toEqual([]);
    expect(pageErrors.uncaught).toEqual([]);
  });

  test(`with ${way}, consent(false) forgets the click and the held lead and refuses later calls`, async ({
    page,
    context,
    site,
    collector,
    pageErrors,
  }) => {
    await land(page, site, collector, '?dub_id=consent_2');
    await leadHeld(page, target);
    await engineLoaded(page, site);
    expect(await held(page)).toEqual({ settled: false });

    await consent(page, false, target);
    await expect
      .poll(() => held(page))
      .toEqual({ settled: true, outcome: { ok: false, name: 'ConfigError' } });
    expect(await clickIdOf(page, target)).toBeNull();
    const later = await callInPage(
      page,
      [
        ['lead', { eventName: 'Sign up', customerExternalId: 'cus_consent' }],
        ['sale', { amount: 100, customerExternalId: 'cus_consent' }],
        ['customer', { customerExternalId: 'cus_consent' }],
      ],
      target,
    );
    expect(later.map((outcome) => (outcome as { name?: string }).name)).toEqual([
      'ConfigError',
      'ConfigError',
      'ConfigError',
    ]);
    await settleDown(page);
    expect(collector.requests).toEqual([]);
    expect(await storageOf(page)).toEqual(nothingStored);
    expect(await cookieNames(context)).toEqual([]);
    expect(pageErrors.uncaught).toEqual([]);
  });
}

test('consent(false) after consent was granted removes the cookie, the mirror and waiting events', async ({
  page,
  context,
  site,
  collector,
  pageErrors,
}) => {
  collector.failNext(1, { status: 503 });
  await open(page, site, collector, {
    attrs: { 'data-retry': FAST_RETRY },
    query: '?dub_id=consent_3',
  });
  const [failed] = await callInPage(page, [['sale', { amount: 100, customerExternalId: 'cus_1' }]]);
  expect(failed).toMatchObject({ resolved: false, willRetry: true });
  expect(await cookieNames(context)).toEqual(['dub_id=consent_3']);
  expect(await outboxKeys(page)).toHaveLength(1);

  await consent(page, false);
  await expect.poll(() => storageOf(page)).toEqual(nothingStored);
  expect(await cookieNames(context)).toEqual([]);
  expect(await clickIdOf(page)).toBeNull();
  await flush(page);
  await settleDown(page);
  expect(collector.tracked()).toHaveLength(1);
  expect(pageErrors.uncaught).toEqual([]);
});

test('consent(false) on a later page, before the engine has loaded, removes events an earlier page left', async ({
  page,
  context,
  site,
  collector,
  pageErrors,
}) => {
  collector.failNext(1, { status: 503 });
  await open(page, site, collector, {
    attrs: { 'data-retry': FAST_RETRY },
    query: '?dub_id=consent_4',
  });
  expect(await callInPage(page, [SALE])).toEqual([expect.objectContaining({ willRetry: true })]);
  expect(await outboxKeys(page)).toHaveLength(1);

  // The next page waits for the banner; the visitor refuses before any call loads the engine.
  site.reset();
  await open(page, site, collector, { attrs: { 'data-consent': 'pending' } });
  await consent(page, false);
  await settleDown(page);
  expect(engineRequests(site)).toEqual([]);
  expect(await storageOf(page)).toEqual(nothingStored);
  expect(await cookieNames(context)).toEqual([]);
  expect(collector.tracked()).toHaveLength(1);
  expect(pageErrors.uncaught).toEqual([]);
});

// ---- strict CSP and Trusted Types ------------------------------------------------------------
// A sale under a strict CSP (three script-src forms), and under Trusted Types that allow or refuse
// the policy name, run in every engine: test/browsers/hardening.test.ts. Here: what needs the
// page to make Trusted Types policies of its own.

/** Whether the page still takes a plain string as a script URL (it does not under enforcement). */
const takesPlainScriptUrl = (page: Page) =>
  page.evaluate(() => {
    try {
      document.createElement('script').src = '/not-loaded.js';
      return true;
    } catch {
      return false;
    }
  });

/** Serves the tag (and `head` before it) under `trustedTypes`, with a strict CSP, and opens it. */
const openUnderTrustedTypes = async (
  page: Page,
  site: Site,
  collector: Collector,
  trustedTypes: string,
  head = '',
) => {
  const policy = `default-src 'none'; script-src 'self'; connect-src ${collector.url}; require-trusted-types-for 'script'; trusted-types ${trustedTypes}`;
  site.page('/', html(head + scriptTag(site, collector, { 'data-publishable-key': 'dub_pk_tt' })), {
    headers: { 'Content-Security-Policy': policy },
  });
  await page.goto(`${site.url('www.shop.test')}/?dub_id=tt_1`);
  await waitForTracker(page);
  expect(await takesPlainScriptUrl(page)).toBe(false);
};

test("under Trusted Types with the site's own default policy, a sale is delivered through it", async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  // The site's default policy passes only its own dist/ files, and counts what it passed.
  site.page(
    '/default-policy.js',
    `window.__passed = [];
trustedTypes.createPolicy('default', {
  createScriptURL: (url) => {
    if (!new URL(url, location.href).pathname.startsWith('/dist/')) throw new TypeError('refused');
    window.__passed.push(url);
    return url;
  },
});`,
  );
  await openUnderTrustedTypes(
    page,
    site,
    collector,
    'default',
    '<script src="/default-policy.js"></script>',
  );

  const [outcome] = await callInPage(page, [SALE]);
  expect(outcome).toMatchObject({ resolved: true, status: 200 });
  expect(collector.tracked()).toHaveLength(1);
  expect(await page.evaluate(() => (window as unknown as { __passed: string[] }).__passed)).toEqual(
    [`${site.url('www.shop.test')}/dist/${engineFile()}`],
  );
  expect(pageErrors.uncaught).toEqual([]);
});

test('under Trusted Types, an engine that failed to load once loads on the next call: the policy is made once and reused', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  await openUnderTrustedTypes(page, site, collector, 'dub-track');
  site.failPath(`/dist/${engineFile()}`, 404);
  const [failed] = await callInPage(page, [SALE]);
  expect(failed).toMatchObject({ resolved: false, name: 'NetworkError', willRetry: true });

  site.reset();
  const [delivered] = await callInPage(page, [
    ['sale', { amount: 2500, customerExternalId: 'cus_page', invoiceId: 'inv_second' }],
  ]);
  expect(delivered).toMatchObject({ resolved: true, status: 200 });
  // The sale kept by the failed load is replayed by the engine too.
  await collector.waitForTracked(2);
  expect(
    collector
      .tracked()
      .map((record) => (record.json as { invoiceId: string }).invoiceId)
      .sort(),
  ).toEqual(['inv_page', 'inv_second']);
  expect(pageErrors.uncaught).toEqual([]);
});

// ---- the page itself fails ------------------------------------------------------------------

test('with cookies disabled the tracker still loads, keeps the click in memory and delivers', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  await page.addInitScript(() => {
    const blocked = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      get: blocked,
      set: blocked,
    });
  });
  await open(page, site, collector, { query: '?dub_id=nocookie_1' });
  expect(await clickIdOf(page)).toBe('nocookie_1');
  const [outcome] = await callInPage(page, [SALE]);
  expect(outcome).toMatchObject({ resolved: true, status: 200 });
  expect(collector.tracked().map((record) => record.json)).toEqual([
    expect.objectContaining({ invoiceId: 'inv_page', clickId: 'nocookie_1' }),
  ]);
  expect(pageErrors.uncaught).toEqual([]);
});

for (const [how, breakStorage] of [
  [
    'every Storage method throws',
    () => {
      for (const method of ['getItem', 'setItem', 'removeItem', 'key', 'clear'] as const) {
        Storage.prototype[method] = () => {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
      }
    },
  ],
  [
    'reading window.localStorage throws',
    () => {
      const blocked = {
        configurable: true,
        get() {
          throw new DOMException('Access is denied for this document.', 'SecurityError');
        },
      };
      Object.defineProperty(window, 'localStorage', blocked);
      Object.defineProperty(Window.prototype, 'localStorage', blocked);
    },
  ],
] as const) {
  test(`when ${how}, the tracker still captures the click and delivers`, async ({
    page,
    site,
    collector,
    pageErrors,
  }) => {
    await page.addInitScript(breakStorage);
    await open(page, site, collector, { query: '?dub_id=nostorage_1' });
    expect(await clickIdOf(page)).toBe('nostorage_1');
    const outcomes = await callInPage(page, [
      SALE,
      ['lead', { eventName: 'Sign up', customerExternalId: 'cus_page' }],
    ]);
    expect(outcomes).toEqual([
      expect.objectContaining({ resolved: true, status: 200 }),
      expect.objectContaining({ resolved: true, status: 200 }),
    ]);
    expect(
      collector.tracked().map((record) => (record.json as { clickId: string }).clickId),
    ).toEqual(['nostorage_1', 'nostorage_1']);
    expect(pageErrors.uncaught).toEqual([]);
  });
}

test('a fetch wrapped by another script carries the conversions', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __fetchCalls: string[] };
    w.__fetchCalls = [];
    const original = window.fetch;
    window.fetch = function (this: unknown, ...args: Parameters<typeof fetch>) {
      const [input] = args;
      w.__fetchCalls.push(input instanceof Request ? input.url : String(input));
      return original.apply(this, args);
    };
  });
  await open(page, site, collector, { query: '?dub_id=fetch_1' });
  const outcomes = await callInPage(page, [SALE, SALE]);
  expect(outcomes.map((outcome) => (outcome as { status?: number }).status)).toEqual([200, 200]);
  expect(collector.tracked()).toHaveLength(2);
  expect(
    await page.evaluate(() => (window as unknown as { __fetchCalls: string[] }).__fetchCalls),
  ).toEqual([`${collector.url}/track/sale/client`, `${collector.url}/track/sale/client`]);
  expect(pageErrors.uncaught).toEqual([]);
});

test("history.pushState wrapped by a router before the tracker: both wrappers run and the router's result is kept", async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __routes: string[] };
    w.__routes = [];
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method];
      history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
        original.apply(this, args);
        w.__routes.push(`${method} ${location.pathname}${location.search}`);
        return `router:${method}` as unknown as undefined;
      };
    }
  });
  await open(page, site, collector);
  expect(await clickIdOf(page)).toBeNull();

  const results = await page.evaluate(() => [
    history.pushState({}, '', '/pricing?dub_id=spa_1'),
    (window as unknown as TestWindow).dubTrack.getClickId(),
    history.replaceState({}, '', '/pricing?dub_id=spa_2'),
    (window as unknown as TestWindow).dubTrack.getClickId(),
    (window as unknown as { __routes: string[] }).__routes,
  ]);
  expect(results).toEqual([
    'router:pushState',
    'spa_1',
    'router:replaceState',
    'spa_2',
    ['pushState /pricing?dub_id=spa_1', 'replaceState /pricing?dub_id=spa_2'],
  ]);
  expect(pageErrors.uncaught).toEqual([]);
});

test('the script included twice keeps the first tracker, its queue and its handlers', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  // The snippet of SPEC §5 queues a lead and a handler before either tag has run.
  const snippet = `<script>
!function(w,n){var t=w[n]=w[n]||{q:[]};["lead","sale","customer"].forEach(function(m){t[m]=t[m]||function(){var a=arguments;return new Promise(function(s,j){t.q.push([m,a,s,j])})}});t.on=t.on||function(){t.q.push(["on",arguments])}}(window,"dubTrack");
window.__successes = [];
window.__queued = dubTrack.lead({ eventName: 'Sign up', customerExternalId: 'cus_twice' });
dubTrack.on('success', function (detail) { window.__successes.push(detail.kind); });
</script>`;
  const first = scriptTag(site, collector);
  const keepFirst = '<script>window.__first = window.dubTrack;</script>';
  // The second tag points elsewhere: were it to take over, requests would go to the site itself.
  const second = scriptTag(site, collector, { 'data-api-host': site.url('www.shop.test') });
  site.page('/', html(snippet + first + keepFirst + second));
  await page.goto(`${site.url('www.shop.test')}/?dub_id=twice_1`);
  await waitForTracker(page);

  const state = await page.evaluate(async () => {
    const w = window as unknown as Record<string, unknown> & { dubTrack: { q?: unknown } };
    const queued = (await (w.__queued as Promise<{ status: number }>)).status;
    return { same: w.dubTrack === w.__first, queue: 'q' in w.dubTrack, queued };
  });
  expect(state).toEqual({ same: true, queue: false, queued: 200 });

  // Included once more, later, by a tag manager.
  await page.evaluate(
    (src) =>
      new Promise((resolve) => {
        const script = document.createElement('script');
        script.src = src;
        script.onload = resolve;
        document.head.append(script);
      }),
    `/dist/dub-track.js`,
  );
  const outcomes = await callInPage(page, [SALE, SALE]);
  expect(outcomes.map((outcome) => (outcome as { status?: number }).status)).toEqual([200, 200]);
  expect(
    await page.evaluate(
      () =>
        (window as unknown as Record<string, unknown>).dubTrack ===
        (window as unknown as Record<string, unknown>).__first,
    ),
  ).toBe(true);

  expect(collector.tracked().map((record) => record.path)).toEqual([
    '/track/lead/client',
    '/track/sale/client',
    '/track/sale/client',
  ]);
  expect(
    await page.evaluate(() => (window as unknown as { __successes: string[] }).__successes),
  ).toEqual(['lead', 'sale', 'sale']);
  expect(site.requests.filter((request) => request.path.startsWith('/track/'))).toEqual([]);
  expect(site.requests.filter((request) => request.path === '/dist/dub-track.js')).toHaveLength(3);
  expect(engineRequests(site)).toHaveLength(1);
  expect(pageErrors.uncaught).toEqual([]);
});

test('handlers that throw break neither delivery nor the handlers after them', async ({
  page,
  site,
  collector,
  pageErrors,
}) => {
  await open(page, site, collector, {
    attrs: { 'data-retry': FAST_RETRY },
    query: '?dub_id=handler_1',
  });
  await page.evaluate(() => {
    const w = window as unknown as {
      dubTrack: { on(type: string, handler: (detail: { kind: string }) => void): void };
      __seen: string[];
    };
    w.__seen = [];
    for (const type of ['success', 'error', 'retry']) {
      w.dubTrack.on(type, () => {
        throw new Error(`a ${type} handler of the site broke`);
      });
      w.dubTrack.on(type, (detail) => w.__seen.push(`${type} ${detail.kind}`));
    }
  });
  collector.failNext(1, { status: 400 });
  const outcomes = await callInPage(page, [SALE, SALE]);
  expect(outcomes).toEqual([
    expect.objectContaining({ resolved: false, name: 'BadRequest' }),
    expect.objectContaining({ resolved: true, status: 200 }),
  ]);
  expect(await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen)).toEqual([
    'error sale',
    'success sale',
  ]);
  expect(collector.tracked()).toHaveLength(2);
  expect(pageErrors.uncaught).toEqual([]);
});
