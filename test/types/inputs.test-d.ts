// The public input and option types catch the common mistakes at compile time, and compiler
// messages name them (SaleInput, not a ten-field anonymous type). Checked by vitest's typecheck
// against the shipped declarations (dist/*.d.ts, reached through the package's own exports).
import {
  type CustomerInput,
  createTracker,
  type LeadInput,
  PaymentProcessor,
  type SaleFields,
  type SaleInput,
  type TrackerOptions,
} from 'dub-track';
import { describe, expectTypeOf, it } from 'vitest';

const tracker = createTracker({ publishableKey: 'dub_pk_123' });

describe('inputs: the customer ID is required', () => {
  it('refuses a sale, lead or customer without any ID', () => {
    // @ts-expect-error no customerExternalId
    void tracker.sale({ amount: 100 });
    // @ts-expect-error no customerExternalId
    void tracker.lead({ eventName: 'Sign up' });
    // @ts-expect-error no customerExternalId
    void tracker.customer({ customerName: 'Ada' });
  });

  it('takes customerExternalId, or one of its older names', () => {
    expectTypeOf({ amount: 100, customerExternalId: 'c' }).toExtend<SaleInput>();
    expectTypeOf({ amount: 100, customerId: 'c' }).toExtend<SaleInput>();
    expectTypeOf({ amount: 100, externalId: 'c' }).toExtend<SaleInput>();
    expectTypeOf({ eventName: 'Sign up', customerExternalId: 'c' }).toExtend<LeadInput>();
    expectTypeOf({ customerExternalId: 'c', customerEmail: 'a@b.co' }).toExtend<CustomerInput>();
  });

  it('refuses two names for the one ID', () => {
    // @ts-expect-error customerId is an older name of customerExternalId
    void tracker.sale({ amount: 1, customerExternalId: 'a', customerId: 'b' });
  });

  it('refuses an ID that is not a string', () => {
    // @ts-expect-error a number
    void tracker.sale({ amount: 1, customerExternalId: 42 });
  });
});

describe('inputs: fields', () => {
  it('requires amount as a number and eventName for a lead', () => {
    // @ts-expect-error amount is required
    void tracker.sale({ customerExternalId: 'c' });
    // @ts-expect-error amount is a number (in the smallest currency unit)
    void tracker.sale({ customerExternalId: 'c', amount: '49.99' });
    // @ts-expect-error eventName is required
    void tracker.lead({ customerExternalId: 'c' });
  });

  it('refuses an unknown key (a typo) in a literal', () => {
    // @ts-expect-error ammount
    void tracker.sale({ customerExternalId: 'c', ammount: 100 });
  });

  it('takes the processors by name, and refuses others', () => {
    expectTypeOf({
      amount: 1,
      customerExternalId: 'c',
      paymentProcessor: PaymentProcessor.Stripe,
    }).toExtend<SaleInput>();
    // @ts-expect-error not a processor Dub takes
    void tracker.sale({ amount: 1, customerExternalId: 'c', paymentProcessor: 'lemonsqueezy' });
  });

  it('takes null for an optional field, as Dub does', () => {
    expectTypeOf({
      amount: 1,
      customerExternalId: 'c',
      invoiceId: null,
      currency: null,
    }).toExtend<SaleInput>();
  });

  it('names the input types: SaleInput is SaleFields with an ID', () => {
    expectTypeOf<SaleInput>().toExtend<SaleFields>();
    expectTypeOf<SaleFields['amount']>().toEqualTypeOf<number>();
  });
});

describe('options', () => {
  it('takes only a publishable key', () => {
    expectTypeOf<'dub_pk_abc'>().toExtend<NonNullable<TrackerOptions['publishableKey']>>();
    // @ts-expect-error a secret key must never be in a browser
    createTracker({ publishableKey: 'dub_1234567890' });
    // @ts-expect-error not a key at all
    createTracker({ publishableKey: 'pk_live_123' });
  });
});
