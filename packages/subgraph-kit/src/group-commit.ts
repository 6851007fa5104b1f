import DataLoader from 'dataloader';

/** Tuning of a group committer. */
export interface GroupCommitOptions<I = never> {
  /** Most jobs one batch takes (more wait for the next batch). */
  maxBatch?: number;
  /** Most batches running at once; a job submitted while they all run joins the next batch. */
  concurrency?: number;
  /**
   * The size of a job (rows it writes), with `maxWeight`: a batch is run as consecutive parts of
   * at most `maxWeight` (a heavier job alone), so one statement never carries more rows and
   * parameters than the database takes (SQLite binds at most 32,766 per statement).
   */
  weight?: (job: I) => number;
  maxWeight?: number;
  /**
   * True for an error that means the batch could not be written as a whole (a unique key used
   * twice, a lost race, a deadlock): every job of the batch then runs alone instead of failing.
   * Other errors reject every job of the batch.
   */
  retryAlone?: (err: unknown) => boolean;
}

/** Splits `jobs` into consecutive parts of at most `maxWeight` (a heavier job makes a part of its own). */
export function partsByWeight<I>(jobs: readonly I[], weight: (job: I) => number, maxWeight: number): I[][] {
  const parts: I[][] = [];
  let part: I[] = [];
  let total = 0;
  for (const job of jobs) {
    const w = weight(job);
    if (part.length && total + w > maxWeight) {
      parts.push(part);
      part = [];
      total = 0;
    }
    part.push(job);
    total += w;
  }
  if (part.length) parts.push(part);
  return parts;
}

/**
 * Group commit: concurrent jobs of one kind run as batches (one transaction, multi-row writes,
 * one round trip per statement for all of them) instead of one by one.
 *
 * A job submitted while fewer than `concurrency` batches run opens a batch that starts at the
 * next turn of the event loop (`setImmediate`), so every request whose I/O landed in the same
 * poll phase joins it; while all slots are busy, jobs gather in the next batch, which starts as
 * soon as a running batch ends. An idle system runs each job alone with no added wait; a busy
 * one gets larger batches, which is when amortising pays.
 *
 * `run` writes a batch of two or more jobs and answers one result per job, in order: a value,
 * an Error that rejects that job only, or null for a job the batch leaves to `alone`. A lone job
 * goes to `alone` at once (the batch would be the same work), and so does every job of a batch
 * whose error `retryAlone` accepts; `alone` runs outside the batch's slot, so lone jobs never
 * queue behind each other. Built on dataloader (batching, per-key results, batch size cap) with
 * caching off and a scheduler that holds a batch back while the slots are busy.
 */
export function groupCommitter<I, O>(
  run: (jobs: readonly I[]) => Promise<readonly (O | Error | null)[]>,
  alone: (job: I) => Promise<O>,
  options: GroupCommitOptions<I> = {},
): (job: I) => Promise<O> {
  const concurrency = Math.max(1, options.concurrency ?? 1);
  let slotsTaken = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    // The slot passes straight to the waiting batch, so a newcomer cannot overtake it.
    if (next) setImmediate(next);
    else slotsTaken--;
  };
  const runPart = async (jobs: readonly I[]): Promise<readonly (O | Error | null)[]> => {
    if (jobs.length < 2) return jobs.map(() => null);
    try {
      return await run(jobs);
    } catch (err) {
      if (options.retryAlone?.(err)) return jobs.map(() => null);
      throw err;
    }
  };
  const loader = new DataLoader<I, O | null, I>(
    async (jobs) => {
      try {
        const { weight, maxWeight } = options;
        if (!weight || maxWeight == null) return await runPart(jobs);
        const results: (O | Error | null)[] = [];
        for (const part of partsByWeight(jobs, weight, maxWeight)) results.push(...(await runPart(part)));
        return results;
      } finally {
        release();
      }
    },
    {
      cache: false,
      maxBatchSize: Math.max(1, options.maxBatch ?? 64),
      batchScheduleFn: (dispatch) => {
        if (slotsTaken < concurrency) {
          slotsTaken++;
          setImmediate(dispatch);
        } else {
          waiting.push(dispatch);
        }
      },
    },
  );
  return async (job) => {
    const result = await loader.load(job);
    return result === null ? alone(job) : result;
  };
}
