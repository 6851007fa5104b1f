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
 * `run` answers one result per job, in order: a value, or an Error that rejects that job only.
 * Built on dataloader (batching, per-key results, batch size cap) with caching off and a
 * scheduler that holds a batch back while the slots are busy.
 */
export function groupCommitter<I, O>(run: (jobs: readonly I[]) => Promise<readonly (O | Error)[]>, options: GroupCommitOptions<I> = {}): (job: I) => Promise<O> {
  const concurrency = Math.max(1, options.concurrency ?? 1);
  let slotsTaken = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    // The slot passes straight to the waiting batch, so a newcomer cannot overtake it.
    if (next) setImmediate(next);
    else slotsTaken--;
  };
  const loader = new DataLoader<I, O, I>(
    async (jobs) => {
      try {
        const { weight, maxWeight } = options;
        if (!weight || maxWeight == null) return await run(jobs);
        const results: (O | Error)[] = [];
        for (const part of partsByWeight(jobs, weight, maxWeight)) results.push(...(await run(part)));
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
  return (job) => loader.load(job);
}
