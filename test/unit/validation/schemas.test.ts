// Every input rule at its boundary, on both sides: what the schemas accept (what Dub's own schemas
// accept, plus the typo and currency checks), what they turn it into (the request body: trimmed
// where Dub trims, the currency lowercased, metadata as its JSON), and where they put the issue.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DubTrackError, type EventKind } from '../../../src/outcome/DubTrackError.js';
import { PaymentProcessor } from '../../../src/validation/paymentProcessor.js';
import {
  customerSchema,
  leadSchema,
  saleSchema,
  schemas,
} from '../../../src/validation/schemas.js';
import { validate } from '../../../src/validation/validate.js';

type Schema = typeof leadSchema | typeof saleSchema | typeof customerSchema;

const BASE = {
  lead: { eventName: 'Sign up', customerExternalId: 'cus_1' },
  sale: { amount: 1000, customerExternalId: 'cus_1' },
  customer: { customerExternalId: 'cus_1' },
};

/** The distinct issue paths of a refused input, `[]` when it is accepted. */
const pathsOf = (schema: Schema, input: unknown): string[] => {
  const result = v.safeParse(schema, input);
  return result.success ? [] : [...new Set(result.issues.map((i) => v.getDotPath(i) ?? ''))];
};

/** The output of an accepted input; fails the test with the issues when it is refused. */
const outputOf = (schema: Schema, input: unknown): Record<string, unknown> => {
  const result = v.safeParse(schema, input);
  if (!result.success) {
    throw new Error(`refused: ${result.issues.map((issue) => issue.message).join('; ')}`);
  }
  return result.output as Record<string, unknown>;
};

/** The request body of an accepted input (no click captured). */
const sentOf = (kind: EventKind, input: unknown) => validate(kind, input, null, DubTrackError);

const lead = (fields: Record<string, unknown>) => ({ ...BASE.lead, ...fields });
const sale = (fields: Record<string, unknown>) => ({ ...BASE.sale, ...fields });
const customer = (fields: Record<string, unknown>) => ({ ...BASE.customer, ...fields });

const KINDS = [
  ['lead', leadSchema, lead],
  ['sale', saleSchema, sale],
  ['customer', customerSchema, customer],
] as const;

describe('schemas', () => {
  it('maps each call to its schema', () => {
    expect(schemas).toEqual({ lead: leadSchema, sale: saleSchema, customer: customerSchema });
  });

  it('accepts the smallest valid input of each call and adds only the defaults', () => {
    expect(outputOf(leadSchema, BASE.lead)).toStrictEqual({
      eventName: 'Sign up',
      customerExternalId: 'cus_1',
    });
    expect(outputOf(saleSchema, BASE.sale)).toStrictEqual({
      amount: 1000,
      currency: 'usd',
      eventName: 'Purchase',
      paymentProcessor: 'custom',
      customerExternalId: 'cus_1',
    });
    expect(outputOf(customerSchema, BASE.customer)).toStrictEqual({
      customerExternalId: 'cus_1',
    });
  });

  it('refuses an input that is not an object', () => {
    for (const [, schema] of KINDS) {
      for (const input of [null, undefined, 'lead', 42]) {
        expect(pathsOf(schema, input)).toEqual(['']);
      }
      expect(v.is(schema, [BASE.lead])).toBe(false);
    }
  });
});

describe('lead eventName', () => {
  it('is required', () => {
    expect(pathsOf(leadSchema, { customerExternalId: 'cus_1' })).toEqual(['eventName']);
  });

  it('is trimmed', () => {
    expect(sentOf('lead', lead({ eventName: '  Sign up \n' })).eventName).toBe('Sign up');
  });

  it('needs at least one character after trimming', () => {
    expect(pathsOf(leadSchema, lead({ eventName: '' }))).toEqual(['eventName']);
    expect(pathsOf(leadSchema, lead({ eventName: ' ' }))).toEqual(['eventName']);
    expect(sentOf('lead', lead({ eventName: ' x ' })).eventName).toBe('x');
  });

  it('allows 255 characters and refuses 256', () => {
    expect(outputOf(leadSchema, lead({ eventName: 'e'.repeat(255) })).eventName).toBe(
      'e'.repeat(255),
    );
    expect(pathsOf(leadSchema, lead({ eventName: 'e'.repeat(256) }))).toEqual(['eventName']);
  });

  it('counts the length after trimming', () => {
    const padded = ` ${'e'.repeat(255)}  `;
    expect(sentOf('lead', lead({ eventName: padded })).eventName).toBe('e'.repeat(255));
  });

  it('must be a string', () => {
    expect(pathsOf(leadSchema, lead({ eventName: 5 }))).toEqual(['eventName']);
  });
});

