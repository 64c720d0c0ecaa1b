/**
 * `value` as JSON text, as `JSON.stringify` writes it (plain objects, arrays, strings, numbers,
 * booleans, `null`, `Date` as its ISO string, an object's own or class `toJSON`), without
 * consulting a `toJSON` the page put on `Array.prototype`, `Object.prototype` or `Date.prototype`.
 * Index loops only: the page may have patched the array methods and iterators too.
 */
export declare const toJson: (value: unknown, key?: string) => string | undefined;
/**
 * `value` as JSON text, or `undefined` when the text does not read back as `value` (the page
 * replaced `JSON.stringify` or `JSON.parse` before this script started): never a bent body.
 */
export declare function serialize(value: unknown): string | undefined;
/**
 * A copy of `value` as JSON carries it (a `Date` becomes its ISO string, `undefined` is left
 * out), read back with the page's original `JSON.parse`. Throws where JSON cannot carry it (a
 * cycle, a BigInt) or where nothing would be written (`undefined`, a function).
 */
export declare const copyJson: <T>(value: T) => T;
