import type { DubTrackErrorName } from '../outcome/DubTrackError.js';
export declare const errorNameOf: (status: number) => DubTrackErrorName;
/** Statuses worth another attempt: the answer may differ later. Every other one is final. */
export declare const RETRIED_STATUSES: number[];
/** Dub's error body `{"error":{"code","message","doc_url"}}`, when the answer has one. */
export declare function dubErrorBody(data: unknown): {
    code?: string;
    message?: string;
    docUrl?: string;
};
