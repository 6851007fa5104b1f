import { describe, expect, it } from 'vitest';
import { groupCommitter, partsByWeight, type GroupCommitOptions } from './group-commit.js';

const tick = () => new Promise((r) => setImmediate(r));

/**
 * A committer over numbers that records its batches and the jobs run alone; with `hold`, the
 * first batch waits until `finish()`.
 */
function recording(
  result: (job: number) => number | Error | null,
  options: GroupCommitOptions<number> & { hold?: boolean } = {},
) {
  const batches: number[][] = [];
  const lone: number[] = [];
  let release: (() => void) | undefined;
  const submit = groupCommitter(
    async (jobs: readonly number[]) => {
      batches.push([...jobs]);
      if (options.hold && batches.length === 1) await new Promise<void>((r) => (release = r));
      return jobs.map(result);
    },
    async (job: number) => {
      lone.push(job);
      return -job;
    },
    options,
  );
  return { submit, batches, lone, finish: () => release!() };
}

/** Two jobs submitted in one tick form the first batch; the rest follow after two turns of the loop. */
async function firstPairThen(submit: (job: number) => Promise<number>, rest: number[]) {
  const first = [submit(1), submit(1)];
  await tick();
  await tick();
  return [...first, ...rest.map((j) => submit(j))];
}

describe('groupCommitter', () => {
  it('runs a lone job alone, at once, without a batch', async () => {
    const { submit, batches, lone } = recording((j) => j * 2);
    expect(await submit(21)).toBe(-21);
    expect(batches).toEqual([]);
    expect(lone).toEqual([21]);
  });

  it('gathers jobs submitted while a batch runs into the next batch', async () => {
    const { submit, batches, finish } = recording((j) => j + 1, { hold: true });
    const all = await firstPairThen(submit, [2, 3, 4]);
    await tick();
    await tick();
    expect(batches).toEqual([[1, 1]]); // the others wait for the running batch
    finish();
    expect(await Promise.all(all)).toEqual([2, 2, 3, 4, 5]);
    expect(batches).toEqual([
      [1, 1],
      [2, 3, 4],
    ]);
  });

  it('rejects only the job whose result is an Error, and runs alone the ones answered null', async () => {
    const { submit, lone } = recording((j) => (j < 0 ? new Error(`bad ${j}`) : j === 5 ? null : j));
    const [a, b, c, d] = await Promise.allSettled([submit(1), submit(-1), submit(2), submit(5)]);
    expect(a).toEqual({ status: 'fulfilled', value: 1 });
    expect(b.status === 'rejected' && (b.reason as Error).message).toBe('bad -1');
    expect(c).toEqual({ status: 'fulfilled', value: 2 });
    expect(d).toEqual({ status: 'fulfilled', value: -5 });
    expect(lone).toEqual([5]);
  });

  it('runs every job alone when the batch fails in a way retryAlone accepts; rejects them all otherwise', async () => {
    let failure = new Error('conflict');
    const lone: number[] = [];
    const submit = groupCommitter(
      async () => {
        throw failure;
      },
      async (job: number) => (lone.push(job), job),
      { retryAlone: (err) => (err as Error).message === 'conflict' },
    );
    expect(await Promise.all([submit(1), submit(2)])).toEqual([1, 2]);
    expect(lone).toEqual([1, 2]);
    failure = new Error('down');
    const settled = await Promise.allSettled([submit(3), submit(4)]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(lone).toEqual([1, 2]);
  });

  it('caps the batch size and the batches running at once', async () => {
    let running = 0;
    let most = 0;
    const sizes: number[] = [];
    const submit = groupCommitter(
      async (jobs: readonly number[]) => {
        running++;
        most = Math.max(most, running);
        sizes.push(jobs.length);
        await tick();
        running--;
        return jobs;
      },
      async (job: number) => job,
      { maxBatch: 3, concurrency: 2 },
    );
    const all = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(i)));
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(most).toBe(2);
  });

  it('runs a batch in parts of at most maxWeight, a part of one job alone, results in order', async () => {
    const { submit, batches, lone, finish } = recording((j) => j * 10, { weight: (j) => j, maxWeight: 5, hold: true });
    const all = await firstPairThen(submit, [2, 3, 9, 1, 1]);
    await tick();
    finish();
    expect(await Promise.all(all)).toEqual([10, 10, 20, 30, -9, 10, 10]);
    expect(batches).toEqual([
      [1, 1],
      [2, 3],
      [1, 1],
    ]);
    expect(lone).toEqual([9]);
  });
});

describe('partsByWeight', () => {
  it('keeps order and never exceeds the limit except for a single heavy job', () => {
    expect(partsByWeight([1, 2, 3, 4, 10, 1], (n) => n, 5)).toEqual([[1, 2], [3], [4], [10], [1]]);
    expect(partsByWeight([], (n: number) => n, 5)).toEqual([]);
  });
});
