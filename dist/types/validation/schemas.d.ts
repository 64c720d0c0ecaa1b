/**
 * The inputs of `lead`, `sale` and `customer` (SPEC §5), and the request bodies they become.
 * These schemas are the single source of the public input types.
 */
import * as v from 'valibot';
type Aliased = {
    customerExternalId?: string;
    customerId?: string;
    externalId?: string;
};
export declare const leadSchema: v.SchemaWithPipe<readonly [v.StrictObjectSchema<{
    readonly customerExternalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    readonly customerId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    readonly externalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    readonly customerName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    readonly customerEmail: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.EmailAction<string, undefined>, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
    readonly customerAvatar: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.UrlAction<string, undefined>, v.RegexAction<string, "Invalid URL: expected an absolute http(s) URL">]>, undefined>;
    readonly eventName: v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>;
    readonly clickId: v.OptionalSchema<v.UnionSchema<[v.LiteralSchema<"", undefined>, v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid click ID: expected 1–128 letters, digits, _ or -">]>], undefined>, undefined>;
    readonly mode: v.OptionalSchema<v.PicklistSchema<["async", "wait", "deferred"], undefined>, undefined>;
    readonly eventQuantity: v.OptionalSchema<v.SchemaWithPipe<readonly [v.NumberSchema<undefined>, v.IntegerAction<number, undefined>, v.MinValueAction<number, 1, undefined>, v.MaxValueAction<number, 100, undefined>]>, undefined>;
    readonly metadata: v.OptionalSchema<v.SchemaWithPipe<readonly [v.CustomSchema<Record<string, unknown>, v.ErrorMessage<v.CustomIssue> | undefined>, v.CheckAction<Record<string, unknown>, "Invalid metadata: more than 10,000 characters as JSON">, v.TransformAction<Record<string, unknown>, Record<string, unknown>>]>, undefined>;
}, undefined>, v.BaseValidation<Aliased, Aliased, v.CheckIssue<Aliased>>, v.TransformAction<{
    customerExternalId?: string | undefined;
    customerId?: string | undefined;
    externalId?: string | undefined;
    customerName?: string | undefined;
    customerEmail?: string | undefined;
    customerAvatar?: string | undefined;
    eventName: string;
    clickId?: string | undefined;
    mode?: "async" | "deferred" | "wait" | undefined;
    eventQuantity?: number | undefined;
    metadata?: Record<string, unknown> | undefined;
}, Omit<{
    customerExternalId?: string | undefined;
    customerId?: string | undefined;
    externalId?: string | undefined;
    customerName?: string | undefined;
    customerEmail?: string | undefined;
    customerAvatar?: string | undefined;
    eventName: string;
    clickId?: string | undefined;
    mode?: "async" | "deferred" | "wait" | undefined;
    eventQuantity?: number | undefined;
    metadata?: Record<string, unknown> | undefined;
}, "customerId" | "externalId"> & {
    customerExternalId: string;
}>]>;
export declare const saleSchema: v.SchemaWithPipe<readonly [v.StrictObjectSchema<{
    readonly customerExternalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    readonly customerId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    readonly externalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    readonly customerName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    readonly customerEmail: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.EmailAction<string, undefined>, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
    readonly customerAvatar: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.UrlAction<string, undefined>, v.RegexAction<string, "Invalid URL: expected an absolute http(s) URL">]>, undefined>;
    readonly amount: v.SchemaWithPipe<readonly [v.NumberSchema<undefined>, v.IntegerAction<number, undefined>, v.MinValueAction<number, 0, undefined>, v.MaxValueAction<number, number, undefined>]>;
    readonly currency: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid currency: expected an ISO 4217 code such as usd">, v.ToLowerCaseAction]>, "usd">;
    readonly eventName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, "Purchase">;
    readonly paymentProcessor: v.OptionalSchema<v.PicklistSchema<("apple" | "custom" | "dub" | "lemonsqueezy" | "paddle" | "polar" | "revenuecat" | "shopify" | "stripe")[], undefined>, "custom">;
    readonly invoiceId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    readonly leadEventName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    readonly clickId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid click ID: expected 1–128 letters, digits, _ or -">]>, undefined>;
    readonly metadata: v.OptionalSchema<v.SchemaWithPipe<readonly [v.CustomSchema<Record<string, unknown>, v.ErrorMessage<v.CustomIssue> | undefined>, v.CheckAction<Record<string, unknown>, "Invalid metadata: more than 10,000 characters as JSON">, v.TransformAction<Record<string, unknown>, Record<string, unknown>>]>, undefined>;
}, undefined>, v.BaseValidation<Aliased, Aliased, v.CheckIssue<Aliased>>, v.TransformAction<{
    customerExternalId?: string | undefined;
    customerId?: string | undefined;
    externalId?: string | undefined;
    customerName?: string | undefined;
    customerEmail?: string | undefined;
    customerAvatar?: string | undefined;
    amount: number;
    currency: string;
    eventName: string;
    paymentProcessor: "apple" | "custom" | "dub" | "lemonsqueezy" | "paddle" | "polar" | "revenuecat" | "shopify" | "stripe";
    invoiceId?: string | undefined;
    leadEventName?: string | undefined;
    clickId?: string | undefined;
    metadata?: Record<string, unknown> | undefined;
}, Omit<{
    customerExternalId?: string | undefined;
    customerId?: string | undefined;
    externalId?: string | undefined;
    customerName?: string | undefined;
    customerEmail?: string | undefined;
    customerAvatar?: string | undefined;
    amount: number;
    currency: string;
    eventName: string;
    paymentProcessor: "apple" | "custom" | "dub" | "lemonsqueezy" | "paddle" | "polar" | "revenuecat" | "shopify" | "stripe";
    invoiceId?: string | undefined;
    leadEventName?: string | undefined;
    clickId?: string | undefined;
    metadata?: Record<string, unknown> | undefined;
}, "customerId" | "externalId"> & {
    customerExternalId: string;
}>]>;
export declare const customerSchema: v.SchemaWithPipe<readonly [v.StrictObjectSchema<{
    customerExternalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    /** @deprecated older name of `customerExternalId` */
    customerId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    /** @deprecated older name of `customerExternalId` */
    externalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    customerName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    customerEmail: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.EmailAction<string, undefined>, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
    customerAvatar: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.UrlAction<string, undefined>, v.RegexAction<string, "Invalid URL: expected an absolute http(s) URL">]>, undefined>;
}, undefined>, v.BaseValidation<Aliased, Aliased, v.CheckIssue<Aliased>>, v.TransformAction<{
    customerExternalId?: string | undefined;
    customerId?: string | undefined;
    externalId?: string | undefined;
    customerName?: string | undefined;
    customerEmail?: string | undefined;
    customerAvatar?: string | undefined;
}, Omit<{
    customerExternalId?: string | undefined;
    customerId?: string | undefined;
    externalId?: string | undefined;
    customerName?: string | undefined;
    customerEmail?: string | undefined;
    customerAvatar?: string | undefined;
}, "customerId" | "externalId"> & {
    customerExternalId: string;
}>]>;
export declare const schemas: {
    lead: v.SchemaWithPipe<readonly [v.StrictObjectSchema<{
        readonly customerExternalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        readonly customerId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        readonly externalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        readonly customerName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        readonly customerEmail: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.EmailAction<string, undefined>, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
        readonly customerAvatar: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.UrlAction<string, undefined>, v.RegexAction<string, "Invalid URL: expected an absolute http(s) URL">]>, undefined>;
        readonly eventName: v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>;
        readonly clickId: v.OptionalSchema<v.UnionSchema<[v.LiteralSchema<"", undefined>, v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid click ID: expected 1–128 letters, digits, _ or -">]>], undefined>, undefined>;
        readonly mode: v.OptionalSchema<v.PicklistSchema<["async", "wait", "deferred"], undefined>, undefined>;
        readonly eventQuantity: v.OptionalSchema<v.SchemaWithPipe<readonly [v.NumberSchema<undefined>, v.IntegerAction<number, undefined>, v.MinValueAction<number, 1, undefined>, v.MaxValueAction<number, 100, undefined>]>, undefined>;
        readonly metadata: v.OptionalSchema<v.SchemaWithPipe<readonly [v.CustomSchema<Record<string, unknown>, v.ErrorMessage<v.CustomIssue> | undefined>, v.CheckAction<Record<string, unknown>, "Invalid metadata: more than 10,000 characters as JSON">, v.TransformAction<Record<string, unknown>, Record<string, unknown>>]>, undefined>;
    }, undefined>, v.BaseValidation<Aliased, Aliased, v.CheckIssue<Aliased>>, v.TransformAction<{
        customerExternalId?: string | undefined;
        customerId?: string | undefined;
        externalId?: string | undefined;
        customerName?: string | undefined;
        customerEmail?: string | undefined;
        customerAvatar?: string | undefined;
        eventName: string;
        clickId?: string | undefined;
        mode?: "async" | "deferred" | "wait" | undefined;
        eventQuantity?: number | undefined;
        metadata?: Record<string, unknown> | undefined;
    }, Omit<{
        customerExternalId?: string | undefined;
        customerId?: string | undefined;
        externalId?: string | undefined;
        customerName?: string | undefined;
        customerEmail?: string | undefined;
        customerAvatar?: string | undefined;
        eventName: string;
        clickId?: string | undefined;
        mode?: "async" | "deferred" | "wait" | undefined;
        eventQuantity?: number | undefined;
        metadata?: Record<string, unknown> | undefined;
    }, "customerId" | "externalId"> & {
        customerExternalId: string;
    }>]>;
    sale: v.SchemaWithPipe<readonly [v.StrictObjectSchema<{
        readonly customerExternalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        readonly customerId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        readonly externalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        readonly customerName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        readonly customerEmail: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.EmailAction<string, undefined>, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
        readonly customerAvatar: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.UrlAction<string, undefined>, v.RegexAction<string, "Invalid URL: expected an absolute http(s) URL">]>, undefined>;
        readonly amount: v.SchemaWithPipe<readonly [v.NumberSchema<undefined>, v.IntegerAction<number, undefined>, v.MinValueAction<number, 0, undefined>, v.MaxValueAction<number, number, undefined>]>;
        readonly currency: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid currency: expected an ISO 4217 code such as usd">, v.ToLowerCaseAction]>, "usd">;
        readonly eventName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, "Purchase">;
        readonly paymentProcessor: v.OptionalSchema<v.PicklistSchema<("apple" | "custom" | "dub" | "lemonsqueezy" | "paddle" | "polar" | "revenuecat" | "shopify" | "stripe")[], undefined>, "custom">;
        readonly invoiceId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        readonly leadEventName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        readonly clickId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid click ID: expected 1–128 letters, digits, _ or -">]>, undefined>;
        readonly metadata: v.OptionalSchema<v.SchemaWithPipe<readonly [v.CustomSchema<Record<string, unknown>, v.ErrorMessage<v.CustomIssue> | undefined>, v.CheckAction<Record<string, unknown>, "Invalid metadata: more than 10,000 characters as JSON">, v.TransformAction<Record<string, unknown>, Record<string, unknown>>]>, undefined>;
    }, undefined>, v.BaseValidation<Aliased, Aliased, v.CheckIssue<Aliased>>, v.TransformAction<{
        customerExternalId?: string | undefined;
        customerId?: string | undefined;
        externalId?: string | undefined;
        customerName?: string | undefined;
        customerEmail?: string | undefined;
        customerAvatar?: string | undefined;
        amount: number;
        currency: string;
        eventName: string;
        paymentProcessor: "apple" | "custom" | "dub" | "lemonsqueezy" | "paddle" | "polar" | "revenuecat" | "shopify" | "stripe";
        invoiceId?: string | undefined;
        leadEventName?: string | undefined;
        clickId?: string | undefined;
        metadata?: Record<string, unknown> | undefined;
    }, Omit<{
        customerExternalId?: string | undefined;
        customerId?: string | undefined;
        externalId?: string | undefined;
        customerName?: string | undefined;
        customerEmail?: string | undefined;
        customerAvatar?: string | undefined;
        amount: number;
        currency: string;
        eventName: string;
        paymentProcessor: "apple" | "custom" | "dub" | "lemonsqueezy" | "paddle" | "polar" | "revenuecat" | "shopify" | "stripe";
        invoiceId?: string | undefined;
        leadEventName?: string | undefined;
        clickId?: string | undefined;
        metadata?: Record<string, unknown> | undefined;
    }, "customerId" | "externalId"> & {
        customerExternalId: string;
    }>]>;
    customer: v.SchemaWithPipe<readonly [v.StrictObjectSchema<{
        customerExternalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        /** @deprecated older name of `customerExternalId` */
        customerId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        /** @deprecated older name of `customerExternalId` */
        externalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        customerName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        customerEmail: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.EmailAction<string, undefined>, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
        customerAvatar: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.UrlAction<string, undefined>, v.RegexAction<string, "Invalid URL: expected an absolute http(s) URL">]>, undefined>;
    }, undefined>, v.BaseValidation<Aliased, Aliased, v.CheckIssue<Aliased>>, v.TransformAction<{
        customerExternalId?: string | undefined;
        customerId?: string | undefined;
        externalId?: string | undefined;
        customerName?: string | undefined;
        customerEmail?: string | undefined;
        customerAvatar?: string | undefined;
    }, Omit<{
        customerExternalId?: string | undefined;
        customerId?: string | undefined;
        externalId?: string | undefined;
        customerName?: string | undefined;
        customerEmail?: string | undefined;
        customerAvatar?: string | undefined;
    }, "customerId" | "externalId"> & {
        customerExternalId: string;
    }>]>;
};
/** What `dubTrack.lead()` takes. */
export type LeadInput = v.InferInput<typeof leadSchema>;
/** What `dubTrack.sale()` takes. */
export type SaleInput = v.InferInput<typeof saleSchema>;
/** What `dubTrack.customer()` takes. */
export type CustomerInput = v.InferInput<typeof customerSchema>;
export {};
