/**
 * The inputs of `lead`, `sale` and `customer`, field by field, with the rules of Dub's own API
 * (its zod schemas for `/track/lead/client` and `/track/sale/client`): whatever Dub accepts is
 * accepted, sent as Dub would read it. Two rules are deliberately stricter: an unknown key (a
 * typo Dub would silently drop) and a `currency` that is not three letters are refused. `null`
 * for an optional field means "not given" (`validate` leaves it out). These schemas are the
 * single source of the public input types.
 */
import * as v from 'valibot';
export declare const leadSchema: v.StrictObjectSchema<{
    readonly customerExternalId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    readonly customerId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    readonly externalId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    readonly customerName: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
    readonly customerEmail: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid email address">, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
    readonly customerAvatar: v.NullishSchema<v.StringSchema<undefined>, undefined>;
    readonly eventName: v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>;
    /** Default: the captured click, else `""` (Dub then uses the click of the customer it knows). */
    readonly clickId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction]>, undefined>;
    readonly mode: v.NullishSchema<v.PicklistSchema<["async", "wait", "deferred"], undefined>, undefined>;
    readonly eventQuantity: v.NullishSchema<v.SchemaWithPipe<readonly [v.NumberSchema<undefined>, v.IntegerAction<number, undefined>, v.MinValueAction<number, 1, undefined>, v.MaxValueAction<number, 100, undefined>]>, undefined>;
    readonly metadata: v.NullishSchema<v.SchemaWithPipe<readonly [v.UnknownSchema, v.RawTransformAction<unknown, Record<string, unknown>>, v.CheckAction<Record<string, unknown>, "Invalid metadata: at most 10,000 characters as JSON">]>, undefined>;
}, undefined>;
/** A wrong processor, in one line with the valid name closest to it. */
declare const processorMessage: ({ input }: v.BaseIssue<unknown>) => string;
export declare const saleSchema: v.StrictObjectSchema<{
    readonly customerExternalId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    readonly customerId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    readonly externalId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    readonly customerName: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
    readonly customerEmail: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid email address">, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
    readonly customerAvatar: v.NullishSchema<v.StringSchema<undefined>, undefined>;
    readonly amount: v.SchemaWithPipe<readonly [v.NumberSchema<"Invalid amount: expected an integer in the currency's smallest unit, e.g. 4999 for 49.99">, v.SafeIntegerAction<number, "Invalid amount: expected an integer in the currency's smallest unit, e.g. 4999 for 49.99">, v.MinValueAction<number, 0, "Invalid amount: expected 0 or more">]>;
    readonly currency: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid currency: expected 3 letters such as usd">, v.ToLowerCaseAction]>, "usd">;
    readonly eventName: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.MaxLengthAction<string, 255, undefined>]>, "Purchase">;
    readonly paymentProcessor: v.NullishSchema<v.PicklistSchema<readonly ["stripe", "shopify", "polar", "paddle", "apple", "revenuecat", "dub", "custom"], typeof processorMessage>, "custom">;
    readonly invoiceId: v.NullishSchema<v.StringSchema<undefined>, undefined>;
    readonly leadEventName: v.NullishSchema<v.StringSchema<undefined>, undefined>;
    readonly clickId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction]>, undefined>;
    readonly metadata: v.NullishSchema<v.SchemaWithPipe<readonly [v.UnknownSchema, v.RawTransformAction<unknown, Record<string, unknown>>, v.CheckAction<Record<string, unknown>, "Invalid metadata: at most 10,000 characters as JSON">]>, undefined>;
}, undefined>;
export declare const customerSchema: v.StrictObjectSchema<{
    customerExternalId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    /** @deprecated older name of `customerExternalId` */
    customerId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    /** @deprecated older name of `customerExternalId` */
    externalId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
    customerName: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
    customerEmail: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid email address">, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
    /** An image URL, or the image itself as base64 data (Dub stores a copy). */
    customerAvatar: v.NullishSchema<v.StringSchema<undefined>, undefined>;
}, undefined>;
export declare const schemas: {
    lead: v.StrictObjectSchema<{
        readonly customerExternalId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        readonly customerId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        readonly externalId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        readonly customerName: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
        readonly customerEmail: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid email address">, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
        readonly customerAvatar: v.NullishSchema<v.StringSchema<undefined>, undefined>;
        readonly eventName: v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>;
        /** Default: the captured click, else `""` (Dub then uses the click of the customer it knows). */
        readonly clickId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction]>, undefined>;
        readonly mode: v.NullishSchema<v.PicklistSchema<["async", "wait", "deferred"], undefined>, undefined>;
        readonly eventQuantity: v.NullishSchema<v.SchemaWithPipe<readonly [v.NumberSchema<undefined>, v.IntegerAction<number, undefined>, v.MinValueAction<number, 1, undefined>, v.MaxValueAction<number, 100, undefined>]>, undefined>;
        readonly metadata: v.NullishSchema<v.SchemaWithPipe<readonly [v.UnknownSchema, v.RawTransformAction<unknown, Record<string, unknown>>, v.CheckAction<Record<string, unknown>, "Invalid metadata: at most 10,000 characters as JSON">]>, undefined>;
    }, undefined>;
    sale: v.StrictObjectSchema<{
        readonly customerExternalId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        readonly customerId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        readonly externalId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        readonly customerName: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
        readonly customerEmail: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid email address">, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
        readonly customerAvatar: v.NullishSchema<v.StringSchema<undefined>, undefined>;
        readonly amount: v.SchemaWithPipe<readonly [v.NumberSchema<"Invalid amount: expected an integer in the currency's smallest unit, e.g. 4999 for 49.99">, v.SafeIntegerAction<number, "Invalid amount: expected an integer in the currency's smallest unit, e.g. 4999 for 49.99">, v.MinValueAction<number, 0, "Invalid amount: expected 0 or more">]>;
        readonly currency: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid currency: expected 3 letters such as usd">, v.ToLowerCaseAction]>, "usd">;
        readonly eventName: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.MaxLengthAction<string, 255, undefined>]>, "Purchase">;
        readonly paymentProcessor: v.NullishSchema<v.PicklistSchema<readonly ["stripe", "shopify", "polar", "paddle", "apple", "revenuecat", "dub", "custom"], typeof processorMessage>, "custom">;
        readonly invoiceId: v.NullishSchema<v.StringSchema<undefined>, undefined>;
        readonly leadEventName: v.NullishSchema<v.StringSchema<undefined>, undefined>;
        readonly clickId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction]>, undefined>;
        readonly metadata: v.NullishSchema<v.SchemaWithPipe<readonly [v.UnknownSchema, v.RawTransformAction<unknown, Record<string, unknown>>, v.CheckAction<Record<string, unknown>, "Invalid metadata: at most 10,000 characters as JSON">]>, undefined>;
    }, undefined>;
    customer: v.StrictObjectSchema<{
        customerExternalId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        /** @deprecated older name of `customerExternalId` */
        customerId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        /** @deprecated older name of `customerExternalId` */
        externalId: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.MinLengthAction<string, 1, undefined>, v.MaxLengthAction<string, number, undefined>]>, undefined>;
        customerName: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
        customerEmail: v.NullishSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid email address">, v.MaxLengthAction<string, 100, undefined>]>, undefined>;
        /** An image URL, or the image itself as base64 data (Dub stores a copy). */
        customerAvatar: v.NullishSchema<v.StringSchema<undefined>, undefined>;
    }, undefined>;
};
export {};
