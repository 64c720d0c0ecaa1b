/**
 * JSON that the page cannot bend. `JSON.stringify` consults `toJSON` on every object, so a
 * Prototype.js-style `Array.prototype.toJSON` turns `['a', 'b']` into `"a, b"`, and a page may
 * replace `JSON` itself. The built-ins are taken as this module loads; bodies are written by
 * `toJson`, which hands only strings, numbers and booleans to `JSON.stringify` (no `toJSON` is
 * looked up for those), and `serialize` checks that the text reads back as the value meant.
 */
const { stringify, parse } = JSON;
const { keys } = Object;
const { isArray } = Array;
const { hasOwn } = Object;
const toISOString = Date.prototype.toISOString;

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
 * `value` as JSON text, as `JSON.stringify` writes plain data (plain objects, arrays, strings,
 * numbers, booleans, `null`, and `Date` as its ISO string), without consulting any `toJSON`.
 * Index loops only: the page may have patched the array methods and iterators too.
 */
export const toJson = (value: unknown): string | undefined => {
  if (value instanceof Date) return stringify(dateJson(value));
  if (typeof value === 'function') return undefined;
  if (!value || typeof value !== 'object') return stringify(value);
  let text = '';
  if (isArray(value)) {
    for (let i = 0; i < value.length; i++) text += `${i ? ',' : ''}${toJson(value[i]) ?? 'null'}`;
    return `[${text}]`;
  }
  const names = keys(value);
  for (let i = 0; i < names.length; i++) {
    const item = toJson((value as Record<string, unknown>)[names[i]]);
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
 * A copy of plain data as JSON would carry it (a `Date` becomes its ISO string). Never throws:
 * where the text cannot be read back (a replaced `JSON`), the value itself, which `serialize`
 * then refuses.
 */
export const copyJson = <T>(value: T): T => {
  try {
    return parse(toJson(value) as string);
  } catch {
    return value;
  }
};
