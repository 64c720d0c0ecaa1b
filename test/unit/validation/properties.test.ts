// Property tests of validate() (SPEC §5, §9): whatever a page passes, the result is either the
// exact body Dub receives or a ValidationError that names what is wrong; never another error,
// never a half-checked body, and metadata keys such as `__proto__` stay plain data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOutbox } from '../../../src/outbox/outbox.js';
import { createStore } from '../../../src/outbox/store.js';
import { DubTrackError, type EventKind } from '../../../src/outcome/DubTrackError.js';
import { validate } from '../../../src/validation/validate.js';
import {
  ID_NAMES as CUSTOMER_FIELDS,
  canonical,
  FIELDS as KIND_FIELDS,
} from '../../browsers/helpers/inputs.js';

type Input = Record<string, unknown>;
/** One field of a generated input: left out, given as `undefined`, or given (and what it must become). */
type Field =
  | { give: 'absent' }
  | { give: 'undefined' }
  | { give: 'value'; input: unknown; sent: unknown };
/** A generated valid call: what the page passes, and the body expected for a captured click. */
type ValidCall = { kind: EventKind; input: Input; expected: (captured: string | null) => Input };

const KINDS: EventKind[] = ['lead', 'sale', 'customer'];
const PROCESSORS = ['stripe', 'shopify', 'polar', 'paddle', 'apple', 'revenuecat', 'dub', 'custom'];
/** Every field each kind's input takes: its own, then the customer's. */
const FIELDS = Object.fromEntries(
  KINDS.map((kind) => [kind, [...KIND_FIELDS[kind], ...CUSTOMER_FIELDS]]),
) as Record<EventKind, string[]>;

/** What the page receives from a call: the body, or the error thrown. */
const run = (kind: EventKind, input: unknown, captured: string | null = null) => {
  try {
    return { body: validate(kind, input, captured, DubTrackError) };
  } catch (error) {
    return { error };
  }
};
/** The request body as it travels: JSON. */
const wire = (value: unknown) => JSON.parse(JSON.stringify(value));
const expectValidationError = (kind: EventKind, input: unknown, field?: string) => {
  const { error, body } = run(kind, input);
  expect(body).toBeUndefined();
  expect(error).toBeInstanceOf(DubTrackError);
  const failure = error as DubTrackError;
  expect(failure.name).toBe('ValidationError');
  expect(failure.kind).toBe(kind);
  expect(failure.message).toMatch(new RegExp(`^Invalid ${kind}: .+`));
  expect(failure.issues.length).toBeGreaterThan(0);
  for (const issue of failure.issues) {
    expect(typeof issue.path).toBe('string');
    expect(issue.message).toMatch(/\S/);
  }
  if (field !== undefined) {
    // The broken field is named, so the site owner knows what to fix.
    const paths = failure.issues.map((issue) => issue.path);
    expect(paths.some((path) => path === field || path.startsWith(`${field}.`))).toBe(true);
  }
};

// ---- building blocks -------------------------------------------------------------------------

const WHITESPACE = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2003', '\u3000', '\ufeff'];
const padding = fc.string({ unit: fc.constantFrom(...WHITESPACE), maxLength: 3 });
/** Any text of at most `max` UTF-16 units: ASCII, any grapheme, any code point, and the boundary. */
const text = (max: number) =>
  fc
    .oneof(
      fc.string({ maxLength: max }),
      fc.string({ unit: 'grapheme', maxLength: Math.ceil(max / 4) }),
      fc.string({ unit: 'binary', maxLength: Math.ceil(max / 2) }),
      fc.constant('a'.repeat(max)),
    )
    .filter((value) => value.length <= max);
/** A string the schema trims to 1–`max` characters: padding around a core that has none. */
const trimmedText = (max: number) =>
  fc
    .tuple(
      padding,
      text(max).filter((core) => core.length > 0 && core.trim() === core),
      padding,
    )
    .map(([before, core, after]) => ({ input: before + core + after, sent: core }));
const asIs = <T>(arbitrary: fc.Arbitrary<T>) =>
  arbitrary.map((value) => ({ input: value, sent: value }));

const clickIdText = () =>
  fc.string({
    unit: fc.constantFrom(...'abcXYZ0189_-'),
    minLength: 1,
    maxLength: 128,
  });
