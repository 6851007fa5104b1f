import { describe, expect, it } from 'vitest';
import { groupCommitter, partsByWeight, type GroupCommitOptions } from './group-commit.js';

const tick = () => new Promise((r) => setImmediate(r));

/** A committer that records its batches and holds the first one until `finish()`. */
function heldFirstBatch(result: (job: number) => number, options: GroupCommitOptions<number> = {}) {
  const batches: number[][] = [];
  let release: (() => void) | undefined;
  const submit = groupCommitter(async (jobs: readonly number[]) => {
    batches.push([...jobs]);
    if (batches.length === 1) await new Promise<void>((r) => (release = r));
    return jobs.map(result);
  }, options);
  return { submit, batches, finish: () => release!() };
}

describe('groupCommitter', () => {
  it('runs a lone job alone, at once', async () => {
    const batches: number[][] = [];
    const submit = groupCommitter(async (jobs: readonly number[]) => {
      batches.push([...jobs]);
      return jobs.map((j) => j * 2);
    });
    expect(await submit(21)).toBe(42);
    expect(batches).toEqual([[21]]);
  });

  it('gathers jobs submitted while a batch runs into the next batch', async () => {
    const { submit, batches, finish } = heldFirstBatch((j) => j + 1);
    const first = submit(1);
    await tick();
    await tick();
    const rest = [2, 3, 4].map((j) => submit(j));
    await tick();
    await tick();
    expect(batches).toEqual([[1]]); // the others wait for the running batch
    finish();
    expect(await Promise.all([first, ...rest])).toEqual([2, 3, 4, 5]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects only the job whose result is an Error', async () => {
    const submit = groupCommitter(async (jobs: readonly number[]) => jobs.map((j) => (j < 0 ? new Error(`bad ${j}`) : j)));
    const [a, b, c] = await Promise.allSettled([submit(1), submit(-1), submit(2)]);
    expect(a).toEqual({ status: 'fulfilled', value: 1 });
    expect(b.status === 'rejected' && (b.reason as Error).message).toBe('bad -1');
    expect(c).toEqual({ status: 'fulfilled', value: 2 });
  });

  it('rejects every job of a batch that throws, and keeps serving', async () => {
    let fail = true;
    const submit = groupCommitter(async (jobs: readonly number[]) => {
      if (fail) throw new Error('down');
      return jobs;
    });
    const settled = await Promise.allSettled([submit(1), submit(2)]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await submit(3)).toBe(3);
  });

  it('caps the batch size and the batches running at once', async () => {
    let running = 0;
    let most = 0;
    const sizes: number[] = [];
    const submit = groupCommitter(async (jobs: readonly number[]) => {
      running++;
      most = Math.max(most, running);
      sizes.push(jobs.length);
      await tick();
      running--;
      return jobs;
    }, { maxBatch: 3, concurrency: 2 });
    const all = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(i)));
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10);
    expect(most).toBe(2);
  });

  it('runs a batch in parts of at most maxWeight, a heavier job alone, results in order', async () => {
    const { submit, batches, finish } = heldFirstBatch((j) => j * 10, { weight: (j) => j, maxWeight: 5 });
    const first = submit(1);
    await tick();
    await tick();
    const rest = [2, 3, 9, 1, 1].map((j) => submit(j));
    await tick();
    finish();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 90, 10, 10]);
    expect(batches).toEqual([[1], [2, 3], [9], [1, 1]]);
  });
});

describe('partsByWeight', () => {
  it('keeps order and never exceeds the limit except for a single heavy job', () => {
    expect(partsByWeight([1, 2, 3, 4, 10, 1], (n) => n, 5)).toEqual([[1, 2], [3], [4], [10], [1]]);
    expect(partsByWeight([], (n: number) => n, 5)).toEqual([]);
  });
});
