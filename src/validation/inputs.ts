/**
 * The public input types of `lead`, `sale` and `customer`, read from the schemas (schemas.ts, the
 * single source of the rules) and given names, so that a compiler message says `SaleInput` and
 * `SaleFields` rather than spelling out a ten-field type. The customer's ID is required at compile
 * time: `customerExternalId`, or one of its older names, exactly one of them.
 */
import type * as v from 'valibot';
import type { customerSchema, leadSchema, saleSchema } from './schemas.js';

type IdNames = 'customerExternalId' | 'customerId' | 'externalId';

/** The customer's ID under its older name `customerId`. */
export interface LegacyCustomerId {
  /** @deprecated Older name of `customerExternalId`: use `customerExternalId`. */
  customerId: string;
  customerExternalId?: null;
  externalId?: null;
}

/** The customer's ID under its older name `externalId`. */
export interface LegacyExternalId {
  /** @deprecated Older name of `customerExternalId`: use `customerExternalId`. */
  externalId: string;
  customerExternalId?: null;
  customerId?: null;
}

/** The customer's ID in your system (Dub's `customerExternalId`), given under its current name. */
export interface WithCustomerExternalId {
  /** Your ID of the customer: 1–100 characters, trimmed. */
  customerExternalId: string;
  customerId?: null;
  externalId?: null;
}

/**
 * The customer's ID, required once: `customerExternalId` (or an older name of it). A missing
 * ID reads "Property 'customerExternalId' is missing": the compiler explains a mismatch against
 * the member it orders last, by name in TypeScript 7 and by declaration in earlier versions, so
 * `WithCustomerExternalId` comes last both ways.
 */
export type CustomerExternalId = LegacyCustomerId | LegacyExternalId | WithCustomerExternalId;

/** Every field of a lead but the customer's ID. */
export interface LeadFields extends Omit<v.InferInput<typeof leadSchema>, IdNames> {}
/** Every field of a sale but the customer's ID; `amount` in the currency's smallest unit (4999 for 49.99). */
export interface SaleFields extends Omit<v.InferInput<typeof saleSchema>, IdNames> {}
/** Every field of a customer but the ID. */
export interface CustomerFields extends Omit<v.InferInput<typeof customerSchema>, IdNames> {}

/** What `lead()` takes: `eventName` and the customer's ID are required. */
export type LeadInput = LeadFields & CustomerExternalId;
/** What `sale()` takes: `amount` (in the currency's smallest unit) and the customer's ID are required. */
export type SaleInput = SaleFields & CustomerExternalId;
/** What `customer()` takes: the customer's ID is required. */
export type CustomerInput = CustomerFields & CustomerExternalId;
