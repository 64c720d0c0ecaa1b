/**
 * The payment processors Dub's API accepts (`paymentProcessor` of a sale). Default `custom`. The
 * schema checks against this list, so the engine carries the values without the object's names.
 */
export declare const PAYMENT_PROCESSORS: readonly ['stripe', 'shopify', 'polar', 'paddle', 'apple', 'revenuecat', 'dub', 'custom'];
export type PaymentProcessor = (typeof PAYMENT_PROCESSORS)[number];
/** The processors by name, for a site owner to write instead of a bare string. */
export declare const PaymentProcessor: {
    readonly Stripe: 'stripe';
    readonly Shopify: 'shopify';
    readonly Polar: 'polar';
    readonly Paddle: 'paddle';
    readonly Apple: 'apple';
    readonly RevenueCat: 'revenuecat';
    readonly Dub: 'dub';
    readonly Custom: 'custom';
};
