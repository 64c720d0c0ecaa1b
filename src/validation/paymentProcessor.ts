/**
 * The payment processors Dub's API accepts (`paymentProcessor` of a sale). Default `custom`. The
 * schema checks against this list, so the engine carries the values without the object's names.
 */
export const PAYMENT_PROCESSORS = [
  'stripe',
  'shopify',
  'polar',
  'paddle',
  'apple',
  'revenuecat',
  'dub',
  'custom',
] as const;

export type PaymentProcessor = (typeof PAYMENT_PROCESSORS)[number];

/** The processors by name, for a site owner to write instead of a bare string. */
export const PaymentProcessor = {
  Stripe: 'stripe',
  Shopify: 'shopify',
  Polar: 'polar',
  Paddle: 'paddle',
  Apple: 'apple',
  RevenueCat: 'revenuecat',
  Dub: 'dub',
  Custom: 'custom',
} as const satisfies Record<string, PaymentProcessor>;
