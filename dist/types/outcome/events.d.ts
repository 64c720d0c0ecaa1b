import type { DubTrackError, EventKind } from './DubTrackError.js';
/** What a 2xx delivery resolves with and what `on('success')` receives. */
export interface TrackResult<Data = unknown> {
    /** The event's id; the idempotency key it was sent with. */
    eventId: string;
    /** The HTTP status of the endpoint's answer. */
    status: number;
    /** The endpoint's parsed JSON body, or `null` when it had none. */
    data: Data;
    /**
     * `false` when the endpoint accepted the event but recorded nothing: Dub answers a sale with
     * `sale: null` when it knows no customer with that `customerExternalId` (no lead was tracked)
     * and the sale has no click ID, or when `amount` is 0. The event is not sent again. `true`
     * otherwise.
     */
    recorded: boolean;
}
/** The customer as Dub's answers show it. */
export interface DubCustomer {
    name: string | null;
    email: string | null;
    avatar: string | null;
    externalId: string | null;
}
/** The link a lead was attributed to, as Dub's lead answer shows it (`null`: none). */
export interface DubLink {
    id: string;
    domain: string;
    key: string;
    shortLink: string;
    url: string;
    partnerId: string | null;
    programId: string | null;
    tenantId: string | null;
    externalId: string | null;
}
/** Dub's answer to a lead (`POST /track/lead/client`). */
export interface DubLeadResponse {
    click: {
        id: string;
    };
    link: DubLink | null;
    customer: DubCustomer;
}
/** The sale Dub recorded, as its answer shows it. */
export interface DubSale {
    amount: number;
    currency: string;
    paymentProcessor: string;
    invoiceId: string | null;
    metadata: Record<string, unknown> | null;
}
/** Dub's answer to a sale it recorded (`POST /track/sale/client`). */
export interface DubSaleResponse {
    eventName: string;
    customer: (DubCustomer & {
        id: string;
    }) | null;
    sale: DubSale;
}
/** Dub's answer to a sale it recorded nothing for (an unknown customer without a click, or amount 0). */
export interface DubSaleNotRecorded {
    eventName: string;
    customer: null;
    sale: null;
}
/** What `lead()` resolves with: Dub's answer (or a first-party endpoint's, in Dub's shape). */
export interface LeadResult extends TrackResult<DubLeadResponse> {
    recorded: true;
}
/** A sale Dub recorded. */
export interface SaleRecorded extends TrackResult<DubSaleResponse> {
    recorded: true;
}
/** A sale Dub accepted but recorded nothing for: `data.sale` and `data.customer` are `null`. */
export interface SaleNotRecorded extends TrackResult<DubSaleNotRecorded> {
    recorded: false;
}
/** What `sale()` resolves with; `recorded` tells which. */
export type SaleResult = SaleRecorded | SaleNotRecorded;
/** What `customer()` resolves with: the first-party endpoint's answer. */
export interface CustomerResult extends TrackResult<unknown> {
    recorded: true;
}
export interface SuccessDetail extends TrackResult {
    kind: EventKind;
}
export interface RetryDetail {
    kind: EventKind;
    eventId: string;
    /** The attempt about to be made (2 for the first retry). */
    attempt: number;
    /** How long the tracker waited before this attempt. */
    delayMs: number;
    /** Why the previous attempt failed. */
    error: DubTrackError;
}
export interface TrackerEvents {
    success: SuccessDetail;
    error: DubTrackError;
    retry: RetryDetail;
}
export type TrackerEventType = keyof TrackerEvents;
export type Emit = <T extends TrackerEventType>(type: T, detail: TrackerEvents[T]) => void;
/**
 * Handlers of `on()` and the `dubtrack:*` window events, fed from one `emit`: `[emit, on]`.
 * A throwing handler is caught here so it can never break delivery.
 */
export declare function createEmitter(): readonly [Emit, <T extends TrackerEventType>(type: T, handler: (detail: TrackerEvents[T]) => void) => () => void];
