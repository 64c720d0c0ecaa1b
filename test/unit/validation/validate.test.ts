// validate() turns a call's input into the exact request body (with the captured click filled
// in), or throws a ValidationError, of the class it is handed, that names every broken rule;
// safeValidate() returns that error instead (the engine's form: failures as data).
import { describe, expect, it } from 'vitest';
import { DubTrackError, type DubTrackErrorName } from '../../../src/outcome/DubTrackError.js';
import { safeValidate, validate } from '../../../src/validation/validate.js';

/** Stands in for the class the core hands the engine, to prove that class is the one thrown. */
class InjectedError<N extends DubTrackErrorName = DubTrackErrorName> extends DubTrackError<N> {}

const refusal = (run: () => unknown): DubTrackError => {
  try {
    run();
  } catch (error) {
    return error as DubTrackError;
  }
  throw new Error('validate accepted the input');
};

describe('validate: the request body', () => {
  it('sends a lead with the captured click ID', () => {
    const body = validate(
      'lead',
      { eventName: 'Sign up', customerExternalId: 'cus_1' },
      'clk_1',
      InjectedError,
    );
    expect(body).toEqual({
      eventName: 'Sign up',
      customerExternalId: 'cus_1',
      clickId: 'clk_1',
    });
  });

  it('sends a lead with clickId "" when no click is known', () => {
    const body = validate(
      'lead',
      { eventName: 'Sign up', customerExternalId: 'cus_1' },
      null,
      InjectedError,
    );
    expect(body).toEqual({ eventName: 'Sign up', customerExternalId: 'cus_1', clickId: '' });
  });

  it("keeps the lead's own clickId over the captured one, even an empty one", () => {
    const input = { eventName: 'Sign up', customerExternalId: 'cus_1' };
    expect(validate('lead', { ...input, clickId: 'own' }, 'clk_1', InjectedError).clickId).toBe(
      'own',
    );
    expect(validate('lead', { ...input, clickId: '' }, 'clk_1', InjectedError).clickId).toBe('');
  });

  it('sends a sale with the captured click ID, and without clickId when none is known', () => {
    const input = { amount: 1000, customerExternalId: 'cus_1' };
    expect(validate('sale', input, 'clk_1', InjectedError)).toEqual({
      amount: 1000,
      currency: 'usd',
      eventName: 'Purchase',
      paymentProcessor: 'custom',
      customerExternalId: 'cus_1',
      clickId: 'clk_1',
    });
    const body = validate('sale', input, null, InjectedError);
    expect(Object.keys(body)).not.toContain('clickId');
    expect(validate('sale', { ...input, clickId: 'own' }, 'clk_1', InjectedError).clickId).toBe(
      'own',
    );
  });

  it('never puts a clickId in a customer body', () => {
    expect(validate('customer', { customerExternalId: 'cus_1' }, 'clk_1', InjectedError)).toEqual({
      customerExternalId: 'cus_1',
    });
    expect(validate('customer', { customerExternalId: 'cus_1' }, null, InjectedError)).toEqual({
      customerExternalId: 'cus_1',
    });
  });

  it('sends an older name of customerExternalId as customerExternalId', () => {
    const body = validate('customer', { customerId: 'cus_1' }, null, InjectedError);
    expect(body).toEqual({ customerExternalId: 'cus_1' });
  });

  it('returns a new object, not the input', () => {
    const input = { customerExternalId: 'cus_1' };
    expect(validate('customer', input, null, InjectedError)).not.toBe(input);
  });
});

