/** Consent given or refused after calls were made: the calls held for it settle now. */
import { type Context } from './context.js';
/**
 * Given: what waited in memory reaches storage, and the held calls are delivered (their promises
 * get the outcome), then the rest of the outbox. Refused: the held calls are rejected and the
 * memory the engine kept is emptied (the core has already removed what earlier pages left).
 */
export declare const consent: (ctx: Context, granted: boolean) => void;
