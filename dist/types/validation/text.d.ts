import * as v from 'valibot';
/**
 * A string that `pattern` matches (tested on the trimmed string when `trimmed`; the schema trims
 * it after): one custom rule with one message, so valibot's string and regex are not bundled.
 */
export declare const text: (pattern: RegExp, message: string, trimmed?: boolean) => v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>;
