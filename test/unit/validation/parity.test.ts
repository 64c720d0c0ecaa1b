// @vitest-environment node
// Validation parity with Dub's server: for generated inputs, the script accepts a call exactly when
// Dub's own schemas (zod 4, re-stated in the stand-in) accept what Dub would receive, except for
// the two deliberate extras (an unknown key, a currency that is not three letters); and whatever
// the script accepts, the body it sends passes Dub's schema and keeps the fields Dub does not trim.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DubTrackError } from '../../../src/outcome/DubTrackError.js';
import { validate } from '../../../src/validation/validate.js';
import { trackLeadRequestSchema, trackSaleRequestSchema } from '../../fixtures/dub-standin.mjs';

type Kind = 'lead' | 'sale';
type Input = Record<string, unknown>;
const ZOD = { lead: trackLeadRequestSchema, sale: trackSaleRequestSchema };

/** The script's verdict (no click captured): the body it would send, or `undefined` if refused. */
const client = (kind: Kind, input: Input): Input | undefined => {
  try {
    return validate(kind, input, null, DubTrackError);
  } catch (error) {
    expect((error as DubTrackError).name).toBe('ValidationError');
    return undefined;
  }
};

/**
 * What Dub's schema judges for `input`: the fields as given (a `Date` is no string), without the
 * `null` and `undefined` ones (the script treats `null` as not given), a lead's click ID `""`
 * when the call gives none (the script fills it so without a captured click), and `metadata` as
 * its JSON reads back (Dates as strings, `undefined` left out), as Dub receives it. `undefined`
 * when JSON cannot carry the metadata at all (a BigInt): Dub cannot accept what cannot be sent.
 */
const dubReceives = (kind: Kind, input: Input): unknown => {
  const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value != null));
  if (kind === 'lead' && given.clickId === undefined) given.clickId = '';
  if (given.metadata === undefined) return given;
  try {
    return { ...given, metadata: JSON.parse(JSON.stringify(given.metadata) ?? 'undefined') };
  } catch {
    return undefined;
  }
};
const dubAccepts = (kind: Kind, received: unknown) =>
  received !== undefined && ZOD[kind].safeParse(received).success;

// ---- generators: valid and invalid values of every field, mixed -----------------------------

const WHITESPACE = [' ', '\t', '\n', '\u00a0', '\u2003', '\ufeff'];
const padded = (core: fc.Arbitrary<string>) =>
  fc
    .tuple(
      fc.string({ unit: fc.constantFrom(...WHITESPACE), maxLength: 2 }),
      core,
      fc.string({ unit: fc.constantFrom(...WHITESPACE), maxLength: 2 }),
    )
    .map(([a, b, c]) => a + b + c);
/** Strings around the length limits Dub uses (100, 255), padded or not, and any other. */
const someText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  padded(fc.string({ maxLength: 5 })),
  fc.integer({ min: 0, max: 300 }).map((length) => 'x'.repeat(length)),
  fc.integer({ min: 95, max: 260 }).chain((length) => padded(fc.constant('é'.repeat(length)))),
);
const notText = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.constant(new Date(0)),
);
/**
 * A field: mostly left out, `null`/`undefined` or a likely value, sometimes anything of `risky`
 * (right or wrong): most generated calls are then valid, and each has a fair chance of one flaw.
 */
const field = (likely: fc.Arbitrary<unknown>, ...risky: fc.Arbitrary<unknown>[]) =>
  fc.option(
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(null, undefined) },
      { weight: 12, arbitrary: likely },
      ...risky.map((arbitrary) => ({ weight: 1, arbitrary })),
    ),
    { nil: undefined, freq: 3 },
  );
const required = (likely: fc.Arbitrary<unknown>, ...risky: fc.Arbitrary<unknown>[]) =>
  fc.oneof(
    { weight: 30, arbitrary: likely },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
    ...risky.map((arbitrary) => ({ weight: 1, arbitrary })),
  );

