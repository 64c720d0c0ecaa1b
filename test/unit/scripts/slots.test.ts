// `npm test`'s pool for the heavy jobs (scripts/e2e.mjs `slots`): never more than its size at
// once, started in the order asked, and a job that fails frees its slot.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without declarations
import { slots } from '../../../scripts/e2e.mjs';

interface Pool {
  run<T>(job: () => Promise<T> | T): Promise<T>;
}

/** A job that waits until `release()` is called, recording when it started. */
function gate(name: string, log: string[]) {
  let release = () => {};
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    job: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    release: () => release(),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('slots', () => {
  it('runs at most its size at once, in the order the jobs were asked for', async () => {
    const pool: Pool = slots(2);
    const log: string[] = [];
    const jobs = ['a', 'b', 'c', 'd'].map((name) => gate(name, log));
    const results = jobs.map(({ job }) => pool.run(job));
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    jobs[1].release();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    jobs[0].release();
    jobs[2].release();
    await tick();
    expect(log.filter((line) => line.startsWith('start'))).toEqual([
      'start a',
      'start b',
      'start c',
      'start d',
    ]);
    jobs[3].release();
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c', 'd']);
  });

  it('passes a failure to its caller and gives the slot to the next job', async () => {
    const pool: Pool = slots(1);
    const failed = pool.run(() => Promise.reject(new Error('suite crashed')));
    const next = pool.run(() => 'ran');
    await expect(failed).rejects.toThrow('suite crashed');
    await expect(next).resolves.toBe('ran');
  });
});
