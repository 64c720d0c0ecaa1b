/**
 * Takes the prototype off every object of a schema tree (the schemas, their `entries`, pipes and
 * defaults), once, as the schemas are built. valibot 1.5.0's object schemas walk their `entries`
 * with `for…in` and read a member's optional parts (`fallback`, `default`) by plain property
 * access: an enumerable `Object.prototype.foo` makes every run throw (`foo` is no schema), and a
 * polluted `fallback` fills a missing required field (to be reported upstream to valibot; not
 * filed yet). Inputs are copied to objects without a prototype before they are checked (`own`),
 * so `key in input` is theirs alone.
 */
export function detachPrototypes<T>(schema: T, seen = new Set<unknown>()): T {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return schema;
  seen.add(schema);
  if (Array.isArray(schema)) {
    for (const item of schema) detachPrototypes(item, seen);
    return schema;
  }
  if (Object.getPrototypeOf(schema) !== Object.prototype) return schema;
  Object.setPrototypeOf(schema, null);
  for (const key of Object.keys(schema))
    detachPrototypes((schema as Record<string, unknown>)[key], seen);
  return schema;
}
