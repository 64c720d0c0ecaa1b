// Generated calls for the input scenarios (test/browsers/input.test.ts): junk of every kind JSON
// cannot carry, one broken field, unknown keys, and valid calls of every shape with the body Dub
// must receive for each; and `callInPage`, which builds the junk inside the page and runs the calls.
import fc from 'fast-check';
import type { EnginePage } from '../engines/types.js';
import type { Kind } from '../harness.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What a `callInPage` call settled with, as the page saw it. */
export type Settled =
  | { sync: string }
  | { resolved: true; eventId: string; status: number }
  | { resolved: false; name: string; issues: number; isError: boolean; willRetry: boolean };

/** JSON with keys sorted at every level, so bodies compare whatever order their keys came in. */
export const canonical = (value: unknown): string =>
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
export const callInPage = (
  page: EnginePage,
  cases: [Kind, unknown][],
  target = 'dubTrack',
): Promise<Settled[]> =>
  page.evaluate(
    async ({ text, target }: { text: string; target: string }) => {
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

export const junk = (name: string) => ({ $junk: name });
export const NOT_JSON = [
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
export const BASE: Record<Kind, Record<string, Json>> = {
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
/** The fields of each kind's input besides the customer's (also read by the unit property tests). */
export const FIELDS: Record<Kind, string[]> = {
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
/** The customer's fields, which every kind's input takes. */
export const ID_NAMES = [
  'customerExternalId',
  'customerId',
  'externalId',
  'customerName',
  'customerEmail',
  'customerAvatar',
];

export const junkCall: fc.Arbitrary<[Kind, unknown]> = fc
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
export const validCall = (
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
