/** The payment processors Dub knows (`paymentProcessor` of a sale). Default `custom`. */
export const PaymentProcessor = {
  Stripe: 'stripe',
  Shopify: 'shopify',
  Polar: 'polar',
  Paddle: 'paddle',
  Apple: 'apple',
  RevenueCat: 'revenuecat',
  LemonSqueezy: 'lemonsqueezy',
  Dub: 'dub',
  Custom: 'custom',
} as const;

export type PaymentProcessor = (typeof PaymentProcessor)[keyof typeof PaymentProcessor];
