/**
 * The own-property boundary: a copy of what the page handed over that holds only its own
 * enumerable properties, in objects without a prototype, so that nothing a page puts on
 * `Object.prototype` (an `apiHost`, a `consent`, an enumerable `foo`) is read as if it were given.
 * Plain objects and arrays are copied through; anything else (a `Date`, a string) is kept as is.
 * The page's getters run once, here. Copied 40 levels deep (a cycle stays a cycle below that,
 * for the checks to refuse: no event nests that deep).
 */
export const own = <T>(value: T, depth = 0): T => {
  const list = Array.isArray(value);
  if (
    !value ||
    typeof value !== 'object' ||
    depth > 40 ||
    !(list || [Object.prototype, null].includes(Object.getPrototypeOf(value)))
  )
    return value;
  const copy = (list ? [] : { __proto__: null }) as Record<string, unknown>;
  for (const key of Object.keys(value))
    copy[key] = own((value as Record<string, unknown>)[key], depth + 1);
  return copy as T;
};

/** How much of a key from the page a message may quote. */
const KEY_LENGTH = 40;

/**
 * A key (or dotted path) from the page as a message may name it: a plain field name as it is,
 * anything else JSON-escaped (quotes, control characters, lone surrogates) and cut short.
 */
export const keyName = (key: unknown): string => {
  const text = String(key);
  if (/^[\w$.-]{1,64}$/.test(text)) return text;
  return JSON.stringify(text.length > KEY_LENGTH ? `${text.slice(0, KEY_LENGTH)}…` : text);
};
