/**
 * The own-property boundary: a copy of what the page handed over that holds only its own
 * enumerable properties, in objects without a prototype, so that nothing a page puts on
 * `Object.prototype` (an `apiHost`, a `consent`, an enumerable `foo`) is read as if it were given.
 * Plain objects and arrays are copied through; anything else (a `Date`, a string) is kept as is.
 * The page's getters run once, here. Copied 40 levels deep (a cycle stays a cycle below that,
 * for the checks to refuse: no event nests that deep).
 */
export declare const own: <T>(value: T, depth?: number) => T;
/**
 * A key (or dotted path) from the page as a message may name it: a plain field name as it is,
 * anything else JSON-escaped (quotes, control characters, lone surrogates) and cut short.
 */
export declare const keyName: (key: unknown) => string;
