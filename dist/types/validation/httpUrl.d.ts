import * as v from 'valibot';
/** An absolute http(s) URL, as `apiHost` needs (`new URL` must take it too). */
export declare const httpUrl: v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined>;
