/**
 * The public shapes of Dub's partner data and of `window.dubAnalytics`, as Dub's own script and
 * `@dub/analytics` give them, so code written for them compiles unchanged.
 */
import type { LeadResult, SaleResult } from '../outcome/events.js';
import type { LeadInput, SaleInput } from '../validation/inputs.js';

/** The partner whose link the visitor came through (`?via=…`). */
export interface Partner {
  id: string;
  name: string;
  image: string | null;
}

/** The discount of that partner's program. */
export interface Discount {
  id: string;
  amount: number;
  type: 'percentage' | 'flat';
  maxDuration: number | null;
}

/** `window.DubAnalytics`: what `useAnalytics()` shows. */
export interface DubPartnerData {
  partner?: Partner | null;
  discount?: Discount | null;
}

/** A partner link to register: Dub's short domain and the link's key. */
export interface TrackClickInput {
  domain: string;
  key: string;
}

/**
 * `window.dubAnalytics`, as Dub's script defines it and dub-track answers it. Its calls never
 * reject (failures reach `dubTrack.on('error')` and `dubtrack:error`): a lead or sale resolves
 * with its result once delivered, or `undefined` when it failed.
 */
export interface DubAnalyticsGlobal {
  /** Calls `callback` once this page's partner data is known (`window.DubAnalytics`). */
  (event: 'ready', callback: () => void): void;
  trackLead(input: LeadInput): Promise<LeadResult | undefined>;
  trackSale(input: SaleInput): Promise<SaleResult | undefined>;
  trackClick(click: TrackClickInput): Promise<void>;
}
