// createLimit keeps at most N deliveries in flight and starts the rest in call order.
import { describe, expect, it } from 'vitest';
import { createLimit } from '../../../src/delivery/limit.js';

/** A task whose end the test decides, and a log of what ran. */
function harness() {
  let running = 0;
  let maxRunning = 0;
  const started: string[] = [];
  const finish = new Map<
    string,
    { resolve: (value: string) => void; reject: (e: Error) => void }
  >();
  const task = (name: string) => () => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    started.push(name);
    return new Promise<string>((resolve, reject) => {
      finish.set(name, { resolve, reject });
    }).finally(() => {
      running--;
    });
  };
  return {
    task,
    started,
    finish: (name: string) => finish.get(name)?.resolve(name),
    fail: (name: string) => finish.get(name)?.reject(new Error(name)),
    get running() {
      return running;
    },
    get maxRunning() {
      return maxRunning;
    },
  };
}

/** Lets every queued promise reaction run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createLimit', () => {
  it('runs up to N tasks at once and holds the others', async () => {
    const limit = createLimit(2);
    const h = harness();
    const results = ['a', 'b', 'c', 'd'].map((name) => limit(h.task(name)));
    await settle();
    expect(h.started).toEqual(['a', 'b']);
    expect(h.running).toBe(2);

    h.finish('a');
    await settle();
    expect(h.started).toEqual(['a', 'b', 'c']);
    h.finish('b');
    h.finish('c');
    await settle();
    h.finish('d');
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(h.maxRunning).toBe(2);
  });

  it('starts waiting tasks in call order', async () => {
    const limit = createLimit(1);
    const h = harness();
    const names = ['a', 'b', 'c', 'd', 'e'];
    const results = names.map((name) => limit(h.task(name)));
    for (const name of names) {
      await settle();
      h.finish(name);
    }
    await Promise.all(results);
    expect(h.started).toEqual(names);
    expect(h.maxRunning).toBe(1);
  });

  it('frees the place of a task that rejects, and passes the rejection on', async () => {
    const limit = createLimit(1);
    const h = harness();
    const failed = limit(h.task('a'));
    const next = limit(h.task('b'));
    await settle();
    h.fail('a');
    await expect(failed).rejects.toThrow('a');
    await settle();
    expect(h.started).toEqual(['a', 'b']);
    h.finish('b');
    await expect(next).resolves.toBe('b');
  });

  it('frees the place of a task that throws before returning a promise', async () => {
    const limit = createLimit(1);
    const failed = limit(() => {
      throw new Error('sync');
    });
    await expect(failed).rejects.toThrow('sync');
    await expect(limit(async () => 'after')).resolves.toBe('after');
  });

  it('hands a freed place to the waiting task, not to a call that arrives meanwhile', async () => {
    // A call made in reaction to the same promise that ends a running task lands between the
    // place being freed and the waiting task waking up; it must queue behind that task.
    const limit = createLimit(1);
    const h = harness();
    let endA!: () => void;
    const a = new Promise<void>((resolve) => {
      endA = resolve;
    });
    const started: string[] = [];
    void limit(() => {
      started.push('a');
      return a;
    });
    void limit(h.task('b'));
    const late = a.then(() => limit(h.task('c')));
    endA();
    await settle();
    expect(started).toEqual(['a']);
    expect(h.started).toEqual(['b']);
    expect(h.running).toBe(1);
    h.finish('b');
    await settle();
    expect(h.started).toEqual(['b', 'c']);
    h.finish('c');
    await expect(late).resolves.toBe('c');
    expect(h.maxRunning).toBe(1);
  });

  it('never exceeds N while tasks keep ending and new calls keep arriving', async () => {
    // Each task, once running, has a watcher start one more call the moment its work ends.
    const limit = createLimit(3);
    let running = 0;
    let maxRunning = 0;
    const all: Promise<void>[] = [];
    const call = (generation: number, ticks: number) => {
      all.push(
        limit(() => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          const work = (async () => {
            for (let i = 0; i < ticks; i++) await Promise.resolve();
            running--;
          })();
          if (generation < 3) {
            void Promise.resolve().then(() =>
              work.then(() => call(generation + 1, (ticks * 7 + 3) % 5)),
            );
          }
          return work;
        }),
      );
    };
    for (let i = 0; i < 12; i++) call(0, i % 5);
    while (all.length < 12 * 4) await settle();
    await Promise.all(all);
    expect(all).toHaveLength(48);
    expect(running).toBe(0);
    expect(maxRunning).toBe(3);
  });
});
