// detachPrototypes: valibot 1.5.0 object schemas keep working when a page puts enumerable or
// polluted properties on Object.prototype (they walk `entries` with for…in and read `fallback`).
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { detachPrototypes } from '../../../src/defences/detachPrototypes.js';

const polluted = Object.prototype as Record<string, unknown>;
afterEach(() => {
  delete polluted.foo;
  delete polluted.fallback;
});

const build = () =>
  v.strictObject({
    name: v.string(),
    nested: v.optional(v.strictObject({ n: v.optional(v.number()) }), {}),
  });
const input = () => Object.assign(Object.create(null), { name: 'a' });

describe('detachPrototypes', () => {
  it('pins valibot: an enumerable Object.prototype property breaks a plain schema', () => {
    const plain = build();
    polluted.foo = 1;
    expect(() => v.safeParse(plain, input())).toThrow();
  });

  it('keeps a detached schema working with an enumerable Object.prototype property', () => {
    const schema = detachPrototypes(build());
    polluted.foo = 1;
    const result = v.safeParse(schema, input());
    expect(result.success).toBe(true);
    expect(result.output).toEqual({ name: 'a', nested: {} });
  });

  it('keeps a polluted fallback from filling a missing required field', () => {
    const plain = build();
    const schema = detachPrototypes(build());
    Object.defineProperty(polluted, 'fallback', { value: 'evil', configurable: true });
    const empty = Object.create(null);
    expect(v.safeParse(plain, empty).success).toBe(true);
    expect(v.safeParse(schema, empty).success).toBe(false);
  });
});
