import type { PartnerHost } from '../contract.js';
export declare const createOutbound: (host: PartnerHost) => () => void;
