/**
 * The inputs of `lead`, `sale` and `customer`, field by field, with the rules of Dub's own API
 * (its zod schemas for `/track/lead/client` and `/track/sale/client`): whatever Dub accepts is
 * accepted, sent as Dub would read it. Two rules are deliberately stricter: an unknown key (a
 * typo Dub would silently drop) and a `currency` that is not three letters are refused. `null`
 * for an optional field means "not given" (`validate` leaves it out). These schemas are the
 * single source of the public input types.
 */
import * as v from 'valibot';
import { detachPrototypes } from '../defences/detachPrototypes.js';
import { copyJson, toJson } from '../delivery/json.js';
import { closest } from './closest.js';
import { PAYMENT_PROCESSORS } from './paymentProcessor.js';

/** A string Dub trims before checking its length (and reads trimmed). */
const trimmed = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));

/**
 * zod 4's `z.email()` pattern, which Dub checks e-mails with: valibot's `email` refuses some that
 * Dub accepts (`o'brien@example.com`, `a@b--c.com`), so the same verdicts need zod's rule.
 */
const ZOD_EMAIL = /^(?!\.)(?!.*\.\.)[\w'+\-.]*[\w+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/**
 * Any value whose JSON is an object of at most 10,000 characters. Dub receives (and measures) the
 * JSON, so the value is checked and sent as that JSON reads back: a `Date` becomes its ISO string,
 * `undefined` values are left out, and a later change by the page cannot alter the kept event.
 */
const metadata = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    let json: unknown;
    try {
      // Written by `toJson`, with the JSON built-ins as they were when the script started and
      // no page-patched `toJSON` (a Prototype.js `Array.prototype.toJSON` would make `"a, b"`).
      json = copyJson(dataset.value);
    } catch {
      // Not serialisable (a cycle, a BigInt): refused below like any non-object.
    }
    if (json && typeof json === 'object' && !Array.isArray(json))
      return json as Record<string, unknown>;
    addIssue({ message: 'Invalid metadata: expected an object that JSON can represent' });
    return NEVER;
  }),
  v.check(
    (value) => (toJson(value) as string).length <= 10_000,
    'Invalid metadata: at most 10,000 characters as JSON',
  ),
);

const customerFields = {
  customerExternalId: v.nullish(trimmed(100)),
  /** @deprecated older name of `customerExternalId` */
  customerId: v.nullish(trimmed(100)),
  /** @deprecated older name of `customerExternalId` */
  externalId: v.nullish(trimmed(100)),
  customerName: v.nullish(v.pipe(v.string(), v.maxLength(100))),
  customerEmail: v.nullish(
    v.pipe(v.string(), v.regex(ZOD_EMAIL, 'Invalid email address'), v.maxLength(100)),
  ),
  /** An image URL, or the image itself as base64 data (Dub stores a copy). */
  customerAvatar: v.nullish(v.string()),
};

export const leadSchema = v.strictObject({
  eventName: trimmed(255),
  /** Default: the captured click, else `""` (Dub then uses the click of the customer it knows). */
  clickId: v.nullish(v.pipe(v.string(), v.trim())),
  mode: v.nullish(v.picklist(['async', 'wait', 'deferred'])),
  eventQuantity: v.nullish(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100))),
  metadata: v.nullish(metadata),
  ...customerFields,
});

/** What a wrong `amount` says, whatever the mistake (a decimal, a numeric string): the fix. */
const AMOUNT =
  "Invalid amount: expected an integer in the currency's smallest unit, e.g. 4999 for 49.99";

/** A wrong processor, in one line with the valid name closest to it. */
const processorMessage = ({ input }: v.BaseIssue<unknown>) => {
  const meant = typeof input === 'string' && closest(input, PAYMENT_PROCESSORS);
  return `Invalid paymentProcessor${meant ? `: did you mean "${meant}"?` : ':'} Expected one of ${PAYMENT_PROCESSORS.join(', ')}`;
};

export const saleSchema = v.strictObject({
  amount: v.pipe(
    v.number(AMOUNT),
    v.safeInteger(AMOUNT),
    v.minValue(0, 'Invalid amount: expected 0 or more'),
  ),
  // Stricter than Dub, which takes any string: a typo such as `eur ` would be stored as is.
  currency: v.nullish(
    v.pipe(
      v.string(),
      v.regex(/^[a-z]{3}$/i, 'Invalid currency: expected 3 letters such as usd'),
      v.toLowerCase(),
    ),
    'usd',
  ),
  // Not trimmed, as Dub does not trim it.
  eventName: v.nullish(v.pipe(v.string(), v.maxLength(255)), 'Purchase'),
  paymentProcessor: v.nullish(v.picklist(PAYMENT_PROCESSORS, processorMessage), 'custom'),
  // Sent exactly as given: Dub de-duplicates sales by this exact string.
  invoiceId: v.nullish(v.string()),
  leadEventName: v.nullish(v.string()),
  clickId: v.nullish(v.pipe(v.string(), v.trim())),
  metadata: v.nullish(metadata),
  ...customerFields,
});

export const customerSchema = v.strictObject(customerFields);

// valibot 1.5.0 reads schemas through their prototypes (see detachPrototypes).
export const schemas = detachPrototypes({
  lead: leadSchema,
  sale: saleSchema,
  customer: customerSchema,
});

// The public input types built from these schemas are in inputs.ts.
