import type { CreatePartner } from '../contract.js';
/** sessionStorage: the partner link this visit registered (`domain/key`); a reload does not register it again. */
export declare const REGISTERED_KEY = "dub_track_click";
export declare const createPartner: CreatePartner;