describe('validate: customerExternalId and its older names', () => {
  const BASE = {
    lead: { eventName: 'Sign up', customerExternalId: 'cus_1' },
    sale: { amount: 1000, customerExternalId: 'cus_1' },
    customer: { customerExternalId: 'cus_1' },
  };
  /** The input of `kind` without customerExternalId, plus `fields`. */
  const without = (kind: keyof typeof BASE, fields: Record<string, unknown> = {}) => {
    const { customerExternalId: _, ...rest } = BASE[kind];
    return { ...rest, ...fields };
  };

  for (const kind of ['lead', 'sale', 'customer'] as const) {
    describe(kind, () => {
      it('is required, reported at customerExternalId', () => {
        const error = refusal(() => validate(kind, without(kind), null, InjectedError));
        expect(error.name).toBe('ValidationError');
        expect(error.issues.map((issue) => issue.path)).toEqual(['customerExternalId']);
      });

      it('accepts the older names customerId and externalId and sends customerExternalId', () => {
        for (const alias of ['customerId', 'externalId']) {
          const body = validate(kind, without(kind, { [alias]: ' cus_9 ' }), null, InjectedError);
          expect(body.customerExternalId).toBe('cus_9');
          expect(Object.keys(body)).not.toContain('customerId');
          expect(Object.keys(body)).not.toContain('externalId');
        }
      });

      it('refuses the ID given twice, under any two names', () => {
        const twice = [
          { customerExternalId: 'a', customerId: 'a' },
          { customerExternalId: 'a', externalId: 'b' },
          { customerId: 'a', externalId: 'a' },
          { customerExternalId: 'a', customerId: 'a', externalId: 'a' },
        ];
        for (const ids of twice) {
          const error = refusal(() => validate(kind, without(kind, ids), null, InjectedError));
          expect(error.issues.map((issue) => issue.path)).toEqual(['customerExternalId']);
        }
      });
    });
  }
});

describe('validate: metadata', () => {
  it('sends a copy of the metadata', () => {
    const metadata = { plan: 'pro', seats: 3, trial: false, note: null, tags: ['a', { b: 1 }] };
    for (const input of [
      { eventName: 'Sign up', customerExternalId: 'cus_1', metadata },
      { amount: 1000, customerExternalId: 'cus_1', metadata },
    ]) {
      const body = validate('amount' in input ? 'sale' : 'lead', input, null, InjectedError);
      expect(body.metadata).toEqual(metadata);
      expect(body.metadata).not.toBe(metadata);
    }
  });
});

describe('validate: the ValidationError', () => {
  it('quotes an unknown key of the page in its message as a short escaped excerpt', () => {
    const key = `<img src=x onerror=alert(1)>\n${'x'.repeat(100_000)}`;
    const error = refusal(() =>
      validate('lead', { eventName: 'e', customerExternalId: 'c', [key]: 1 }, null, InjectedError),
    );
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).toContain('"<img src=x onerror=alert(1)>\\nxxx');
    expect(error.message).not.toContain('\n');
    // The issue's path is the key itself: the caller's own data, as a field.
    expect(error.issues[0].path).toBe(key);
  });

  it('is thrown as the injected class, named ValidationError, with the kind', () => {
    const error = refusal(() => validate('sale', { customerExternalId: 'c' }, null, InjectedError));
    expect(error).toBeInstanceOf(InjectedError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ValidationError');
    expect(error.kind).toBe('sale');
    expect(error.eventId).toBeNull();
  });

  it('lists every broken rule as {path, message}', () => {
    const error = refusal(() =>
      validate(
        'sale',
        { customerExternalId: 'c', ammount: 1000, currency: 'dollars' },
        null,
        InjectedError,
      ),
    );
    const paths = error.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['amount', 'currency', 'ammount']));
    for (const issue of error.issues) {
      expect(Object.keys(issue).sort()).toEqual(['message', 'path']);
      expect(typeof issue.message).toBe('string');
      expect(issue.message.length).toBeGreaterThan(0);
    }
  });

  it('names each issue in its message', () => {
    const error = refusal(() =>
      validate('sale', { customerExternalId: 'c', ammount: 1000 }, null, InjectedError),
    );
    expect(error.message.startsWith('Invalid sale: ')).toBe(true);
    for (const issue of error.issues) {
      expect(error.message).toContain(`${issue.path}: ${issue.message}`);
    }
  });

  it('reports a missing customer ID at customerExternalId', () => {
    const error = refusal(() => validate('lead', { eventName: 'Sign up' }, 'clk', InjectedError));
    expect(error.issues.map((issue) => issue.path)).toEqual(['customerExternalId']);
    expect(error.kind).toBe('lead');
  });

  it('reports an input that is not an object with an empty path', () => {
    const error = refusal(() => validate('customer', 'cus_1', null, InjectedError));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0].path).toBe('');
    expect(error.message).toBe(`Invalid customer: ${error.issues[0].message}`);
  });

  it('does not fill a refused lead with the captured click', () => {
    const input = { customerExternalId: 'c' };
    refusal(() => validate('lead', input, 'clk', InjectedError));
    expect(input).toEqual({ customerExternalId: 'c' });
  });
});

