/**
 * `value` as JSON text, as `JSON.stringify` writes plain data (plain objects, arrays, strings,
 * numbers, booleans, `null`, and `Date` as its ISO string), without consulting any `toJSON`.
 * Index loops only: the page may have patched the array methods and iterators too.
 */
export declare const toJson: (value: unknown) => string | undefined;
/**
 * `value` as JSON text, or `undefined` when the text does not read back as `value` (the page
 * replaced `JSON.stringify` or `JSON.parse` before this script started): never a bent body.
 */
export declare function serialize(value: unknown): string | undefined;
/**
 * A copy of plain data as JSON would carry it (a `Date` becomes its ISO string). Never throws:
 * where the text cannot be read back (a replaced `JSON`), the value itself, which `serialize`
 * then refuses.
 */
export declare const copyJson: <T>(value: T) => T;