const clickId = clickIdText();
const email = fc
  .tuple(
    fc.array(fc.string({ unit: fc.constantFrom(...'ab9_+-'), minLength: 1, maxLength: 8 }), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.array(fc.string({ unit: fc.constantFrom(...'az09'), minLength: 1, maxLength: 8 }), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.string({ unit: fc.constantFrom(...'comCOMorg'), minLength: 2, maxLength: 6 }),
  )
  .map(([local, domain, tld]) => `${local.join('.')}@${domain.join('-')}.${tld}`);
/** A URL, base64 image data, or any other text: Dub takes any string (and uploads it). */
const avatar = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('http', 'https', 'HTTPS'),
      fc.string({ unit: fc.constantFrom(...'abc019'), minLength: 1, maxLength: 10 }),
      fc.constantFrom('', '/a.png', '/avatars/1?size=64#x'),
    )
    .map(([scheme, host, path]) => `${scheme}://${host}.example${path}`),
  fc.base64String({ maxLength: 200 }).map((data) => `data:image/png;base64,${data}`),
  fc.string(),
);
/** Any text, sent trimmed (as Dub reads it): a click ID, or `""`. */
const anyTrimmed = fc
  .tuple(padding, fc.oneof(clickIdText(), fc.string()), padding)
  .map(([before, core, after]) => ({
    input: before + core + after,
    sent: (before + core + after).trim(),
  }));
/** Keys a prototype-polluting merge would follow, mixed with any other key. */
const metadataKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'plan'),
  fc.string(),
);
/** Values JSON turns into something else (or leaves out): Dub receives (and the body holds) that. */
const jsonChanged = fc.constantFrom<unknown>(
  undefined,
  new Date(0),
  Number.NaN,
  Number.POSITIVE_INFINITY,
  new Map([['a', 1]]),
  () => 1,
);
const validMetadata = fc.oneof(
  fc
    .dictionary(metadataKey, fc.jsonValue({ maxDepth: 4 }), { maxKeys: 8 })
    .filter((metadata) => JSON.stringify(metadata).length <= 10_000),
  fc
    .dictionary(fc.string(), fc.oneof(fc.jsonValue({ maxDepth: 2 }), jsonChanged), { maxKeys: 5 })
    .filter((metadata) => JSON.stringify(metadata).length <= 10_000),
  // Exactly 10,000 characters of JSON: the largest metadata allowed.
  fc.constant({ note: 'x'.repeat(10_000 - '{"note":""}'.length) }),
);

/** A field that may be left out or given as `undefined`; `value` is what it is when given. */
const optional = (value: fc.Arbitrary<{ input: unknown; sent: unknown }>): fc.Arbitrary<Field> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant<Field>({ give: 'absent' }) },
    { weight: 1, arbitrary: fc.constant<Field>({ give: 'undefined' }) },
    { weight: 3, arbitrary: value.map((given): Field => ({ give: 'value', ...given })) },
  );

/** Assembles a call from its fields; `defaults` are what the body holds for fields not given. */
const assemble = (
  kind: EventKind,
  fields: Record<string, Field>,
  defaults: Input,
  customerId: { alias: string; id: { input: unknown; sent: unknown }; undefinedAliases: boolean },
): ValidCall => {
  const input: Input = {};
  const body: Input = {};
  for (const [name, field] of Object.entries(fields)) {
    if (field.give !== 'absent') input[name] = field.give === 'value' ? field.input : undefined;
    if (field.give === 'value') body[name] = field.sent;
    else if (name in defaults) body[name] = defaults[name];
  }
  if (customerId.undefinedAliases) {
    for (const alias of ['customerExternalId', 'customerId', 'externalId'])
      input[alias] = undefined;
  }
  input[customerId.alias] = customerId.id.input;
  // Whichever name the page used, Dub receives `customerExternalId`.
  body.customerExternalId = customerId.id.sent;
  const given = fields.clickId?.give === 'value';
  return {
    kind,
    input,
    expected: (captured) => {
      if (kind === 'customer' || given) return body;
      if (captured) return { ...body, clickId: captured };
      return kind === 'lead' ? { ...body, clickId: '' } : body;
    },
  };
};

const customerId = fc.record({
  alias: fc.constantFrom('customerExternalId', 'customerId', 'externalId'),
  id: trimmedText(100),
  undefinedAliases: fc.boolean(),
});
const customerFields = {
  customerName: optional(asIs(text(100))),
  customerEmail: optional(asIs(email)),
  customerAvatar: optional(asIs(avatar)),
};

