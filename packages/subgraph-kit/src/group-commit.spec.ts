import { describe, expect, it } from 'vitest';
import { groupCommitter } from './group-commit.js';

const tick = () => new Promise((r) => setImmediate(r));

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
    const batches: number[][] = [];
    let finish: (() => void) | undefined;
    const submit = groupCommitter(async (jobs: readonly number[]) => {
      batches.push([...jobs]);
      if (batches.length === 1) await new Promise<void>((r) => (finish = r));
      return jobs.map((j) => j + 1);
    });
    const first = submit(1);
    await tick();
    await tick();
    const rest = [2, 3, 4].map((j) => submit(j));
    await tick();
    await tick();
    expect(batches).toEqual([[1]]); // the others wait for the running batch
    finish!();
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
});
