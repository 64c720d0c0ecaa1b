import type { DubTrackErrorName } from '../outcome/DubTrackError.js';
export declare const errorNameOf: (status: number) => DubTrackErrorName;
/** Dub's error body `{"error":{"code","message","doc_url"}}`, when the answer has one. */
export declare function dubErrorBody(data: unknown): {
    code?: string;
    message?: string;
    docUrl?: string;
};