const validLead = fc
  .record({
    fields: fc.record({
      eventName: trimmedText(255).map((given): Field => ({ give: 'value', ...given })),
      clickId: optional(fc.oneof(asIs(fc.oneof(clickId, fc.constant(''))), anyTrimmed)),
      mode: optional(asIs(fc.constantFrom('async', 'wait', 'deferred'))),
      eventQuantity: optional(asIs(fc.integer({ min: 1, max: 100 }))),
      metadata: optional(
        validMetadata.map((metadata) => ({ input: metadata, sent: wire(metadata) })),
      ),
      ...customerFields,
    }),
    customerId,
  })
  .map(({ fields, customerId }) => assemble('lead', fields, {}, customerId));

const letters = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'),
  minLength: 3,
  maxLength: 3,
});
const validSale = fc
  .record({
    fields: fc.record({
      amount: fc
        .oneof(fc.maxSafeNat(), fc.nat(100_000), fc.constantFrom(0, Number.MAX_SAFE_INTEGER, 1e6))
        .map((amount): Field => ({ give: 'value', input: amount, sent: amount })),
      currency: optional(letters.map((code) => ({ input: code, sent: code.toLowerCase() }))),
      // Sent exactly as given: Dub reads them untrimmed (and de-duplicates by the exact invoiceId).
      eventName: optional(asIs(text(255))),
      paymentProcessor: optional(asIs(fc.constantFrom(...PROCESSORS))),
      invoiceId: optional(asIs(fc.oneof(fc.string(), text(1000)))),
      leadEventName: optional(asIs(fc.string())),
      clickId: optional(fc.oneof(asIs(clickId), anyTrimmed)),
      metadata: optional(
        validMetadata.map((metadata) => ({ input: metadata, sent: wire(metadata) })),
      ),
      ...customerFields,
    }),
    customerId,
  })
  .map(({ fields, customerId }) =>
    assemble(
      'sale',
      fields,
      { currency: 'usd', eventName: 'Purchase', paymentProcessor: 'custom' },
      customerId,
    ),
  );

const validCustomer = fc
  .record({ fields: fc.record(customerFields), customerId })
  .map(({ fields, customerId }) => assemble('customer', fields, {}, customerId));

const validCall = fc.oneof(validLead, validSale, validCustomer);

// ---- junk ------------------------------------------------------------------------------------

const symbol = fc.string().map((description) => Symbol(description));
const func = fc.constantFrom(
  () => 'x',
  function named() {},
  async () => 1,
  class Thing {},
);
const instance = fc.constantFrom<unknown>(
  new Date(0),
  new Map([['a', 1]]),
  new Set([1]),
  /x/,
  new Error('x'),
  new Uint8Array(2),
  Promise.resolve(1),
  Object.create({ inherited: 1 }),
);
/** Values of every type but string. */
const notString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0),
  fc.boolean(),
  fc.bigInt(),
  symbol,
  func,
  instance,
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
  fc.string().map((value) => [value]),
  fc.string().map((value) => new String(value)),
);
/** Values of every type but number, and numbers that are not integers or not finite. */
const notInteger = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5, -0.5, 1e-9),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((value) => !Number.isInteger(value)),
  fc.integer().map(String),
  fc.bigInt(),
  fc.boolean(),
  symbol,
  func,
  instance,
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.integer().map((value) => new Number(value)),
);
/** Empty, blank, or longer than `max` once trimmed (up to a million characters). */
const badTrimmed = (max: number) =>
  fc.oneof(
    notString,
    padding,
    fc
      .tuple(padding, fc.integer({ min: max + 1, max: max + 300 }), padding)
      .map(([before, length, after]) => before + 'é'.repeat(length) + after),
    fc.constant('x'.repeat(1_000_000)),
  );
const tooLong = (max: number) =>
  fc.oneof(
    fc.integer({ min: max + 1, max: max + 50 }).map((length) => ' '.repeat(length)),
    fc.constant('y'.repeat(1_000_000)),
  );
const badClickId = notString;
const cyclic = () => {
  const node: Record<string, unknown> = { a: 1 };
  node.self = node;
  return node;
};
/** A value whose JSON is not an object (or cannot be made), or more than 10,000 characters of it. */
const badMetadata = fc.oneof(
  fc.constantFrom<unknown>(
    'plan=pro',
    42,
    true,
    [],
    [{ plan: 'pro' }],
    new Date(0),
    cyclic(),
    { note: 'x'.repeat(10_000 - '{"note":""}'.length + 1) },
    { toJSON: () => 'text' },
  ),
  fc.bigInt(),
  symbol,
  func,
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  // A plain object holding, somewhere inside, a BigInt that JSON cannot carry at all.
  fc
    .tuple(
      fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
      fc.string(),
      fc.bigInt(),
      fc.boolean(),
    )
    .map(([metadata, key, bad, nested]) => {
      const copy: Input = { ...metadata };
      Object.defineProperty(copy, key, {
        value: nested ? { inner: [bad] } : bad,
        enumerable: true,
        configurable: true,
        writable: true,
      });
      return copy;
    }),
);

