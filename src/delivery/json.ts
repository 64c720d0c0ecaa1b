/**
 * JSON that the page cannot bend. `JSON.stringify` consults `toJSON` on every object, so a
 * Prototype.js-style `Array.prototype.toJSON` turns `['a', 'b']` into `"a, b"`, and a page may
 * replace `JSON` itself. The built-ins are taken as this module loads; bodies are written by
 * `toJson`, which hands only strings, numbers and booleans to `JSON.stringify` (no `toJSON` is
 * looked up for those) and skips the toJSON of arrays and prototypes, and `serialize` checks that the text reads back as the value meant.
 */
const { stringify, parse } = JSON;
const { keys } = Object;
const { isArray } = Array;
const { hasOwn } = Object;
const toISOString = Date.prototype.toISOString;
/** What the page has put on `Object.prototype` as `toJSON`, read at each call. */
const objectToJson = () => (Object.prototype as { toJSON?: unknown }).toJSON;

/** Dropped from objects and written as `null` in arrays, as `JSON.stringify` does. */
const isSkipped = (value: unknown) =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** A valid `Date` as its ISO string, an invalid one as `null` (what `Date.prototype.toJSON` gives). */
const dateJson = (date: Date) => {
  try {
    return toISOString.call(date);
  } catch {
    return null;
  }
};

/**
 * `value` as JSON text, as `JSON.stringify` writes it (plain objects, arrays, strings, numbers,
 * booleans, `null`, `Date` as its ISO string, an object's own or class `toJSON`), without
 * consulting a `toJSON` the page put on `Array.prototype`, `Object.prototype` or `Date.prototype`.
 * Index loops only: the page may have patched the array methods and iterators too.
 */
export const toJson = (value: unknown, key = ''): string | undefined => {
  if (value instanceof Date) return stringify(dateJson(value));
  // A value's own `toJSON` (or its class's) is honoured, as JSON would; never one on arrays or the
  // one a page put on `Object.prototype` (plain objects are copied without a prototype anyway).
  const custom = value && typeof value === 'object' && (value as { toJSON?: unknown }).toJSON;
  if (typeof custom === 'function' && !isArray(value) && custom !== objectToJson())
    return toJson(custom.call(value, key));
  if (typeof value === 'function') return undefined;
  if (!value || typeof value !== 'object') return stringify(value);
  let text = '';
  if (isArray(value)) {
    for (let i = 0; i < value.length; i++)
      text += `${i ? ',' : ''}${toJson(value[i], `${i}`) ?? 'null'}`;
    return `[${text}]`;
  }
  const names = keys(value);
  for (let i = 0; i < names.length; i++) {
    const item = toJson((value as Record<string, unknown>)[names[i]], names[i]);
    if (item !== undefined) text += `${text ? ',' : ''}${stringify(names[i])}:${item}`;
  }
  return `{${text}}`;
};

/** Whether `got` (parsed JSON) is what `toJson(meant)` was meant to write. */
const isSame = (meant: unknown, got: unknown): boolean => {
  if (meant instanceof Date) return got === dateJson(meant);
  if (typeof meant === 'number' && !Number.isFinite(meant)) return got === null;
  if (!meant || typeof meant !== 'object') return meant === got;
  if (!got || typeof got !== 'object' || isArray(meant) !== isArray(got)) return false;
  const seen = got as Record<string, unknown>;
  if (isArray(meant)) {
    if (meant.length !== (got as unknown[]).length) return false;
    for (let i = 0; i < meant.length; i++)
      if (isSkipped(meant[i]) ? seen[i] !== null : !isSame(meant[i], seen[i])) return false;
    return true;
  }
  const names = keys(meant);
  let count = 0;
  for (let i = 0; i < names.length; i++) {
    const item = (meant as Record<string, unknown>)[names[i]];
    if (isSkipped(item)) {
      if (hasOwn(seen, names[i])) return false;
    } else if (!hasOwn(seen, names[i]) || !isSame(item, seen[names[i]])) return false;
    else count++;
  }
  return keys(seen).length === count;
};

/**
 * `value` as JSON text, or `undefined` when the text does not read back as `value` (the page
 * replaced `JSON.stringify` or `JSON.parse` before this script started): never a bent body.
 */
export function serialize(value: unknown): string | undefined {
  try {
    const text = toJson(value) as string;
    if (isSame(value, parse(text))) return text;
  } catch {}
}

/**
 * A copy of `value` as JSON carries it (a `Date` becomes its ISO string, `undefined` is left
 * out), read back with the page's original `JSON.parse`. Throws where JSON cannot carry it (a
 * cycle, a BigInt) or where nothing would be written (`undefined`, a function).
 */
export const copyJson = <T>(value: T): T => parse(toJson(value) as string);
