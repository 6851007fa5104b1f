import { groupCommitter, updateEach, type Logger } from '@dnp/subgraph-kit';
import { DeadlockException, type EntityManager } from '@mikro-orm/core';
import { OrderEvent } from '../entities/order-event.entity.js';
import { OrderLine } from '../entities/order-line.entity.js';
import { OrderSaga, SagaStep } from '../entities/order-saga.entity.js';
import { Order, OrderStatus } from '../entities/order.entity.js';
import { ShipmentLine } from '../entities/shipment-line.entity.js';
import { Shipment } from '../entities/shipment.entity.js';
import { recordOrderStatusChanged } from '../services/order-events.js';
import { insertShipments } from '../services/shipment-writes.js';
import type { SagaSettings, SagaState, StepWrites } from './saga-state.js';

/** Another process took the saga over (its lease ran out); this run stops without writing. */
export class SagaLostError extends Error {
  constructor(orderId: string) {
    super(`saga ${orderId} was taken over by another run`);
  }
}

/**
 * Steps kept in memory only: a remote effect they stand for is keyed by the order id and
 * idempotent, so a run that restarts from the stored step (STARTED) after a crash repeats the
 * calls and receives the same reservation, hold and budget consumption. Their writes go out with
 * the next durable step, which saves a transaction per step on the hot path.
 */
export const VOLATILE_STEPS: ReadonlySet<SagaStep> = new Set([
  SagaStep.ELIGIBLE,
  SagaStep.PRICED,
  SagaStep.PROMOTIONS_CONSUMED,
  SagaStep.REBATE_HELD,
  SagaStep.RESERVED,
  SagaStep.CREDIT_HELD,
]);

/** A durable step waiting for a group commit. */
interface DurableWrite {
  root: EntityManager;
  state: SagaState;
  next: SagaStep;
  writes: StepWrites;
}

/**
 * Stores the progress of placement sagas (`order_saga`, and the order's rows that go with each
 * step): the walker's `StepStore`, plus the last failure of a suspended run for operators.
 */
export class SagaStore {
  constructor(
    private readonly settings: SagaSettings,
    private readonly log: Logger,
    /** Called for the test-only fault switch. */
    private readonly onFault: (step: SagaStep) => void,
  ) {}

  /**
   * Durable steps of concurrent sagas written together (group commit): one transaction, saga
   * rows and orders one statement each, every other table one multi-row insert. A saga another
   * run took over answers SagaLostError without stopping the others; a batch that cannot be
   * written as a whole (a guard failing for a row it cannot name, a deadlock) writes every saga
   * alone.
   */
  private readonly persistTogether = groupCommitter<DurableWrite, void>(
    async (jobs) => {
      const written = await jobs[0]!.root.fork().transactional((tx) => this.writeDurable(tx, jobs));
      return written.map((ok, i) => (ok ? undefined : new SagaLostError(jobs[i]!.state.orderId)));
    },
    async (job) => {
      const [ok] = await job.root.fork().transactional((tx) => this.writeDurable(tx, [job]));
      if (!ok) throw new SagaLostError(job.state.orderId);
    },
    {
      maxBatch: 32,
      // Rows per part (order lines, shipments and their lines): bounds the batch's statements.
      weight: ({ state, writes }) =>
        1 +
        state.lines.length +
        (writes.rows?.lines?.length ?? 0) +
        (writes.rows?.shipments?.length ?? 0) +
        (writes.rows?.shipmentLines?.length ?? 0),
      maxWeight: 400,
      retryAlone: (err) => err instanceof SagaLostError || err instanceof DeadlockException,
    },
  );

  /**
   * Moves the saga to `next`. A volatile step (VOLATILE_STEPS) only advances in memory and keeps
   * its rows for later; a durable one writes, in one transaction, the saga row (guarded on the
   * step stored before, so only one run can advance it; the lease renewed), the kept rows and
   * the step's own, the pending order columns (with the order's status move, if any) and the
   * timeline rows. Fires the test-only fault switch right after.
   */
  async persist(root: EntityManager, state: SagaState, next: SagaStep, writes: StepWrites = {}): Promise<void> {
    const t0 = performance.now();
    if (VOLATILE_STEPS.has(next)) {
      if (writes.rows?.lines) state.lines.push(...writes.rows.lines);
    } else {
      await this.persistTogether({ root, state, next, writes });
      const patch = writes.move ? { ...state.orderPatch, ...writes.move.columns } : state.orderPatch;
      if (patch) Object.assign(state.written, patch);
      state.lines = [];
      state.events = [];
      state.orderPatch = undefined;
      state.storedStep = next;
    }
    state.step = next;
    state.timings[`persist ${next}`] = Math.round(performance.now() - t0);
    if (this.settings.faultAfterStep === next) {
      this.log.warn(
        { orderId: state.orderId, step: next },
        'SAGA_FAULT_AFTER_STEP: exiting on purpose (test-only switch)',
      );
      this.onFault(next);
    }
  }