// Required exactly once, under any of its names: a rule across fields, tested in validate.test.ts.
describe('customerExternalId', () => {
  for (const [kind, schema, make] of KINDS) {
    describe(kind, () => {
      it('is trimmed and needs 1 to 100 characters', () => {
        expect(sentOf(kind, make({ customerExternalId: ' cus_1 ' })).customerExternalId).toBe(
          'cus_1',
        );
        expect(pathsOf(schema, make({ customerExternalId: '' }))).toContain('customerExternalId');
        expect(pathsOf(schema, make({ customerExternalId: ' ' }))).toContain('customerExternalId');
        expect(
          outputOf(schema, make({ customerExternalId: 'c'.repeat(100) })).customerExternalId,
        ).toBe('c'.repeat(100));
        expect(pathsOf(schema, make({ customerExternalId: 'c'.repeat(101) }))).toContain(
          'customerExternalId',
        );
      });

      it('applies the same length rule to the older names', () => {
        const { customerExternalId: _, ...rest } = make({});
        expect(pathsOf(schema, { ...rest, customerId: 'c'.repeat(101) })).toContain('customerId');
        expect(pathsOf(schema, { ...rest, externalId: ' ' })).toContain('externalId');
        for (const name of ['customerId', 'externalId'])
          expect(sentOf(kind, { ...rest, [name]: ' c ' }).customerExternalId).toBe('c');
      });
    });
  }
});

