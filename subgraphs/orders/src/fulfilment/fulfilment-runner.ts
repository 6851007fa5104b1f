import { ServiceCallError, type Logger } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { FulfilmentTask, FulfilmentTaskStatus, type FulfilmentTaskKind } from '../entities/fulfilment-task.entity.js';

/** A refusal of one effect: the code and message the service answered. */
export interface EffectRefused {
  ok: false;
  code: string;
  message: string;
}

/** What an effect answered: done (with writes to make as it is recorded), or refused. */
export type EffectAnswer = { ok: true; record?: (tx: EntityManager) => Promise<void> } | EffectRefused;

/** One remote effect of a task: a service call idempotent by the task's key. */
export interface TaskEffect<P> {
  name: string;
  invoke: (payload: P, task: FulfilmentTask) => Promise<EffectAnswer>;
}

/** One row of the task table: the effects of a kind, and what its end writes. */
export interface TaskKindDef<P = unknown> {
  kind: FulfilmentTaskKind;
  /** The effects, all run at once; an effect already in `effects_done` is skipped. */
  effects: (payload: P) => TaskEffect<P>[];
  /** False while the task must wait (CANCEL_REST waits for its order's SHIP tasks). */
  ready?: (em: EntityManager, task: FulfilmentTask) => Promise<boolean>;
  /** Writes made with DONE, in its transaction. */
  done?: (tx: EntityManager, task: FulfilmentTask, payload: P) => Promise<void>;
  /** Writes made with FAILED (settlement FAILED, the FULFILMENT_FAILED alert), in its transaction. */
  failed?: (
    tx: EntityManager,
    task: FulfilmentTask,
    payload: P,
    refusal: EffectRefused & { effect: string },
  ) => Promise<void>;
}

/** The runner's tunables (config.ts). */
export interface FulfilmentSettings {
  /** How long one effect retries transport failures, in ms. */
  stepTimeoutMs: number;
  /** How long a process owns a task after claiming it, in ms (the resumer waits for it). */
  leaseMs: number;
}

/** How a run ended. */
export type RunEnd = FulfilmentTaskStatus | 'WAITING' | 'SUSPENDED' | 'MISSING';

/** Names in `effects_done`. */
function doneSet(task: Pick<FulfilmentTask, 'effectsDone'>): Set<string> {
  return new Set(task.effectsDone ? task.effectsDone.split(',') : []);
}

/**
 * Runs fulfilment tasks (docs/design/order-to-cash.md §4.3): the effects of a task at once, each
 * retried on transport failures with backoff for at most `stepTimeoutMs`, each answer recorded
 * with a guarded `update … set effects_done = ? where id = ? and effects_done = ?` (so a re-run
 * skips it, and two runs never lose one's record). All done: DONE with the kind's writes. A
 * business refusal: FAILED with the kind's writes (never compensated: goods moved). Transport
 * failures beyond the budget leave the task PENDING for the resumer.
 */
export class FulfilmentRunner {
  private readonly kinds = new Map<FulfilmentTaskKind, TaskKindDef>();

  constructor(
    kinds: TaskKindDef<never>[],
    readonly settings: FulfilmentSettings,
    private readonly log: Logger,
    /** TEST-ONLY: called after an effect answered, before its record is written (simulates a crash). */
    private readonly faultAfterEffect?: (kind: FulfilmentTaskKind, effect: string) => void,
  ) {
    for (const k of kinds) this.kinds.set(k.kind, k as TaskKindDef);
  }

  /** Claims a task whose lease ran out (one conditional update); false when another process holds it. */
  async claim(root: EntityManager, task: Pick<FulfilmentTask, 'id' | 'leaseUntil'>): Promise<boolean> {
    const now = new Date();
    const n = await root
      .fork()
      .nativeUpdate(
        FulfilmentTask,
        { id: task.id, status: FulfilmentTaskStatus.PENDING, leaseUntil: task.leaseUntil },
        { leaseUntil: new Date(now.getTime() + this.settings.leaseMs), updatedAt: now },
      );
    return n === 1;
  }

