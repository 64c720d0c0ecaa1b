/**
 * The inputs of `lead`, `sale` and `customer`, field by field. These schemas are the
 * single source of the public input types; `validate` adds the one rule across fields (the
 * customer ID given exactly once) and makes the request body (trimmed as TRIMMED says, the
 * currency lowercased: valibot's pipe, trim and toLowerCase are not bundled for them).
 */
import * as v from 'valibot';
/** The fields of `trimmed` values. */
export declare const TRIMMED: string[];
export declare const leadSchema: v.StrictObjectSchema<{
    readonly customerExternalId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly customerId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly externalId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly customerName: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly customerEmail: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly customerAvatar: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly eventName: v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>;
    readonly clickId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly mode: v.OptionalSchema<v.CustomSchema<"async" | "deferred" | "wait", v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly eventQuantity: v.OptionalSchema<v.CustomSchema<number, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly metadata: v.OptionalSchema<v.CustomSchema<Record<string, unknown>, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
}, undefined>;
export declare const saleSchema: v.StrictObjectSchema<{
    readonly customerExternalId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly customerId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly externalId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly customerName: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly customerEmail: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly customerAvatar: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly amount: v.CustomSchema<number, v.ErrorMessage<v.CustomIssue> | undefined>;
    readonly currency: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, "usd">;
    readonly eventName: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, "Purchase">;
    readonly paymentProcessor: v.OptionalSchema<v.CustomSchema<"apple" | "custom" | "dub" | "lemonsqueezy" | "paddle" | "polar" | "revenuecat" | "shopify" | "stripe", v.ErrorMessage<v.CustomIssue> | undefined>, "custom">;
    readonly invoiceId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly leadEventName: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly clickId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly metadata: v.OptionalSchema<v.CustomSchema<Record<string, unknown>, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
}, undefined>;
export declare const customerSchema: v.StrictObjectSchema<{
    customerExternalId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    /** @deprecated older name of `customerExternalId` */
    customerId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    /** @deprecated older name of `customerExternalId` */
    externalId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    customerName: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    customerEmail: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    customerAvatar: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
}, undefined>;
export declare const schemas: {
    lead: v.StrictObjectSchema<{
        readonly customerExternalId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly customerId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly externalId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly customerName: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly customerEmail: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly customerAvatar: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly eventName: v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>;
        readonly clickId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly mode: v.OptionalSchema<v.CustomSchema<"async" | "deferred" | "wait", v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly eventQuantity: v.OptionalSchema<v.CustomSchema<number, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly metadata: v.OptionalSchema<v.CustomSchema<Record<string, unknown>, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    }, undefined>;
    sale: v.StrictObjectSchema<{
        readonly customerExternalId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly customerId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly externalId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly customerName: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly customerEmail: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly customerAvatar: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly amount: v.CustomSchema<number, v.ErrorMessage<v.CustomIssue> | undefined>;
        readonly currency: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, "usd">;
        readonly eventName: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, "Purchase">;
        readonly paymentProcessor: v.OptionalSchema<v.CustomSchema<"apple" | "custom" | "dub" | "lemonsqueezy" | "paddle" | "polar" | "revenuecat" | "shopify" | "stripe", v.ErrorMessage<v.CustomIssue> | undefined>, "custom">;
        readonly invoiceId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly leadEventName: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly clickId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly metadata: v.OptionalSchema<v.CustomSchema<Record<string, unknown>, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    }, undefined>;
    customer: v.StrictObjectSchema<{
        customerExternalId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        /** @deprecated older name of `customerExternalId` */
        customerId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        /** @deprecated older name of `customerExternalId` */
        externalId: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        customerName: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        customerEmail: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        customerAvatar: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    }, undefined>;
};
/** What `dubTrack.lead()` takes. */
export type LeadInput = v.InferInput<typeof leadSchema>;
/** What `dubTrack.sale()` takes. */
export type SaleInput = v.InferInput<typeof saleSchema>;
/** What `dubTrack.customer()` takes. */
export type CustomerInput = v.InferInput<typeof customerSchema>;
