// pace: callers go in order, a slice of SLICE_MS at most per task, a burst in a task of its own
// after the one that made the calls, and each engine paces alone.
import { describe, expect, it } from 'vitest';
import { createPace, SLICE_MS } from '../../../src/engine/pace.js';

/** Resolves after the current macrotask (and every microtask before it). */
const nextMacrotask = () => new Promise((resolve) => setTimeout(resolve));

describe('createPace', () => {
  it('lets callers through in the order they came', async () => {
    const pace = createPace();
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => pace().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3]);
  });

  it('yields to the page once a slice has taken SLICE_MS', async () => {
    // Each read of the clock is 4 ms later: a slice lets through what fits in SLICE_MS.
    let clock = 0;
    const pace = createPace(() => (clock += 4));
    let through = 0;
    for (let i = 0; i < 10; i++) void pace().then(() => through++);
    // The burst starts in a task after this one; its first slice, in the task after that.
    for (let i = 0; i < 10 && !through; i++) await nextMacrotask();
    const firstSlice = through;
    expect(firstSlice).toBeGreaterThan(0);
    expect(firstSlice).toBeLessThanOrEqual(Math.ceil(SLICE_MS / 4));
    await nextMacrotask();
    expect(through).toBeGreaterThan(firstSlice);
    for (let i = 0; i < 10; i++) await nextMacrotask();
    expect(through).toBe(10);
  });

  it('lets a lone call through in the task that made it', async () => {
    const pace = createPace();
    let passed = false;
    void pace().then(() => {
      passed = true;
    });
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(passed).toBe(true);
  });

  it("starts a burst made in one task after that task: the page's task is not made longer", async () => {
    const pace = createPace();
    let through = 0;
    for (let i = 0; i < 3; i++) void pace().then(() => through++);
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(through).toBe(0);
    await nextMacrotask();
    expect(through).toBe(3);
  });

  it('keeps no state between engines: one pace draining does not hold another', async () => {
    let clock = 0;
    const busy = createPace(() => (clock += 100));
    for (let i = 0; i < 5; i++) void busy();
    const other = createPace();
    let passed = false;
    void other().then(() => {
      passed = true;
    });
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(passed).toBe(true);
  });
});