  /** Runs the task's remaining effects; answers how the run ended. */
  async run(root: EntityManager, taskId: string): Promise<RunEnd> {
    const task = await root.fork().findOne(FulfilmentTask, { id: taskId });
    if (!task) return 'MISSING';
    if (task.status !== FulfilmentTaskStatus.PENDING) return task.status;
    const def = this.kinds.get(task.kind);
    if (!def) throw new Error(`no fulfilment task kind ${task.kind}`);
    if (def.ready && !(await def.ready(root.fork(), task))) return 'WAITING';
    const payload = JSON.parse(task.payload) as unknown;
    const done = doneSet(task);
    const pending = def.effects(payload as never).filter((e) => !done.has(e.name));
    let chain = Promise.resolve();
    const record = (name: string, writes?: (tx: EntityManager) => Promise<void>) =>
      (chain = chain.then(() => this.recordEffect(root, task.id, name, writes)));
    const results = await Promise.allSettled(
      pending.map(async (effect) => {
        const answer = await this.withRetry(() => effect.invoke(payload as never, task));
        this.faultAfterEffect?.(task.kind, effect.name);
        if (answer.ok) await record(effect.name, answer.record);
        return { effect: effect.name, answer };
      }),
    );
    await chain;
    const refused = results.flatMap((r) =>
      r.status === 'fulfilled' && !r.value.answer.ok
        ? [{ ...(r.value.answer as EffectRefused), effect: r.value.effect }]
        : [],
    );
    if (refused.length) return this.fail(root, task, def, payload, refused[0]!);
    const thrown = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (thrown) return this.suspend(root, task, thrown.reason);
    return this.finish(root, task, def, payload);
  }

  /** Runs `fn`, retrying retryable transport failures with backoff (25 ms doubling, ≤ 1 s) within the budget. */
  private async withRetry<T>(fn: () => Promise<T>): Promise<T> {
    const until = Date.now() + this.settings.stepTimeoutMs;
    let delay = 25;
    for (;;) {
      try {
        return await fn();
      } catch (err) {
        if (!(err instanceof ServiceCallError && err.retryable) || Date.now() + delay > until) throw err;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 1000);
      }
    }
  }

  /** Adds `name` to effects_done with a guarded update (re-read and merged when another run wrote first). */
  private async recordEffect(
    root: EntityManager,
    id: string,
    name: string,
    writes?: (tx: EntityManager) => Promise<void>,
  ): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const written = await root.fork().transactional(async (tx) => {
        const row = await tx.findOneOrFail(FulfilmentTask, { id }, { fields: ['effectsDone'] });
        const names = doneSet(row);
        if (names.has(name)) return true;
        names.add(name);
        const n = await tx.nativeUpdate(
          FulfilmentTask,
          { id, effectsDone: row.effectsDone },
          { effectsDone: [...names].join(','), updatedAt: new Date() },
        );
        if (n !== 1) return false;
        await writes?.(tx);
        return true;
      });
      if (written) return;
    }
    throw new Error(`effects_done of fulfilment task ${id} kept changing`);
  }

  private async finish(root: EntityManager, task: FulfilmentTask, def: TaskKindDef, payload: unknown): Promise<RunEnd> {
    await root.fork().transactional(async (tx) => {
      const now = new Date();
      const n = await tx.nativeUpdate(
        FulfilmentTask,
        { id: task.id, status: FulfilmentTaskStatus.PENDING },
        { status: FulfilmentTaskStatus.DONE, doneAt: now, updatedAt: now, lastError: null },
      );
      if (n === 1) await def.done?.(tx, task, payload as never);
    });
    return FulfilmentTaskStatus.DONE;
  }

  private async fail(
    root: EntityManager,
    task: FulfilmentTask,
    def: TaskKindDef,
    payload: unknown,
    refusal: EffectRefused & { effect: string },
  ): Promise<RunEnd> {
    const message = `${refusal.effect}: ${refusal.code} ${refusal.message}`.slice(0, 500);
    await root.fork().transactional(async (tx) => {
      const now = new Date();
      const n = await tx.nativeUpdate(
        FulfilmentTask,
        { id: task.id, status: FulfilmentTaskStatus.PENDING },
        { status: FulfilmentTaskStatus.FAILED, lastError: message, updatedAt: now },
      );
      if (n === 1) await def.failed?.(tx, task, payload as never, refusal);
    });
    this.log.error({ taskId: task.id, kind: task.kind, subjectId: task.subjectId, refusal }, 'fulfilment task failed');
    return FulfilmentTaskStatus.FAILED;
  }

  private async suspend(root: EntityManager, task: FulfilmentTask, err: unknown): Promise<RunEnd> {
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    await root
      .fork()
      .nativeUpdate(
        FulfilmentTask,
        { id: task.id, status: FulfilmentTaskStatus.PENDING },
        { attempts: task.attempts + 1, lastError: message, updatedAt: new Date() },
      );
    this.log.warn({ taskId: task.id, kind: task.kind, err: message }, 'fulfilment task suspended for the resumer');
    return 'SUSPENDED';
  }
}
