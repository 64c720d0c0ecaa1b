// PaymentProcessor is the exported constant a site owner writes instead of a bare string.
import { expect, it } from 'vitest';
import { PAYMENT_PROCESSORS, PaymentProcessor } from '../../../src/validation/paymentProcessor.js';

it('names every processor Dub knows by its wire value', () => {
  expect(PaymentProcessor).toEqual({
    Stripe: 'stripe',
    Shopify: 'shopify',
    Polar: 'polar',
    Paddle: 'paddle',
    Apple: 'apple',
    RevenueCat: 'revenuecat',
    Dub: 'dub',
    Custom: 'custom',
  });
});

it('lists the same values the schema checks against', () => {
  expect([...PAYMENT_PROCESSORS].sort()).toEqual(Object.values(PaymentProcessor).sort());
  expect(new Set(PAYMENT_PROCESSORS).size).toBe(PAYMENT_PROCESSORS.length);
});