/** For each field of each call, values that break its rule (SPEC §5). */
const BAD: Record<EventKind, Record<string, fc.Arbitrary<unknown>>> = {
  lead: {
    eventName: fc.oneof(badTrimmed(255), fc.constant(undefined), fc.constant(null)),
    clickId: badClickId,
    mode: fc.oneof(notString, fc.constantFrom('', 'sync', 'ASYNC', 'wait ')),
    eventQuantity: fc.oneof(
      notInteger,
      fc.integer({ max: 0 }),
      fc.integer({ min: 101 }),
      fc.constantFrom(2 ** 53, 1e300),
    ),
    metadata: badMetadata,
  },
  sale: {
    amount: fc.oneof(
      notInteger,
      fc.integer({ max: -1 }),
      fc.constantFrom(-1, 2 ** 53, 2 ** 64, 1e300, Number.MIN_SAFE_INTEGER, '1999', ''),
      fc.constant(undefined),
      fc.constant(null),
    ),
    currency: fc.oneof(
      notString,
      fc.string().filter((value) => !/^[a-z]{3}$/i.test(value)),
      fc.constantFrom('', 'us', 'usdd', ' usd', 'usd ', '€€€', 'u$d', '123', 'ÜSD'),
    ),
    eventName: fc.oneof(notString, tooLong(255)),
    paymentProcessor: fc.oneof(
      notString,
      fc.string().filter((value) => !PROCESSORS.includes(value)),
      fc.constantFrom('Stripe', 'STRIPE', ' stripe', 'paypal', '', 'lemonsqueezy'),
    ),
    invoiceId: notString,
    leadEventName: notString,
    clickId: badClickId,
    metadata: badMetadata,
  },
  customer: {},
};
const BAD_CUSTOMER: Record<string, fc.Arbitrary<unknown>> = {
  customerExternalId: badTrimmed(100),
  customerName: fc.oneof(notString, tooLong(100)),
  customerEmail: fc.oneof(
    notString,
    fc.string().filter((value) => !value.includes('@')),
    fc.constantFrom('', 'a@', '@b.com', 'a@b', 'a b@c.com', 'a@b.c', ' a@b.com'),
    fc.constant(`${'a'.repeat(95)}@b.com`),
  ),
  customerAvatar: notString,
};
for (const kind of KINDS) Object.assign(BAD[kind], BAD_CUSTOMER);

const ALIASES = ['customerExternalId', 'customerId', 'externalId'];

/** A valid call of `kind` with one thing wrong, and the field an issue must name (if any). */
const brokenCall = (kind: EventKind, valid: fc.Arbitrary<ValidCall>) =>
  fc.oneof(
    // One field with a value its rule refuses.
    fc.tuple(valid, fc.constantFrom(...Object.keys(BAD[kind]))).chain(([call, field]) =>
      BAD[kind][field].map((bad) => {
        const input = { ...call.input };
        // The value breaks the id, whichever of its names the call used.
        const name = field === 'customerExternalId' ? aliasOf(input) : field;
        input[name] = bad;
        return { input, field: name };
      }),
    ),
    // A key the call does not have: a typo, a field of another call, or a prototype's name.
    fc
      .tuple(
        valid,
        fc.oneof(
          fc.constantFrom(
            'ammount',
            'amount ',
            'Amount',
            'customer_external_id',
            'email',
            'click_id',
            '__proto__',
            'constructor',
            'prototype',
            'toString',
            'hasOwnProperty',
            'valueOf',
            'eventName',
            'amount',
            'mode',
          ),
          fc.string(),
        ),
        fc.anything(),
      )
      .filter(([, key]) => !FIELDS[kind].includes(key))
      .map(([call, key, value]) => {
        const input = { ...call.input };
        Object.defineProperty(input, key, {
          value,
          enumerable: true,
          configurable: true,
          writable: true,
        });
        return { input, field: key };
      }),
    // No customer id at all, or two of its names at once.
    valid.map((call) => {
      const input = { ...call.input };
      for (const alias of ALIASES) delete input[alias];
      return { input, field: 'customerExternalId' };
    }),
    fc
      .tuple(valid, fc.constantFrom(...ALIASES), fc.string({ minLength: 1, maxLength: 10 }))
      .filter(([call, alias]) => call.input[alias] === undefined)
      .map(([call, alias, id]) => ({
        input: { ...call.input, [alias]: `${id}x` },
        field: 'customerExternalId',
      })),
  );
