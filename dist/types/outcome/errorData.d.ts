import type { DubTrackError, DubTrackErrorFields, DubTrackErrorName } from './DubTrackError.js';
/**
 * A failure as data: the name, message and fields of the `DubTrackError` it becomes. Delivery
 * returns it, and a tab leaves it in storage for another page; the error itself is built once,
 * where its final `willRetry` and `kept` are known (`toError`).
 */
export type ErrorData = DubTrackErrorFields & {
    name: DubTrackErrorName;
    message: string;
};
/** The error `data` describes, of the host's class, with its final fields (`final`). */
export declare const toError: (Failure: typeof DubTrackError, { name, message, ...fields }: ErrorData, final?: DubTrackErrorFields) => DubTrackError;
