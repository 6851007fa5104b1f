import { describe, expect, it } from 'vitest';
import {
  NO_RETRY,
  SagaSuspendedError,
  SagaWalker,
  withRetry,
  type RetryPolicy,
  type SagaStepDef,
  type SagaTable,
  type StepContext,
} from './saga-walker.js';

type Step = 'NEW' | 'A' | 'B' | 'C' | 'DONE' | 'UNDOING' | 'UNDONE';
interface ToyState {
  step: Step;
  timings: Record<string, number>;
  /** What happened, in order: invokes, compensations and stores. */
  log: string[];
  /** The step whose invoke fails with a business error. */
  failAt?: Step;
  overdue?: boolean;
  reasons?: string[];
}
type Row = SagaStepDef<ToyState, Step, string, string>;

class Transient extends Error {}
const retryTransient: RetryPolicy = {
  retryable: (err) => err instanceof Transient,
  budgetMs: 200,
  firstDelayMs: 1,
  maxDelayMs: 4,
};

function row(name: Step, undo: boolean): Row {
  return {
    name,
    invoke: async ({ state }) => {
      state.log.push(`invoke ${name}`);
      return state.failAt === name ? { ok: false, errors: [`${name} refused`] } : { ok: true, writes: `w${name}` };
    },
    compensate: undo
      ? async ({ state }) => {
          state.log.push(`undo ${name}`);
        }
      : null,
    retry: NO_RETRY,
  };
}

const table: SagaTable<ToyState, Step, string, string> = {
  start: 'NEW',
  steps: [row('A', true), row('B', false), row('C', true), row('DONE', false)],
  compensating: 'UNDOING',
  compensated: 'UNDONE',
  overdue: (state) => (state.overdue ? ['late'] : null),
  turnBack: (state, reasons) => {
    state.reasons = reasons;
    return 'why';
  },
  compensatedWrites: () => 'end',
};

const toy = (extra: Partial<ToyState> = {}): ToyState => ({ step: 'NEW', timings: {}, log: [], ...extra });
const store = async (state: ToyState, step: Step, writes: string) => {
  state.log.push(`store ${step} ${writes}`);
  state.step = step;
};

describe('SagaWalker', () => {
  it('walks every row forward, storing each step with its writes', async () => {
    const state = toy();
    await new SagaWalker(table).walk(state, store);
    expect(state.step).toBe('DONE');
    expect(state.log).toEqual([
      'invoke A',
      'store A wA',
      'invoke B',
      'store B wB',
      'invoke C',
      'store C wC',
      'invoke DONE',
      'store DONE wDONE',
    ]);
  });

  it('turns back on a business failure: stores why, then runs every compensation, last row first', async () => {
    const state = toy({ failAt: 'B' });
    await new SagaWalker(table).walk(state, store);
    expect(state.step).toBe('UNDONE');
    expect(state.reasons).toEqual(['B refused']);
    // C never ran, yet is undone: a resumed walk cannot know how far a crashed one got.
    expect(state.log).toEqual([
      'invoke A',
      'store A wA',
      'invoke B',
      'store UNDOING why',
      'undo C',
      'undo A',
      'store UNDONE end',
    ]);
  });

  it('turns back past the deadline before running the next row', async () => {
    const state = toy({ step: 'B', overdue: true });
    await new SagaWalker(table).walk(state, store);
    expect(state.reasons).toEqual(['late']);
    expect(state.log).toEqual(['store UNDOING why', 'undo C', 'undo A', 'store UNDONE end']);
  });

  it('continues from a stored step: the row after it forward, or only the backward path', async () => {
    const forward = toy({ step: 'B' });
    await new SagaWalker(table).walk(forward, store);
    expect(forward.log).toEqual(['invoke C', 'store C wC', 'invoke DONE', 'store DONE wDONE']);
    const backward = toy({ step: 'UNDOING', overdue: true });
    await new SagaWalker(table).walk(backward, store);
    expect(backward.log).toEqual(['undo C', 'undo A', 'store UNDONE end']);
    const final = toy({ step: 'UNDONE' });
    await new SagaWalker(table).walk(final, store);
    expect(final.log).toEqual([]);
  });

  it('lets a failing store stop the walk where the saga stood', async () => {
    const state = toy();
    const failing = async (s: ToyState, step: Step) => {
      if (step === 'B') throw new Error('lost');
      s.step = step;
    };
    await expect(new SagaWalker(table).walk(state, failing)).rejects.toThrow('lost');
    expect(state.step).toBe('A');
  });

  it("times each remote call by name and retries it under the row's policy", async () => {
    let left = 2;
    const flaky: Row = {
      name: 'A',
      invoke: async (ctx: StepContext<ToyState>) => {
        const v = await ctx.call('remote', async () => {
          if (left-- > 0) throw new Transient('down');
          return 'up';
        });
        return { ok: true, writes: v };
      },
      compensate: null,
      retry: retryTransient,
    };
    const state = toy();
    await new SagaWalker({ ...table, steps: [flaky] }).walk(state, store);
    expect(state.log).toEqual(['store A up']);
    expect(state.timings.remote).toBeGreaterThanOrEqual(0);
  });
});

describe('withRetry', () => {
  it('retries retryable failures, passes others through at once, and suspends past the budget', async () => {
    let calls = 0;
    await expect(
      withRetry(retryTransient, async () => {
        calls++;
        throw new Error('business');
      }),
    ).rejects.toThrow('business');
    expect(calls).toBe(1);

    const cause = new Transient('still down');
    const started = Date.now();
    const err = await withRetry({ ...retryTransient, budgetMs: 30 }, async () => {
      throw cause;
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SagaSuspendedError);
    expect((err as SagaSuspendedError).cause).toBe(cause);
    expect(Date.now() - started).toBeLessThan(200);

    await expect(
      withRetry(NO_RETRY, async () => {
        throw new Transient('no policy');
      }),
    ).rejects.toBeInstanceOf(Transient);
  });
});
