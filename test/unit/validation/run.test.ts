// run: a schema's run through its Standard Schema interface, as valibot's safeParse runs it.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { run } from '../../../src/validation/run.js';

const schema = v.strictObject({
  name: v.custom<string>((value) => typeof value === 'string', 'expected a name'),
  plan: v.optional(
    v.custom<string>((value) => value === 'pro', 'expected pro'),
    'pro',
  ),
});

describe('run', () => {
  it('gives the output, defaults included, and no issues when the input passes', () => {
    const result = run(schema, { name: 'a' });
    expect(result.issues).toBeUndefined();
    expect(result.value).toStrictEqual({ name: 'a', plan: 'pro' });
  });

  it('gives the same issues as safeParse when it fails', () => {
    for (const input of [{ name: 1, plan: 'free' }, { nam: 'a' }, null]) {
      const result = run(schema, input);
      expect(result.issues).toStrictEqual(v.safeParse(schema, input).issues);
      expect(result.issues?.length).toBeGreaterThan(0);
    }
  });
});
