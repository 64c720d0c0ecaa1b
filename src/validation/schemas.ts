/**
 * The inputs of `lead`, `sale` and `customer` (SPEC §5), field by field. These schemas are the
 * single source of the public input types; `validate` adds the one rule across fields (the
 * customer ID given exactly once) and makes the request body (trimmed as TRIMMED says, the
 * currency lowercased: valibot's pipe, trim and toLowerCase are not bundled for them).
 */
import * as v from 'valibot';
import { CLICK_ID_PATTERN } from '../capture/clickId.js';
import { toJson } from '../delivery/json.js';
import { detachPrototypes } from './detachPrototypes.js';
import { httpUrl } from './httpUrl.js';
import { numberRange } from './numberRange.js';
import { oneOf } from './oneOf.js';
import { PAYMENT_PROCESSORS } from './paymentProcessor.js';
import { text } from './text.js';

/** `min` to `max` characters (UTF-16 units, as `.length` counts), checked on the trimmed string when `trim`. */
const length = (min: number, max: number, trim?: boolean) =>
  text(
    RegExp(`^.{${min},${max}}$`, 's'),
    `Invalid text: expected ${min} to ${max} characters`,
    trim,
  );
/** Checked once trimmed; sent trimmed (`validate`), so its field must be in TRIMMED. */
const trimmed = (max: number) => length(1, max, true);
/** The fields of `trimmed` values. */
export const TRIMMED = [
  'eventName',
  'invoiceId',
  'leadEventName',
  'customerExternalId',
  'customerId',
  'externalId',
];
const clickId = (pattern: RegExp) =>
  text(pattern, 'Invalid click ID: expected 1-128 letters, digits, _ or -');

/**
 * A JSON value made only of plain objects, arrays, strings, finite numbers, booleans and null,
 * nested at most 32 deep.
 */
const isJsonValue = (value: unknown, depth = 0): boolean =>
  value === null ||
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  Number.isFinite(value) ||
  (depth < 33 &&
    typeof value === 'object' &&
    (Array.isArray(value) || [Object.prototype, null].includes(Object.getPrototypeOf(value))) &&
    Object.values(value).every((item) => isJsonValue(item, depth + 1)));

/** Plain object of JSON values, at most 10,000 characters as JSON (`validate` sends a copy). */
const metadata = v.custom<Record<string, unknown>>(
  (value) =>
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    isJsonValue(value) &&
    (toJson(value) as string).length <= 10_000,
  'Invalid metadata: expected a JSON object of at most 10,000 characters',
);

const customerFields = {
  customerExternalId: v.optional(trimmed(100)),
  /** @deprecated older name of `customerExternalId` */
  customerId: v.optional(trimmed(100)),
  /** @deprecated older name of `customerExternalId` */
  externalId: v.optional(trimmed(100)),
  customerName: v.optional(length(0, 100)),
  // valibot's e-mail pattern, at most 100 characters.
  customerEmail: v.optional(
    text(
      /^(?=.{0,100}$)[\w+-]+(\.[\w+-]+)*@[\da-z]+([.-][\da-z]+)*\.[a-z]{2,}$/i,
      'Invalid email address (at most 100 characters)',
    ),
  ),
  customerAvatar: v.optional(httpUrl),
};

export const leadSchema = v.strictObject({
  eventName: trimmed(255),
  // Or `""`: Dub then finds the customer's click itself.
  clickId: v.optional(clickId(/^[\w-]{0,128}$/)),
  mode: v.optional(oneOf(['async', 'wait', 'deferred'])),
  eventQuantity: v.optional(numberRange(1, 100, true)),
  metadata: v.optional(metadata),
  ...customerFields,
});

export const saleSchema = v.strictObject({
  amount: numberRange(0, Number.MAX_SAFE_INTEGER, true),
  // Sent lowercased (`validate`).
  currency: v.optional(
    text(/^[a-z]{3}$/i, 'Invalid currency: expected 3 letters such as usd'),
    'usd',
  ),
  eventName: v.optional(trimmed(255), 'Purchase'),
  paymentProcessor: v.optional(oneOf(PAYMENT_PROCESSORS), 'custom'),
  invoiceId: v.optional(trimmed(255)),
  leadEventName: v.optional(trimmed(255)),
  clickId: v.optional(clickId(CLICK_ID_PATTERN)),
  metadata: v.optional(metadata),
  ...customerFields,
});

export const customerSchema = v.strictObject(customerFields);

// valibot 1.5.0 reads schemas through their prototypes (see detachPrototypes).
export const schemas = detachPrototypes({
  lead: leadSchema,
  sale: saleSchema,
  customer: customerSchema,
});

/** What `dubTrack.lead()` takes. */
export type LeadInput = v.InferInput<typeof leadSchema>;
/** What `dubTrack.sale()` takes. */
export type SaleInput = v.InferInput<typeof saleSchema>;
/** What `dubTrack.customer()` takes. */
export type CustomerInput = v.InferInput<typeof customerSchema>;
