/**
 * The inputs of `lead`, `sale` and `customer` (SPEC §5), field by field. These schemas are the
 * single source of the public input types; `validate` adds the one rule across fields (the
 * customer ID given exactly once) and makes the request body.
 */
import * as v from 'valibot';
export declare const leadSchema: v.StrictObjectSchema<{
    readonly customerExternalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
    readonly customerId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
    readonly externalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
    readonly customerName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
    readonly customerEmail: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid email address">, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
    readonly customerAvatar: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly eventName: v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>;
    readonly clickId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid click ID: expected 1–128 letters, digits, _ or -">]>, undefined>;
    readonly mode: v.OptionalSchema<v.CustomSchema<"async" | "deferred" | "wait", v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly eventQuantity: v.OptionalSchema<v.CustomSchema<number, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly metadata: v.OptionalSchema<v.CustomSchema<Record<string, unknown>, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
}, undefined>;
export declare const saleSchema: v.StrictObjectSchema<{
    readonly customerExternalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
    readonly customerId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
    readonly externalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
    readonly customerName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
    readonly customerEmail: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid email address">, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
    readonly customerAvatar: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    readonly amount: v.CustomSchema<number, v.ErrorMessage<v.CustomIssue> | undefined>;
    readonly currency: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid currency: expected an ISO 4217 code such as usd">, v.ToLowerCaseAction]>, "usd">;
    readonly eventName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, "Purchase">;
    readonly paymentProcessor: v.OptionalSchema<v.CustomSchema<"apple" | "custom" | "dub" | "lemonsqueezy" | "paddle" | "polar" | "revenuecat" | "shopify" | "stripe", v.ErrorMessage<v.CustomIssue> | undefined>, "custom">;
    readonly invoiceId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
    readonly leadEventName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
    readonly clickId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid click ID: expected 1–128 letters, digits, _ or -">]>, undefined>;
    readonly metadata: v.OptionalSchema<v.CustomSchema<Record<string, unknown>, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
}, undefined>;
export declare const customerSchema: v.StrictObjectSchema<{
    customerExternalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
    /** @deprecated older name of `customerExternalId` */
    customerId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
    /** @deprecated older name of `customerExternalId` */
    externalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
    customerName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
    customerEmail: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid email address">, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
    customerAvatar: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
}, undefined>;
export declare const schemas: {
    lead: v.StrictObjectSchema<{
        readonly customerExternalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
        readonly customerId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
        readonly externalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
        readonly customerName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
        readonly customerEmail: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid email address">, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
        readonly customerAvatar: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly eventName: v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>;
        readonly clickId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid click ID: expected 1–128 letters, digits, _ or -">]>, undefined>;
        readonly mode: v.OptionalSchema<v.CustomSchema<"async" | "deferred" | "wait", v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly eventQuantity: v.OptionalSchema<v.CustomSchema<number, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly metadata: v.OptionalSchema<v.CustomSchema<Record<string, unknown>, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    }, undefined>;
    sale: v.StrictObjectSchema<{
        readonly customerExternalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
        readonly customerId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
        readonly externalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
        readonly customerName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
        readonly customerEmail: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid email address">, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
        readonly customerAvatar: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
        readonly amount: v.CustomSchema<number, v.ErrorMessage<v.CustomIssue> | undefined>;
        readonly currency: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid currency: expected an ISO 4217 code such as usd">, v.ToLowerCaseAction]>, "usd">;
        readonly eventName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, "Purchase">;
        readonly paymentProcessor: v.OptionalSchema<v.CustomSchema<"apple" | "custom" | "dub" | "lemonsqueezy" | "paddle" | "polar" | "revenuecat" | "shopify" | "stripe", v.ErrorMessage<v.CustomIssue> | undefined>, "custom">;
        readonly invoiceId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
        readonly leadEventName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
        readonly clickId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid click ID: expected 1–128 letters, digits, _ or -">]>, undefined>;
        readonly metadata: v.OptionalSchema<v.CustomSchema<Record<string, unknown>, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    }, undefined>;
    customer: v.StrictObjectSchema<{
        customerExternalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
        /** @deprecated older name of `customerExternalId` */
        customerId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
        /** @deprecated older name of `customerExternalId` */
        externalId: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.TrimAction, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
        customerName: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
        customerEmail: v.OptionalSchema<v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, "Invalid email address">, v.RegexAction<string, `Invalid length: expected ${number} to ${number} characters`>]>, undefined>;
        customerAvatar: v.OptionalSchema<v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>, undefined>;
    }, undefined>;
};
/** What `dubTrack.lead()` takes. */
export type LeadInput = v.InferInput<typeof leadSchema>;
/** What `dubTrack.sale()` takes. */
export type SaleInput = v.InferInput<typeof saleSchema>;
/** What `dubTrack.customer()` takes. */
export type CustomerInput = v.InferInput<typeof customerSchema>;
