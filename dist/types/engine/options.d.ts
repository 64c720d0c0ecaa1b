import type { TrackerOptions } from '../config/options.js';
/** Delivery settings after defaults: what the engine sends with. */
export interface DeliveryConfig {
    apiHost: string;
    publishableKey?: string;
    endpoints: {
        lead: string;
        sale: string;
        customer: string;
    };
    retry: {
        limit: number;
        backoffLimitMs: number;
        timeoutMs: number;
    };
    idempotencyHeader: string | false;
    /** The endpoint is Dub's API: its CORS allows no extra header and it de-duplicates sales by invoice. */
    isDub: boolean;
    debug: boolean;
}
/**
 * Checks each delivery option on its own: a bad one falls back to its default and is reported,
 * the others still apply (a malformed option never stops the tracker).
 */
export declare function resolveDeliveryOptions(options: TrackerOptions, report: (message: string) => void): DeliveryConfig;
