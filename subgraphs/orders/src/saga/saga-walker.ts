/**
 * A saga as a table, and the walker that runs it. Each row is `{ name, invoke, compensate, retry }`;
 * the walker runs the rows forward (invoke) until the last one, or, after a business failure or past
 * the deadline, turns back and runs every row's compensation, last row first. Storing progress is
 * the saga owner's: the walker hands every move to a `StepStore`, so which steps are written and
 * which stay in memory remains the saga's own choice. Nothing here knows orders (it may move to the
 * kit once a second saga needs it).
 */

/** How the remote calls of a step are retried. */
export interface RetryPolicy {
  /** Failures worth another try (transport failures); any other error passes through at once. */
  retryable(err: unknown): boolean;
  /** How long one call may keep retrying, in ms; past it the walk is suspended (`SagaSuspendedError`). */
  budgetMs: number;
  /** Wait before the second try, in ms; doubled after every try, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

/** The policy of a step that makes no remote call: nothing is retried. */
export const NO_RETRY: RetryPolicy = { retryable: () => false, budgetMs: 0, firstDelayMs: 0, maxDelayMs: 0 };

/** A retryable failure that outlasted its retry budget: the walk stops, to be resumed later. */
export class SagaSuspendedError extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn`, retrying the failures `policy` calls retryable with exponential backoff for at most its
 * budget; then throws `SagaSuspendedError`. Other errors pass through.
 */
export async function withRetry<T>(policy: RetryPolicy, fn: () => Promise<T>): Promise<T> {
  const until = Date.now() + policy.budgetMs;
  let delay = policy.firstDelayMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!policy.retryable(err)) throw err;
      if (Date.now() + delay > until) throw new SagaSuspendedError(err as Error);
      await sleep(delay);
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}

/** What the walker needs of a saga's state: where it stands, and where call times go (debug log). */
export interface WalkState<Step extends string> {
  readonly step: Step;
  /** Milliseconds per remote call, by call name. */
  timings: Record<string, number>;
}

/** What a step's invoke or compensate is given: the state, and a way to make remote calls. */
export interface StepContext<S> {
  state: S;
  /** Runs one remote call under the step's retry policy, timed as `name`. */
  call<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** A step's outcome: writes to store with the step, or business failures (the saga turns back). */
export type StepResult<W, F> = { ok: true; writes: W } | { ok: false; errors: F[] };

/** One row of a saga table. */
export interface SagaStepDef<S, Step extends string, W, F> {
  /** The step the saga stands at once `invoke` succeeded. */
  name: Step;
  /** Does the step's work; its remote effects are idempotent by key, since a resumed walk repeats them. */
  invoke(ctx: StepContext<S>): Promise<StepResult<W, F>>;
  /**
   * Undoes the step's effect: idempotent, and harmless when the effect never happened (the backward
   * path runs every row's compensation, since a resumed walk cannot know how far a crashed one got).
   * Null when the step leaves nothing to undo.
   */
  compensate: ((ctx: StepContext<S>) => Promise<void>) | null;
  /** How the step's remote calls, forward and backward, are retried. */
  retry: RetryPolicy;
}

/** A saga: its forward steps in order, and the two steps of its backward path. */
export interface SagaTable<S, Step extends string, W, F> {
  /** Where a new saga stands (nothing done yet): the first row runs next. */
  start: Step;
  /** The forward steps in order; the last one is final. */
  steps: readonly SagaStepDef<S, Step, W, F>[];
  /** Where the saga stands while it compensates (stored before the first compensation runs). */
  compensating: Step;
  /** The backward path's final step (stored once every compensation ran). */
  compensated: Step;
  /** Failures that turn the saga back because it is past its deadline; null while there is time. */
  overdue(state: S): F[] | null;
  /** Records why the saga turns back; returns the writes stored with `compensating`. */
  turnBack(state: S, errors: F[]): W;
  /** The writes stored with `compensated`, once every compensation ran. */
  compensatedWrites(state: S): W;
}

/**
 * Stores that the saga reached `step`, with the step's writes, and moves `state.step` to it; when it
 * throws, `state.step` stays where it was.
 */
export type StepStore<S, Step extends string, W> = (state: S, step: Step, writes: W) => Promise<void>;

/** Walks a saga table from the step a saga stands at to a final step (see the file comment). */
export class SagaWalker<S extends WalkState<Step>, Step extends string, W, F> {
  /** Position of each step in the table; the start stands before the first row. */
  private readonly positions: Map<Step, number>;

  constructor(readonly table: SagaTable<S, Step, W, F>) {
    this.positions = new Map(table.steps.map((s, i) => [s.name, i]));
    this.positions.set(table.start, -1);
  }

  /**
   * Runs `state` until it stands at the last forward step or at `compensated`. Errors of calls and
   * of `store` pass through: `SagaSuspendedError` when a call's retries ran out, anything unexpected
   * as it is; the saga then stands at the last step stored and a later walk continues from there.
   */
  async walk(state: S, store: StepStore<S, Step, W>): Promise<void> {
    const { table } = this;
    const last = table.steps.at(-1)!.name;
    while (state.step !== last && state.step !== table.compensated) {
      if (state.step === table.compensating) {
        await this.backward(state, store);
        continue;
      }
      const overdue = table.overdue(state);
      if (overdue) {
        await store(state, table.compensating, table.turnBack(state, overdue));
        continue;
      }
      const step = this.after(state.step);
      const result = await step.invoke(this.context(state, step));
      if (result.ok) await store(state, step.name, result.writes);
      else await store(state, table.compensating, table.turnBack(state, result.errors));
    }
  }

  /** Every row's compensation, last row first, then the backward path's final step. */
  private async backward(state: S, store: StepStore<S, Step, W>): Promise<void> {
    for (const step of [...this.table.steps].reverse())
      if (step.compensate) await step.compensate(this.context(state, step));
    await store(state, this.table.compensated, this.table.compensatedWrites(state));
  }

  /** The row that runs after `step`. */
  private after(step: Step): SagaStepDef<S, Step, W, F> {
    const position = this.positions.get(step);
    const next = position === undefined ? undefined : this.table.steps[position + 1];
    if (!next) throw new Error(`a saga at step ${step} has no step to run next`);
    return next;
  }

  private context(state: S, step: SagaStepDef<S, Step, W, F>): StepContext<S> {
    return {
      state,
      call: async (name, fn) => {
        const t0 = performance.now();
        try {
          return await withRetry(step.retry, fn);
        } finally {
          state.timings[name] = Math.round(performance.now() - t0);
        }
      },
    };
  }
}
