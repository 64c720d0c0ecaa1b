import * as v from 'valibot';

/**
 * A number from `min` to `max` (a whole one when `integer`): one rule with one message instead of
 * valibot's number, integer, minValue and maxValue, which the engine chunk would carry for this alone.
 */
export const numberRange = (min: number, max: number, integer?: boolean) =>
  v.custom<number>(
    (value) =>
      typeof value === 'number' &&
      value >= min &&
      value <= max &&
      (!integer || Number.isInteger(value)),
    `Invalid number: expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`,
  );