const aliasOf = (input: Input) => ALIASES.find((alias) => input[alias] !== undefined) as string;

/** Anything that is not an object holding a customer id: every call must refuse it. */
const notACall = fc
  .oneof(
    fc.anything({
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withNullPrototype: true,
    }),
    fc.constantFrom<unknown>(undefined, null, '', 'lead', 0, Number.NaN, [], [[]], new Date(0)),
    symbol,
    func,
    fc.array(fc.anything(), { maxLength: 4 }),
  )
  .filter(
    (value) =>
      typeof value !== 'object' || value === null || !ALIASES.some((alias) => alias in value),
  );

// ---- properties ------------------------------------------------------------------------------

describe('validate: junk', () => {
  it('refuses anything that is not an object holding a customer id, for every call', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), notACall, (kind, input) => {
        expectValidationError(kind, input);
      }),
      { numRuns: 500 },
    );
  });

  for (const [kind, valid] of [
    ['lead', validLead],
    ['sale', validSale],
    ['customer', validCustomer],
  ] as const) {
    it(`refuses a ${kind} with one field broken, naming the field`, () => {
      fc.assert(
        fc.property(brokenCall(kind, valid), ({ input, field }) => {
          expectValidationError(kind, input, field);
        }),
        { numRuns: 1000 },
      );
    });
  }

  it('refuses fields of junk nested inside junk, every broken field named', () => {
    fc.assert(
      fc.property(
        validSale,
        fc.dictionary(fc.constantFrom(...Object.keys(BAD.sale)), fc.constant([[]]), {
          minKeys: 2,
          maxKeys: 6,
        }),
        (call, fields) => {
          const input = { ...call.input };
          for (const field of Object.keys(fields)) {
            const name = field === 'customerExternalId' ? aliasOf(input) : field;
            input[name] = [[]];
          }
          const { error } = run('sale', input);
          const paths = (error as DubTrackError).issues.map((issue) => issue.path);
          for (const field of Object.keys(fields)) {
            expect(paths).toContain(field === 'customerExternalId' ? aliasOf(call.input) : field);
          }
        },
      ),
    );
  });
});

