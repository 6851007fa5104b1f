import { DeadlockException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { holdRequestErrors } from './keyed-hold.js';
import {
  answerRefusals,
  holdCommitter,
  HoldRaceLost,
  HoldRefusal,
  isHoldConflict,
  writeByKey,
  type KeyedWrite,
} from './keyed-hold-write.js';
import { domainError } from './user-error.js';

const unique = () => new UniqueConstraintViolationException(new Error('Duplicate entry'));
const deadlock = () => new DeadlockException(new Error('Deadlock found'));
const refused = (code: string) => new HoldRefusal(domainError(code, `refused: ${code}`, null));

/** A write whose tries fail in turn with `failures` (then succeed), recording what was asked of it. */
function scripted(failures: unknown[], overrides: Partial<KeyedWrite<string>> = {}) {
  const calls: string[] = [];
  const write: KeyedWrite<string> = {
    attempt: async (together) => {
      calls.push(together ? 'together' : 'alone');
      const failure = failures.shift();
      if (failure) throw failure;
      return 'held';
    },
    replay: async () => (calls.push('replay'), null),
    gaveUp: (lost) => [domainError('GAVE_UP', `gave up on ${lost?.subject ?? 'locks'}`, null)],
    ...overrides,
  };
  return { calls, write };
}

describe('hold requests', () => {
  it('holdRequestErrors checks the key, then the dealer id', () => {
    expect(holdRequestErrors({ key: 'ord_1', dealerId: 'dlr_T01' })).toEqual([]);
    expect(holdRequestErrors({ key: '', dealerId: 'dealer 1' }).map((e) => [e.code, e.field, e.message])).toEqual([
      ['BAD_USER_INPUT', 'key', expect.stringMatching(/^key must be 1 to 120 characters/)],
      ['BAD_USER_INPUT', 'dealerId', '"dealer 1" is not a dealer id'],
    ]);
    expect(holdRequestErrors({ key: 'ord_1', dealerId: `dlr_${'x'.repeat(37)}` })).toHaveLength(1);
  });

  it('HoldRefusal carries one or more errors; answerRefusals answers them, other errors pass', async () => {
    const one = refused('A');
    expect(one.errors.map((e) => e.code)).toEqual(['A']);
    expect(one.message).toBe('refused: A');
    expect(new HoldRefusal([domainError('A', 'a'), domainError('B', 'b')]).errors).toHaveLength(2);
    expect(await answerRefusals(async () => 'held')).toEqual({ row: 'held', errors: [] });
    expect(
      await answerRefusals(async () => {
        throw one;
      }),
    ).toEqual({ row: null, errors: one.errors });
    await expect(
      answerRefusals(async () => {
        throw new Error('bug');
      }),
    ).rejects.toThrow('bug');
  });

  it('isHoldConflict: a used key, a lost race and lock errors, nothing else', () => {
    expect([unique(), new HoldRaceLost(), deadlock()].map(isHoldConflict)).toEqual([true, true, true]);
    expect([new Error('x'), refused('A')].map(isHoldConflict)).toEqual([false, false]);
  });
});

describe('writeByKey', () => {
  it('tries first together, then alone after each lost race or deadlock', async () => {
    const explained: (string | null)[] = [];
    const { calls, write } = scripted([new HoldRaceLost('prd_1'), deadlock()], {
      explain: async (lost) => void explained.push(lost.subject),
    });
    expect(await writeByKey(write)).toBe('held');
    expect(calls).toEqual(['together', 'alone', 'alone']);
    expect(explained).toEqual(['prd_1']);
  });

  it('gives up after the last try with the refusal of the last race lost', async () => {
    const failures = [deadlock(), new HoldRaceLost('prd_2'), new HoldRaceLost('prd_3')];
    const { calls, write } = scripted(failures, { maxAttempts: 3 });
    await expect(writeByKey(write)).rejects.toMatchObject({
      errors: [{ code: 'GAVE_UP', message: 'gave up on prd_3' }],
    });
    expect(calls).toHaveLength(3);
  });

  it('an explained race ends with its refusal', async () => {
    const { calls, write } = scripted([new HoldRaceLost()], {
      explain: async () => {
        throw refused('CREDIT_LIMIT_EXCEEDED');
      },
    });
    await expect(writeByKey(write)).rejects.toMatchObject({ errors: [{ code: 'CREDIT_LIMIT_EXCEEDED' }] });
    expect(calls).toEqual(['together']);
  });

  it('a key used before is answered from its hold (a repeat), or fails when there is none', async () => {
    const repeat = scripted([unique()], { replay: async () => 'held before' });
    expect(await writeByKey(repeat.write)).toBe('held before');
    expect(repeat.calls).toEqual(['together']);
    const lost = scripted([unique()]);
    await expect(writeByKey(lost.write)).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  });

  it('a refusal is answered from the hold under the key only when the subgraph refuses before the insert', async () => {
    const plain = scripted([refused('INSUFFICIENT_STOCK')], { replay: async () => 'held before' });
    await expect(writeByKey(plain.write)).rejects.toMatchObject({ errors: [{ code: 'INSUFFICIENT_STOCK' }] });
    const replayed = scripted([refused('INSUFFICIENT_STOCK')], {
      replay: async () => 'held before',
      replayRefusals: true,
    });
    expect(await writeByKey(replayed.write)).toBe('held before');
    const unused = scripted([refused('INSUFFICIENT_STOCK')], { replayRefusals: true });
    await expect(writeByKey(unused.write)).rejects.toMatchObject({ errors: [{ code: 'INSUFFICIENT_STOCK' }] });
    // A refusal of the replay itself (the key was reused) is the answer.
    const reused = scripted([unique()], {
      replay: async () => {
        throw refused('IDEMPOTENCY_KEY_REUSED');
      },
    });
    await expect(writeByKey(reused.write)).rejects.toMatchObject({ errors: [{ code: 'IDEMPOTENCY_KEY_REUSED' }] });
  });

  it('other errors are thrown at once', async () => {
    const { calls, write } = scripted([new Error('disk full')]);
    await expect(writeByKey(write)).rejects.toThrow('disk full');
    expect(calls).toEqual(['together']);
  });
});

describe('holdCommitter', () => {
  it('writes concurrent holds as one batch, and runs them alone when the batch hits a conflict', async () => {
    const batches: number[][] = [];
    const alone: number[] = [];
    let conflict = false;
    const hold = holdCommitter<number, string>(
      async (jobs) => {
        batches.push([...jobs]);
        if (conflict) throw new HoldRaceLost();
        return jobs.map((j) => (j === 3 ? refused('NO') : `batch ${j}`));
      },
      async (job) => (alone.push(job), `alone ${job}`),
    );
    const results = await Promise.allSettled([1, 2, 3].map(hold));
    expect(batches).toEqual([[1, 2, 3]]);
    expect(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as HoldRefusal).errors[0]!.code)),
    ).toEqual(['batch 1', 'batch 2', 'NO']);
    conflict = true;
    expect(await Promise.all([4, 5].map(hold))).toEqual(['alone 4', 'alone 5']);
    expect(alone).toEqual([4, 5]);
  });
});
