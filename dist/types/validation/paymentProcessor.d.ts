/** The payment processors Dub knows (`paymentProcessor` of a sale). Default `custom`. */
export declare const PaymentProcessor: {
    readonly Stripe: 'stripe';
    readonly Shopify: 'shopify';
    readonly Polar: 'polar';
    readonly Paddle: 'paddle';
    readonly Apple: 'apple';
    readonly RevenueCat: 'revenuecat';
    readonly LemonSqueezy: 'lemonsqueezy';
    readonly Dub: 'dub';
    readonly Custom: 'custom';
};
export type PaymentProcessor = (typeof PaymentProcessor)[keyof typeof PaymentProcessor];
