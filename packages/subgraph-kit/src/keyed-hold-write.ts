import { DeadlockException, LockWaitTimeoutException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { groupCommitter, type GroupCommitOptions } from './group-commit.js';
import type { DomainError } from './user-error.js';

/**
 * Making a hold under an idempotency key (the keyed-hold protocol, `keyed-hold.ts`): the tries,
 * the group commit they share, and the answers of a key used before. What is held (stock lots,
 * an amount of credit) and how it is taken stay with the subgraph; this is the loop around it.
 */

/**
 * An expected refusal of a hold request: thrown inside the transaction so that nothing is
 * written, and answered as the payload's errors (`answerRefusals`).
 */
export class HoldRefusal extends Error {
  /** Why nothing was held (at least one). */
  readonly errors: DomainError[];

  constructor(errors: DomainError | readonly DomainError[]) {
    const list = Array.isArray(errors) ? [...errors] : [errors as DomainError];
    super(list[0]?.message ?? 'refused');
    this.errors = list;
  }
}

/**
 * A conditional update found what the hold takes gone (another writer got there first): the
 * transaction is rolled back and the hold tried again alone. `subject` names what was contended
 * (a product id), for the refusal when every try lost.
 */
export class HoldRaceLost extends Error {
  constructor(readonly subject: string | null = null) {
    super('lost a race for what the hold takes');
  }
}

/** True for a deadlock or a lock wait timeout: the transaction was rolled back and may simply run again. */
export function isTransientLockError(err: unknown): boolean {
  return err instanceof DeadlockException || err instanceof LockWaitTimeoutException;
}

/**
 * True when a group commit of holds could not be written as a whole (a key used before, a race
 * lost to another writer, a deadlock): its jobs then run alone, which sorts out which is which.
 */
export function isHoldConflict(err: unknown): boolean {
  return err instanceof UniqueConstraintViolationException || err instanceof HoldRaceLost || isTransientLockError(err);
}

/** Most holds one group commit takes, unless the subgraph says otherwise. */
export const HOLD_BATCH = 32;

/**
 * The group committer of a subgraph's holds (`groupCommitter`): concurrent holds in one
 * transaction; a batch that hits a hold conflict (`isHoldConflict`) runs job by job (`alone`).
 */
export function holdCommitter<J, R>(
  run: (jobs: readonly J[]) => Promise<readonly (R | Error | null)[]>,
  alone: (job: J) => Promise<R>,
  options: Omit<GroupCommitOptions<J>, 'retryAlone'> = {},
): (job: J) => Promise<R> {
  return groupCommitter(run, alone, { maxBatch: HOLD_BATCH, ...options, retryAlone: isHoldConflict });
}

/** How often a hold that lost a race (or a deadlock) is tried before it is refused. */
export const MAX_HOLD_ATTEMPTS = 5;

/** The subgraph's parts of `writeByKey`. */
export interface KeyedWrite<R> {
  /** One try: the first with whatever else is being held right now (`together`), later ones alone. */
  attempt(together: boolean): Promise<R>;
  /** The hold already made under the key (a repeat); null when there is none. Throws a HoldRefusal for a
   * key released first or used for a different request (`KeyedHoldTable.replay`). */
  replay(): Promise<R | null>;
  /**
   * True when a try may refuse (HoldRefusal) before it writes the key (stock planned before the
   * insert): the refusal is then answered by the hold already under the key, when there is one.
   */
  replayRefusals?: boolean;
  /** After a lost race: throws the HoldRefusal a fresh read explains, or returns to try again. */
  explain?(lost: HoldRaceLost): Promise<void>;
  /** Why nothing was held when every try lost (`lost`: the last race lost, null after deadlocks only). */
  gaveUp(lost: HoldRaceLost | null): Promise<DomainError[]> | DomainError[];
  /** Tries before giving up (`MAX_HOLD_ATTEMPTS`). */
  maxAttempts?: number;
}

/**
 * Makes a hold under its key, at most `maxAttempts` tries. No read of the key first: each try
 * inserts the hold before it takes anything, so a key used before fails on its unique index (a
 * repeated call, or a concurrent one that won) and is answered from the stored hold (`replay`).
 * A lost race or a deadlock tries again; a HoldRefusal ends it (thrown: `answerRefusals`).
 */
export async function writeByKey<R>(write: KeyedWrite<R>): Promise<R> {
  let lost: HoldRaceLost | null = null;
  for (let attempt = 0; attempt < (write.maxAttempts ?? MAX_HOLD_ATTEMPTS); attempt++) {
    try {
      return await write.attempt(attempt === 0);
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException || (err instanceof HoldRefusal && write.replayRefusals)) {
        const prior = await write.replay();
        if (prior) return prior;
        throw err;
      }
      if (err instanceof HoldRaceLost) {
        lost = err;
        await write.explain?.(err);
      } else if (!isTransientLockError(err)) {
        throw err;
      }
    }
  }
  throw new HoldRefusal(await write.gaveUp(lost));
}

/** What a hold request came to: the hold (made now or before), or why nothing was held. */
export interface HoldAnswer<R> {
  row: R | null;
  errors: DomainError[];
}

/** Runs a hold request, answering its HoldRefusal as errors (nothing was written); other errors are thrown. */
export async function answerRefusals<R>(run: () => Promise<R>): Promise<HoldAnswer<R>> {
  try {
    return { row: await run(), errors: [] };
  } catch (err) {
    if (!(err instanceof HoldRefusal)) throw err;
    return { row: null, errors: err.errors };
  }
}