describe('validate: messages that tell the fix', () => {
  const sale = (input: Record<string, unknown>) =>
    refusal(() => validate('sale', { customerExternalId: 'c', ...input }, null, InjectedError));
  const only = (error: DubTrackError) => {
    expect(error.issues).toHaveLength(1);
    return error.issues[0];
  };

  it('says amounts are in the smallest currency unit, for 49.99 and for "49.99"', () => {
    for (const amount of [49.99, '49.99']) {
      const issue = only(sale({ amount }));
      expect(issue.path).toBe('amount');
      expect(issue.message).toContain("currency's smallest unit");
      expect(issue.message).toContain('e.g. 4999 for 49.99');
    }
    // Not a price at all: still the fix, with the usual example.
    expect(only(sale({ amount: 'abc' })).message).toContain('e.g. 4999 for 49.99');
  });

  it('says the same for a missing required field and one given as undefined', () => {
    const missing = only(sale({}));
    const undef = only(sale({ amount: undefined }));
    expect(missing).toEqual({ path: 'amount', message: 'Required' });
    expect(undef).toEqual(missing);
    const lead = (input: Record<string, unknown>) =>
      only(
        refusal(() => validate('lead', { customerExternalId: 'c', ...input }, null, InjectedError)),
      );
    expect(lead({ eventName: undefined })).toEqual(lead({}));
    expect(lead({})).toEqual({ path: 'eventName', message: 'Required' });
  });

  it('says clearly that customerExternalId is required, old names only as a hint', () => {
    for (const input of [{ amount: 1 }, { amount: 1, customerExternalId: undefined }]) {
      const error = refusal(() => validate('sale', input, null, InjectedError));
      const issue = only(error);
      expect(issue.path).toBe('customerExternalId');
      expect(issue.message.startsWith('customerExternalId is required')).toBe(true);
      expect(error.message.startsWith('Invalid sale: customerExternalId is required')).toBe(true);
    }
    const twice = only(
      refusal(() =>
        validate('customer', { customerId: 'a', externalId: 'b' }, null, InjectedError),
      ),
    );
    expect(twice.message).toContain('customerExternalId is required, once');
  });

  it('names the closest valid processor of a wrong one, in one line', () => {
    for (const [given, meant] of [
      ['strip', 'stripe'],
      ['Stripe ', 'stripe'],
      ['shopfy', 'shopify'],
      ['revenue_cat', 'revenuecat'],
    ]) {
      const issue = only(sale({ amount: 1, paymentProcessor: given }));
      expect(issue.path).toBe('paymentProcessor');
      expect(issue.message).toContain(`did you mean "${meant}"?`);
      expect(issue.message).toContain(
        'stripe, shopify, polar, paddle, apple, revenuecat, dub, custom',
      );
      expect(issue.message).not.toContain('\n');
    }
    // Nothing close (Dub's server refuses lemonsqueezy), or not a name at all: the list alone.
    for (const given of ['lemonsqueezy', 7])
      expect(only(sale({ amount: 1, paymentProcessor: given })).message).toBe(
        'Invalid paymentProcessor: Expected one of stripe, shopify, polar, paddle, apple, revenuecat, dub, custom',
      );
  });
});

describe('safeValidate: the failure as a value', () => {
  it('returns the body validate returns', () => {
    const input = { eventName: 'Sign up', customerExternalId: 'cus_1' };
    expect(safeValidate('lead', input, 'clk_1', InjectedError)).toEqual(
      validate('lead', input, 'clk_1', InjectedError),
    );
  });

  it('returns, without throwing, the ValidationError validate throws, for each way input fails', () => {
    const unreadable = {
      get customerExternalId() {
        throw new Error('page getter');
      },
    };
    for (const input of [
      { eventName: 'Sign up' },
      { eventName: 'Sign up', customerExternalId: 'a', customerId: 'b' },
      unreadable,
    ]) {
      const error = safeValidate('lead', input, null, InjectedError);
      expect(error).toBeInstanceOf(InjectedError);
      expect(error).toEqual(refusal(() => validate('lead', input, null, InjectedError)));
    }
  });
});