describe('customer fields', () => {
  for (const [kind, schema, make] of KINDS) {
    describe(kind, () => {
      it('customerName allows 100 characters and refuses 101', () => {
        expect(outputOf(schema, make({ customerName: 'n'.repeat(100) })).customerName).toBe(
          'n'.repeat(100),
        );
        expect(pathsOf(schema, make({ customerName: 'n'.repeat(101) }))).toEqual(['customerName']);
      });

      it('counts length as String#length does, line breaks and emoji included', () => {
        const name = (text: string) => outputOf(schema, make({ customerName: text })).customerName;
        expect(name('🎉'.repeat(50))).toBe('🎉'.repeat(50));
        expect(name('a\n'.repeat(50))).toBe('a\n'.repeat(50));
        expect(pathsOf(schema, make({ customerName: `${'🎉'.repeat(50)}a` }))).toEqual([
          'customerName',
        ]);
        expect(pathsOf(schema, make({ customerName: '\n'.repeat(101) }))).toEqual(['customerName']);
      });

      it('customerEmail must be an e-mail address', () => {
        expect(outputOf(schema, make({ customerEmail: 'ana@example.com' })).customerEmail).toBe(
          'ana@example.com',
        );
        for (const bad of ['ana', 'ana@', '@example.com', 'ana@example', 'ana @example.com']) {
          expect(pathsOf(schema, make({ customerEmail: bad }))).toEqual(['customerEmail']);
        }
      });

      it('customerEmail allows 100 characters and refuses 101', () => {
        const at100 = `${'a'.repeat(88)}@example.com`;
        expect(at100).toHaveLength(100);
        expect(outputOf(schema, make({ customerEmail: at100 })).customerEmail).toBe(at100);
        expect(pathsOf(schema, make({ customerEmail: `a${at100}` }))).toEqual(['customerEmail']);
      });

      it('customerAvatar is any string: a URL or base64 image data, as Dub uploads either', () => {
        for (const good of [
          'https://cdn.example.com/a.png',
          'data:image/png;base64,iVBORw0KGgo=',
          'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        ]) {
          expect(outputOf(schema, make({ customerAvatar: good })).customerAvatar).toBe(good);
        }
        for (const bad of [42, {}, true]) {
          expect(pathsOf(schema, make({ customerAvatar: bad }))).toEqual(['customerAvatar']);
        }
      });

      it("customerEmail follows zod 4's e-mail rule, which Dub uses", () => {
        for (const good of ["o'brien@example.com", 'a@b--c.com', 'first.last+tag@sub.example.io']) {
          expect(outputOf(schema, make({ customerEmail: good })).customerEmail).toBe(good);
        }
        for (const bad of [
          '.a@example.com',
          'a..b@example.com',
          'a.@example.com',
          'a@-b.com',
          'a@b.c',
          'ä@example.com',
          'a@example',
        ]) {
          expect(pathsOf(schema, make({ customerEmail: bad }))).toEqual(['customerEmail']);
        }
      });
    });
  }
});

describe('lead mode', () => {
  it('is one of async, wait, deferred', () => {
    for (const mode of ['async', 'wait', 'deferred']) {
      expect(outputOf(leadSchema, lead({ mode })).mode).toBe(mode);
    }
    for (const mode of ['sync', 'ASYNC', '', 1]) {
      expect(pathsOf(leadSchema, lead({ mode }))).toEqual(['mode']);
    }
  });
});

describe('lead eventQuantity', () => {
  it('is an integer from 1 to 100', () => {
    expect(outputOf(leadSchema, lead({ eventQuantity: 1 })).eventQuantity).toBe(1);
    expect(outputOf(leadSchema, lead({ eventQuantity: 100 })).eventQuantity).toBe(100);
    for (const bad of [0, 101, 1.5, -1, Number.NaN, '5']) {
      expect(pathsOf(leadSchema, lead({ eventQuantity: bad }))).toEqual(['eventQuantity']);
    }
  });
});

describe('metadata', () => {
  for (const [kind, schema, make] of [KINDS[0], KINDS[1]]) {
    describe(kind, () => {
      it('accepts a plain object of JSON values (validate sends a copy)', () => {
        const metadata = { plan: 'pro', seats: 3, trial: false, note: null, tags: ['a', { b: 1 }] };
        const output = outputOf(schema, make({ metadata }));
        expect(output.metadata).toStrictEqual(metadata);
      });

      it('accepts an object without a prototype', () => {
        const metadata = Object.assign(Object.create(null), { plan: 'pro' });
        expect(outputOf(schema, make({ metadata })).metadata).toEqual({ plan: 'pro' });
      });

      it('takes any value whose JSON is an object, and keeps it as that JSON reads back', () => {
        class Plan {
          name = 'pro';
        }
        const accepted: [unknown, unknown][] = [
          [{ at: new Date(0) }, { at: '1970-01-01T00:00:00.000Z' }],
          [{ seats: undefined, plan: 'pro' }, { plan: 'pro' }],
          [{ track: () => 1, s: Symbol('s') }, {}],
          [
            { seats: Number.NaN, max: Number.POSITIVE_INFINITY },
            { seats: null, max: null },
          ],
          [{ list: [() => 1, undefined] }, { list: [null, null] }],
          [new Plan(), { name: 'pro' }],
          [new Map([['plan', 'pro']]), {}],
          [{ toJSON: () => ({ a: 1 }) }, { a: 1 }],
        ];
        for (const [metadata, sent] of accepted) {
          expect(outputOf(schema, make({ metadata })).metadata).toStrictEqual(sent);
        }
      });

      it('refuses a value whose JSON is not an object', () => {
        const refused = [['pro'], 'pro', 42, true, new Date(0), { seats: 3n }, () => 1];
        for (const metadata of refused) {
          expect(pathsOf(schema, make({ metadata }))).toEqual(['metadata']);
        }
      });

      it('refuses a circular object instead of throwing', () => {
        const metadata: Record<string, unknown> = { plan: 'pro' };
        metadata.self = metadata;
        expect(pathsOf(schema, make({ metadata }))).toEqual(['metadata']);
      });

      it('allows exactly 10,000 characters of JSON and refuses 10,001', () => {
        // {"a":"…"} is the value plus 8 characters.
        const at = (length: number) => ({ a: 'x'.repeat(length - 8) });
        expect(JSON.stringify(at(10_000))).toHaveLength(10_000);
        expect(outputOf(schema, make({ metadata: at(10_000) })).metadata).toEqual(at(10_000));
        expect(pathsOf(schema, make({ metadata: at(10_001) }))).toEqual(['metadata']);
      });

      it('keeps a __proto__ key as plain data and changes no prototype', () => {
        const metadata = JSON.parse('{"__proto__":{"polluted":true},"plan":"pro"}');
        const output = outputOf(schema, make({ metadata })).metadata as Record<string, unknown>;
        expect(Object.keys(output)).toEqual(['__proto__', 'plan']);
        expect(Object.getOwnPropertyDescriptor(output, '__proto__')?.value).toEqual({
          polluted: true,
        });
        expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
        expect((output as { polluted?: unknown }).polluted).toBeUndefined();
        expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
        expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
        expect(JSON.stringify(output)).toBe('{"__proto__":{"polluted":true},"plan":"pro"}');
      });
    });
  }

  it('is not a field of customer', () => {
    expect(pathsOf(customerSchema, customer({ metadata: { plan: 'pro' } }))).toEqual(['metadata']);
  });
});

describe('sale amount', () => {
  it('is required', () => {
    expect(pathsOf(saleSchema, { customerExternalId: 'cus_1' })).toEqual(['amount']);
  });

  it('is an integer from 0 to 2^53−1', () => {
    expect(outputOf(saleSchema, sale({ amount: 0 })).amount).toBe(0);
    expect(outputOf(saleSchema, sale({ amount: Number.MAX_SAFE_INTEGER })).amount).toBe(
      2 ** 53 - 1,
    );
    for (const bad of [
      -1,
      1.5,
      0.1,
      2 ** 53,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '5',
      null,
      undefined,
      5n,
    ]) {
      expect(pathsOf(saleSchema, sale({ amount: bad }))).toEqual(['amount']);
    }
  });
});

describe('sale currency', () => {
  it('defaults to usd', () => {
    expect(outputOf(saleSchema, BASE.sale).currency).toBe('usd');
  });

  it('is three letters, sent lowercased', () => {
    expect(sentOf('sale', sale({ currency: 'EUR' })).currency).toBe('eur');
    expect(sentOf('sale', sale({ currency: 'gbp' })).currency).toBe('gbp');
    for (const bad of ['', 'us', 'usdd', 'us1', ' usd', 'u$d', 'ééé', 840]) {
      expect(pathsOf(saleSchema, sale({ currency: bad }))).toEqual(['currency']);
    }
  });
});

describe('sale eventName', () => {
  it('defaults to Purchase', () => {
    expect(outputOf(saleSchema, BASE.sale).eventName).toBe('Purchase');
  });

  it('is sent as given (Dub does not trim it), up to 255 characters, empty included', () => {
    expect(sentOf('sale', sale({ eventName: ' Upgrade ' })).eventName).toBe(' Upgrade ');
    expect(sentOf('sale', sale({ eventName: '' })).eventName).toBe('');
    expect(outputOf(saleSchema, sale({ eventName: 'e'.repeat(255) })).eventName).toBe(
      'e'.repeat(255),
    );
    expect(pathsOf(saleSchema, sale({ eventName: 'e'.repeat(256) }))).toEqual(['eventName']);
    expect(pathsOf(saleSchema, sale({ eventName: 5 }))).toEqual(['eventName']);
  });
});

describe('sale paymentProcessor', () => {
  it('defaults to custom', () => {
    expect(outputOf(saleSchema, BASE.sale).paymentProcessor).toBe('custom');
  });

  it('is one of the processors Dub knows', () => {
    const known = ['stripe', 'shopify', 'polar', 'paddle', 'apple', 'revenuecat', 'dub', 'custom'];
    expect(Object.values(PaymentProcessor).sort()).toEqual([...known].sort());
    for (const paymentProcessor of known) {
      expect(outputOf(saleSchema, sale({ paymentProcessor })).paymentProcessor).toBe(
        paymentProcessor,
      );
    }
    // lemonsqueezy: an older SDK lists it, but Dub's API answers it with 422.
    for (const bad of ['paypal', 'Stripe', '', 'custom ', 'lemonsqueezy']) {
      expect(pathsOf(saleSchema, sale({ paymentProcessor: bad }))).toEqual(['paymentProcessor']);
    }
  });
});

describe('sale invoiceId and leadEventName', () => {
  it('are strings of any length, sent exactly as given (Dub de-duplicates by the exact invoiceId)', () => {
    const output = sentOf('sale', sale({ invoiceId: ' in_1 ', leadEventName: 'Sign up\n' }));
    expect(output.invoiceId).toBe(' in_1 ');
    expect(output.leadEventName).toBe('Sign up\n');
    expect(sentOf('sale', sale({ invoiceId: '' })).invoiceId).toBe('');
    expect(sentOf('sale', sale({ invoiceId: 'i'.repeat(1000) })).invoiceId).toHaveLength(1000);
    expect(pathsOf(saleSchema, sale({ invoiceId: 42 }))).toEqual(['invoiceId']);
    expect(pathsOf(saleSchema, sale({ leadEventName: false }))).toEqual(['leadEventName']);
  });
});

describe('clickId', () => {
  for (const [kind, schema, make] of [KINDS[0], KINDS[1]]) {
    describe(kind, () => {
      it('is any string, trimmed as Dub trims it (Dub answers an unknown click with 404)', () => {
        for (const clickId of ['a', 'Ab_9-x', 'c'.repeat(129), 'a.b']) {
          expect(outputOf(schema, make({ clickId })).clickId).toBe(clickId);
        }
        expect(outputOf(schema, make({ clickId: ' abc\n' })).clickId).toBe('abc');
      });

      it('refuses a non-string', () => {
        for (const clickId of [42, true, {}]) {
          expect(pathsOf(schema, make({ clickId }))).toEqual(['clickId']);
        }
      });
    });
  }

  it('may be empty (for a lead, Dub then looks the customer up; for a sale, it is no click)', () => {
    expect(outputOf(leadSchema, lead({ clickId: '' })).clickId).toBe('');
    expect(outputOf(saleSchema, sale({ clickId: '' })).clickId).toBe('');
  });

  it('is not a field of customer', () => {
    expect(pathsOf(customerSchema, customer({ clickId: 'abc' }))).toEqual(['clickId']);
  });
});

describe('unknown keys', () => {
  it('refuses a misspelt key instead of dropping it', () => {
    expect(pathsOf(saleSchema, { customerExternalId: 'cus_1', ammount: 1000 })).toEqual(
      expect.arrayContaining(['amount', 'ammount']),
    );
    expect(pathsOf(saleSchema, sale({ ammount: 1000 }))).toEqual(['ammount']);
    expect(pathsOf(leadSchema, lead({ eventname: 'Sign up' }))).toEqual(['eventname']);
  });

  it('refuses the fields of another call', () => {
    expect(pathsOf(leadSchema, lead({ amount: 1000 }))).toEqual(['amount']);
    expect(pathsOf(leadSchema, lead({ invoiceId: 'in_1' }))).toEqual(['invoiceId']);
    expect(pathsOf(saleSchema, sale({ mode: 'async' }))).toEqual(['mode']);
    expect(pathsOf(customerSchema, customer({ eventName: 'Sign up' }))).toEqual(['eventName']);
  });

  it('refuses keys that Object.prototype has', () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty']) {
      expect(pathsOf(leadSchema, lead({ [key]: 'x' }))).toEqual([key]);
    }
  });

  it('refuses a __proto__ key and changes no prototype', () => {
    const input = JSON.parse('{"eventName":"a","customerExternalId":"b","__proto__":{"x":1}}');
    expect(pathsOf(leadSchema, input)).toEqual(['__proto__']);
    expect(({} as { x?: unknown }).x).toBeUndefined();
  });
});

describe('null for an optional field', () => {
  it('is accepted as "not given" and left out of the body, as the official SDK types allow', () => {
    const nulls = {
      clickId: null,
      mode: null,
      eventQuantity: null,
      metadata: null,
      customerName: null,
      customerEmail: null,
      customerAvatar: null,
    };
    // toEqual: the body has no prototype (a page's Object.prototype.clickId is no field).
    expect(validate('lead', lead(nulls), 'click_1', DubTrackError)).toEqual({
      eventName: 'Sign up',
      customerExternalId: 'cus_1',
      clickId: 'click_1',
    });
    const saleNulls = {
      currency: null,
      eventName: null,
      paymentProcessor: null,
      invoiceId: null,
      leadEventName: null,
      clickId: null,
      metadata: null,
    };
    expect(sentOf('sale', sale(saleNulls))).toEqual({
      amount: 1000,
      currency: 'usd',
      eventName: 'Purchase',
      paymentProcessor: 'custom',
      customerExternalId: 'cus_1',
    });
  });

  it('is not accepted for a required field', () => {
    expect(pathsOf(leadSchema, lead({ eventName: null }))).toEqual(['eventName']);
    expect(pathsOf(saleSchema, sale({ amount: null }))).toEqual(['amount']);
  });
});