describe('validate: inputs that throw when read', () => {
  const throwing = (): PropertyDescriptor => ({
    enumerable: true,
    configurable: true,
    get() {
      throw new Error('a getter of the page threw');
    },
  });
  /** A valid call with one field, or one metadata key, turned into a getter that throws. */
  const withThrowingGetter = fc.tuple(validCall, fc.boolean()).chain(([call, inMetadata]) =>
    fc.constantFrom(...FIELDS[call.kind]).map((field) => {
      const input = { ...call.input };
      if (inMetadata && call.kind !== 'customer')
        input.metadata = Object.defineProperty({ plan: 'pro' }, 'seats', throwing());
      else Object.defineProperty(input, field, throwing());
      return { kind: call.kind, input };
    }),
  );

  it('refuses a call whose getter throws with a ValidationError, not the getter’s error', () => {
    fc.assert(
      fc.property(withThrowingGetter, ({ kind, input }) => {
        expectValidationError(kind, input);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a Proxy whose traps throw, and reads metadata that changes while it is read once', () => {
    const trap = () => {
      throw new Error('a trap of the page threw');
    };
    const proxy = new Proxy(
      {},
      { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap },
    );
    for (const kind of KINDS) expectValidationError(kind, proxy);
    let reads = 0;
    // Plain JSON at the first read, a BigInt later: metadata is read once, and what was checked
    // is what is sent.
    const shifty = Object.defineProperty({}, 'seats', {
      enumerable: true,
      get: () => (reads++ === 0 ? 1 : 1n),
    });
    const { body, error } = run('sale', {
      amount: 1,
      customerExternalId: 'cus_1',
      metadata: shifty,
    });
    expect(error).toBeUndefined();
    expect(body?.metadata).toEqual({ seats: 1 });
    expect(reads).toBe(1);
  });
});

describe('validate: valid calls', () => {
  it('turns every valid call into exactly its normalized body', () => {
    fc.assert(
      fc.property(validCall, fc.option(clickId, { nil: null }), (call, captured) => {
        const { body, error } = run(call.kind, call.input, captured);
        expect(error).toBeUndefined();
        // What goes over the wire: trimmed strings, lower-case currency, defaults, the id under
        // its current name, the captured click unless the call names one.
        expect(canonical(body)).toBe(canonical(call.expected(captured)));
        for (const alias of ['customerId', 'externalId']) expect(body).not.toHaveProperty(alias);
      }),
      { numRuns: 1000 },
    );
  });

  it('copies metadata, so a later change by the page does not alter the kept event', () => {
    fc.assert(
      fc.property(validLead, (call) => {
        fc.pre(call.input.metadata !== undefined);
        const { body } = run('lead', call.input);
        expect(body?.metadata).not.toBe(call.input.metadata);
        expect(JSON.stringify(body?.metadata)).toBe(JSON.stringify(call.input.metadata));
      }),
    );
  });
});

// ---- prototype safety ------------------------------------------------------------------------

/** Own keys of the built-in prototypes: pollution adds to them. */
const prototypeKeys = () =>
  [Object.prototype, Array.prototype, Function.prototype].map((proto) =>
    Reflect.ownKeys(proto).map(String).sort(),
  );
/** Every object inside is an array or has Object.prototype: no key became a prototype. */
const plainAllTheWay = (value: unknown): boolean =>
  typeof value !== 'object' ||
  value === null ||
  (Array.isArray(value)
    ? value.every(plainAllTheWay)
    : Object.getPrototypeOf(value) === Object.prototype &&
      Object.values(value).every(plainAllTheWay));

const hostileMetadata = fc.oneof(
  fc
    .constant(null)
    .map(() =>
      JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}}}'),
    ),
  fc.letrec((tie) => ({
    node: fc.dictionary(
      metadataKey,
      fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.constant({ polluted: 'yes' }),
        tie('node'),
      ),
      { maxKeys: 5, noNullPrototype: true },
    ),
  })).node,
);

describe('validate: prototype safety', () => {
  it('keeps __proto__, constructor and prototype keys as plain data, through the outbox and back', () => {
    const before = prototypeKeys();
    localStorage.clear();
    const store = createStore(() => true);
    const outbox = createOutbox(store, () => {});
    fc.assert(
      fc.property(
        hostileMetadata,
        fc.constantFrom('lead', 'sale') as fc.Arbitrary<'lead' | 'sale'>,
        (metadata, kind) => {
          fc.pre(JSON.stringify(metadata).length <= 10_000);
          const input =
            kind === 'lead'
              ? { eventName: 'Sign up', customerExternalId: 'cus_1', metadata }
              : { amount: 100, customerExternalId: 'cus_1', metadata };
          const { body, error } = run(kind, input, 'click_1');
          expect(error).toBeUndefined();
          const sent = body?.metadata as Input;
          expect(plainAllTheWay(sent)).toBe(true);
          expect(Object.keys(sent)).toEqual(Object.keys(metadata));
          expect(JSON.stringify(sent)).toBe(JSON.stringify(metadata));

          // The engine keeps the body as JSON in localStorage and sends that text later.
          const id = crypto.randomUUID();
          outbox.add({ id, kind, createdAt: Date.now(), attempts: 0, body: JSON.stringify(body) });
          const replayed = JSON.parse(outbox.get(id)?.body ?? 'null');
          outbox.remove(id);
          expect(plainAllTheWay(replayed)).toBe(true);
          expect(JSON.stringify(replayed.metadata)).toBe(JSON.stringify(sent));

          expect(prototypeKeys()).toEqual(before);
          expect(({} as Input).polluted).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
    expect(localStorage.length).toBe(0);
  });

  it('keeps a metadata __proto__ key as data in the body Dub receives', () => {
    const metadata = JSON.parse(
      '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}}}',
    );
    const { body } = run('sale', { amount: 1, customerExternalId: 'cus_1', metadata });
    expect(JSON.parse(JSON.stringify(body)).metadata).toEqual(metadata);
    expect(JSON.stringify(body)).toContain('"__proto__":{"polluted":1}');
    expect(Object.hasOwn(body?.metadata as object, '__proto__')).toBe(true);
    expect(({} as Input).polluted).toBeUndefined();
  });
});