const shortText = fc.string({ maxLength: 20 });
const emailLike = fc.oneof(
  fc.emailAddress(),
  fc
    .tuple(
      fc.string({ unit: fc.constantFrom(...("ab9_+-.'" as string)), minLength: 0, maxLength: 6 }),
      fc.string({ unit: fc.constantFrom(...'az9-.'), minLength: 0, maxLength: 8 }),
      fc.string({ unit: fc.constantFrom(...'comCO1'), minLength: 0, maxLength: 4 }),
    )
    .map(([local, domain, tld]) => `${local}@${domain}.${tld}`),
  fc.constantFrom(
    "o'brien@example.com",
    'a@b--c.com',
    '.a@example.com',
    'a..b@example.com',
    'a.@example.com',
    'ä@example.com',
    `${'a'.repeat(90)}@example.com`,
    `${'a'.repeat(88)}@example.com`,
  ),
  fc.string(),
);
const metadataLike = fc.oneof(
  fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.dictionary(
    fc.string({ maxLength: 4 }),
    fc.constantFrom<unknown>(undefined, new Date(0), Number.NaN, () => 1, 1n),
    { maxKeys: 3 },
  ),
  fc.integer({ min: 9_990, max: 10_010 }).map((length) => ({ n: 'x'.repeat(length - 8) })),
  fc.constantFrom<unknown>([], ['a'], 'text', 42, true, new Date(0), new Map([['a', 1]])),
);
const numberLike = fc.oneof(
  fc.integer({ min: -5, max: 105 }),
  fc.double({ min: -2, max: 200 }),
  fc.constantFrom(
    0,
    -0,
    2 ** 53 - 1,
    2 ** 53,
    1e300,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    '5',
    true,
  ),
  fc.maxSafeInteger(),
);
const customer = {
  customerExternalId: required(
    padded(fc.string({ minLength: 1, maxLength: 20 })),
    someText,
    notText,
  ),
  customerName: field(shortText, someText, notText),
  customerEmail: field(fc.emailAddress(), emailLike, notText),
  customerAvatar: field(
    fc.oneof(
      fc.webUrl(),
      fc.base64String().map((data) => `data:image/png;base64,${data}`),
    ),
    someText,
    notText,
  ),
};
const leadInput = fc.record(
  {
    eventName: required(padded(fc.string({ minLength: 1, maxLength: 30 })), someText, notText),
    clickId: field(
      fc.string({ unit: fc.constantFrom(...'ab9_-'), maxLength: 16 }),
      someText,
      notText,
    ),
    mode: field(
      fc.constantFrom('async', 'wait', 'deferred'),
      fc.constantFrom('sync', 'ASYNC', ''),
      notText,
    ),
    eventQuantity: field(fc.integer({ min: 1, max: 100 }), numberLike),
    metadata: field(
      fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
      metadataLike,
    ),
    ...customer,
  },
  { requiredKeys: [] },
);
const PROCESSORS = ['stripe', 'shopify', 'polar', 'paddle', 'apple', 'revenuecat', 'dub', 'custom'];
const saleInput = fc.record(
  {
    amount: required(fc.nat(1_000_000), numberLike),
    currency: field(fc.constantFrom('usd', 'EUR', 'jPy'), someText, notText),
    eventName: field(shortText, someText, notText),
    paymentProcessor: field(
      fc.constantFrom(...PROCESSORS),
      fc.constantFrom('lemonsqueezy', 'Stripe', 'paypal', ''),
      notText,
    ),
    invoiceId: field(shortText, someText, notText),
    leadEventName: field(shortText, someText, notText),
    clickId: field(
      fc.string({ unit: fc.constantFrom(...'ab9_-'), maxLength: 16 }),
      someText,
      notText,
    ),
    metadata: field(
      fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
      metadataLike,
    ),
    ...customer,
  },
  { requiredKeys: [] },
);

/** An input hits one of the script's deliberate extras: a currency other than three letters. */
const stricterThanDub = (kind: Kind, input: Input) =>
  kind === 'sale' &&
  input.currency != null &&
  !(typeof input.currency === 'string' && /^[a-z]{3}$/i.test(input.currency));

// ---- properties ------------------------------------------------------------------------------

describe("validation parity with Dub's zod schemas", () => {
  for (const [kind, inputs] of [
    ['lead', leadInput],
    ['sale', saleInput],
  ] as const) {
    it(`accepts a ${kind} exactly when Dub's schema accepts what Dub would receive`, () => {
      let accepted = 0;
      let refused = 0;
      fc.assert(
        fc.property(inputs, (input) => {
          const body = client(kind, input);
          const received = dubReceives(kind, input);
          if (stricterThanDub(kind, input)) {
            expect(body).toBeUndefined();
            return;
          }
          expect(body !== undefined).toBe(dubAccepts(kind, received));
          if (body) accepted++;
          else refused++;
        }),
        { numRuns: 1500 },
      );
      // Both verdicts were exercised, so agreement is not agreement on one side only.
      expect(accepted).toBeGreaterThan(100);
      expect(refused).toBeGreaterThan(100);
      // Generous: the machine may be busy, and a property run is not a timing test.
    }, 60_000);

    it(`sends a ${kind} body Dub's schema accepts, with the untrimmed fields exactly as given`, () => {
      fc.assert(
        fc.property(inputs, (given) => {
          const input: Input = given;
          const body = client(kind, input);
          if (!body) return;
          const parsed = ZOD[kind].safeParse(JSON.parse(JSON.stringify(body)));
          expect(parsed.success).toBe(true);
          for (const name of ['invoiceId', 'leadEventName', 'customerName', 'customerAvatar']) {
            if (typeof input[name] === 'string') expect(body[name]).toBe(input[name]);
          }
          if (kind === 'sale' && typeof input.eventName === 'string')
            expect(body.eventName).toBe(input.eventName);
        }),
        { numRuns: 1500 },
      );
    }, 60_000);
  }

  it('refuses an unknown key that Dub would silently drop (a typo)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('ammount', 'customer_id', 'email', 'invoiceID', 'eventname'),
        (key) => {
          const input = { amount: 100, customerExternalId: 'cus_1', [key]: 'x' };
          expect(dubAccepts('sale', dubReceives('sale', input))).toBe(true);
          expect(client('sale', input)).toBeUndefined();
        },
      ),
    );
  });
});
