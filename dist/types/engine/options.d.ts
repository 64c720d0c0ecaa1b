import { type TrackerOptions } from '../config/options.js';
import type { Debug } from './debug.js';
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
    /** Why `customer()` cannot be sent, or `''`: only the page's own origin or a declared endpoint answers customers. */
    customerRefusal: string;
    /** Why no call can be sent, or `''`: Dub's API without a publishable key. */
    keyRefusal: string;
    /** Debug mode's printing (the debug chunk), when the page is in debug mode. */
    debug?: Debug;
}
/**
 * Checks the options: each bad one is reported and falls back to its own default, the others
 * still apply (a malformed option never stops the tracker). Options from `<script data-*>`
 * arrive as strings: `debug` is on when present unless `"false"`; `idempotencyHeader="false"` is `false`.
 */
export declare function resolveDeliveryOptions(options: TrackerOptions, report: (message: string) => void, tools?: Debug): DeliveryConfig;
