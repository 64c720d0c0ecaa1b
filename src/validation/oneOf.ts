import * as v from 'valibot';

/** One of the values of `list`: a custom rule, so valibot's picklist is not bundled for this alone. */
export const oneOf = <const T extends string | boolean>(list: readonly T[]) =>
  v.custom<T>(
    (value) => list.includes(value as T),
    `Invalid value: expected one of ${list.join(', ')}`,
  );