  /** Keeps the last transport failure on the saga for operators; the lease runs out for the resumer. */
  async recordError(root: EntityManager, state: SagaState, err: Error): Promise<void> {
    this.log.warn(
      { orderId: state.orderId, step: state.step, err: err.message },
      'saga step suspended; the resumer will continue it',
    );
    await root
      .fork()
      .nativeUpdate(
        OrderSaga,
        { orderId: state.orderId },
        { lastError: err.message.slice(0, 500), updatedAt: new Date() },
      )
      .catch(() => undefined);
  }

  /**
   * Writes durable steps in the caller's transaction, each table with one statement: per saga
   * whether it was written (false: its guard found another step stored, nothing was written for
   * it). Throws SagaLostError when an order that must move has moved already, or when in a batch
   * a guard failed for a row it cannot name (the batch is then written one by one).
   */
  private async writeDurable(tx: EntityManager, jobs: readonly DurableWrite[]): Promise<boolean[]> {
    const written = await this.advanceSagas(tx, jobs);
    const live = jobs.filter((j) => written.get(j.state));
    const moved = await this.writeOrders(tx, live);
    await insertRows(tx, live, moved);
    return jobs.map((j) => written.get(j.state)!);
  }

  /** The saga rows, one guarded statement per stored step (normally one for the whole batch). */
  private async advanceSagas(tx: EntityManager, jobs: readonly DurableWrite[]): Promise<Map<SagaState, boolean>> {
    const now = new Date();
    const written = new Map<SagaState, boolean>();
    const byStoredStep = new Map<SagaStep, DurableWrite[]>();
    for (const job of jobs) {
      const group = byStoredStep.get(job.state.storedStep);
      if (group) group.push(job);
      else byStoredStep.set(job.state.storedStep, [job]);
    }
    const leaseUntil = new Date(now.getTime() + this.settings.leaseMs);
    for (const [storedStep, group] of byStoredStep) {
      const n = await updateEach(
        tx,
        OrderSaga,
        group.map(({ state, next }) => ({
          id: state.orderId,
          set: { step: next, payload: JSON.stringify(state.payload), leaseUntil, updatedAt: now, lastError: null },
        })),
        { step: storedStep },
      );
      // Which saga another run advanced is known only for a lone one; a batch starts over one by one.
      if (n !== group.length && group.length > 1) throw new SagaLostError(group[0]!.state.orderId);
      for (const { state } of group) written.set(state, n === group.length);
    }
    return written;
  }

  /** The orders: status moves guarded on PLACING, price and total patches; true when the moves were made. */
  private async writeOrders(tx: EntityManager, live: readonly DurableWrite[]): Promise<boolean> {
    const moves = live.filter((j) => j.writes.move);
    const moved = await updateEach(
      tx,
      Order,
      moves.map(({ state, writes }) => ({ id: state.orderId, set: { ...state.orderPatch, ...writes.move!.columns } })),
      { status: OrderStatus.PLACING },
    );
    if (moved !== moves.length && (moves.length > 1 || moves[0]!.writes.move!.mustMove))
      throw new SagaLostError(moves[0]!.state.orderId);
    const patches = live.filter((j) => j.state.orderPatch && (!j.writes.move || moved !== moves.length));
    await updateEach(
      tx,
      Order,
      patches.map(({ state }) => ({ id: state.orderId, set: state.orderPatch! })),
    );
    return moved === moves.length;
  }
}

/** The status events of the moves made, then the rows of every saga written, one insert per table. */
async function insertRows(tx: EntityManager, live: readonly DurableWrite[], moved: boolean): Promise<void> {
  const lines: OrderLine[] = [];
  const shipments: Shipment[] = [];
  const shipmentLines: ShipmentLine[] = [];
  const events: OrderEvent[] = [];
  for (const { state, writes } of live) {
    if (writes.move && moved)
      recordOrderStatusChanged(
        tx,
        {
          id: state.orderId,
          dealerId: state.payload.claims.dealerId,
          regionPath: state.payload.claims.regionPath,
          sellerDealerId: state.payload.seller?.dealerId ?? null,
        },
        OrderStatus.PLACING,
        writes.move.to,
        writes.move.at,
      );
    lines.push(...state.lines, ...(writes.rows?.lines ?? []));
    shipments.push(...(writes.rows?.shipments ?? []));
    shipmentLines.push(...(writes.rows?.shipmentLines ?? []));
    // The timeline sorts by time: rows made within one millisecond (of each other, or of the
    // placement) keep the order they happened in.
    for (const event of state.events) {
      if (event.at.getTime() <= state.lastEventAt) event.at = new Date(state.lastEventAt + 1);
      state.lastEventAt = event.at.getTime();
    }
    events.push(...state.events);
  }
  // Parents before children: order lines, shipments, then the shipments' lines.
  if (lines.length) await tx.insertMany(OrderLine, lines);
  await insertShipments(tx, shipments, shipmentLines);
  if (events.length) await tx.insertMany(OrderEvent, events);
}
