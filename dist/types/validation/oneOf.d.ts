import * as v from 'valibot';
/** One of the values of `list`: a custom rule, so valibot's picklist is not bundled for this alone. */
export declare const oneOf: <const T extends string | boolean>(list: readonly T[]) => v.CustomSchema<T, v.ErrorMessage<v.CustomIssue> | undefined>;
