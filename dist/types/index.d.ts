/**
 * The ES module entry. Importing it has no side effects; the engine (ky, valibot) is a separate
 * chunk that a bundler splits off and that loads on the first call.
 */
import type { TrackerOptions } from './config/options.js';
import type { Tracker } from './tracker.js';
/** Creates a tracker; in a browser it captures the click at once. Outside one, every call rejects with `ConfigError`. */
export declare const createTracker: (options?: TrackerOptions) => Tracker;
export type { CookieOptions, DomainsConfig, RetryOptions, TrackerOptions, } from './config/options.js';
export { inject } from './inject.js';
export type { DubTrackErrorFields, DubTrackErrorName, EventKind, ValidationIssue, } from './outcome/DubTrackError.js';
export { DubTrackError } from './outcome/DubTrackError.js';
export type { CustomerResult, DubCustomer, DubLeadResponse, DubLink, DubSale, DubSaleNotRecorded, DubSaleResponse, LeadResult, RetryDetail, SaleNotRecorded, SaleRecorded, SaleResult, SuccessDetail, TrackerEvents, TrackerEventType, TrackResult, } from './outcome/events.js';
export type { Discount, DubAnalyticsGlobal, DubPartnerData, Partner, TrackClickInput, } from './partner/types.js';
export type { Tracker } from './tracker.js';
export type { CustomerExternalId, CustomerFields, CustomerInput, LeadFields, LeadInput, LegacyCustomerId, LegacyExternalId, SaleFields, SaleInput, WithCustomerExternalId, } from './validation/inputs.js';
export { PaymentProcessor } from './validation/paymentProcessor.js';
