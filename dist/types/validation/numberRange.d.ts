import * as v from 'valibot';
/**
 * A number from `min` to `max` (a whole one when `integer`): one rule with one message instead of
 * valibot's number, integer, minValue and maxValue, which the engine chunk would carry for this alone.
 */
export declare const numberRange: (min: number, max: number, integer?: boolean) => v.CustomSchema<number, v.ErrorMessage<v.CustomIssue> | undefined>;
