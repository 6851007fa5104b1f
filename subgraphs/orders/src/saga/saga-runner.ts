import type { Logger } from '@dnp/subgraph-kit';
import { raw, type EntityManager } from '@mikro-orm/core';
import { OrderSaga, SagaStep } from '../entities/order-saga.entity.js';
import type { Order } from '../entities/order.entity.js';
import type { OrderErrorData } from './order-error.js';
import { placeOrderSaga } from './place-order.steps.js';
import type { SagaPayload } from './saga-payload.js';
import type { DealerInfo, SagaServices } from './saga-services.js';
import type { SagaSettings, SagaState, StepWrites } from './saga-state.js';
import { SagaLostError, SagaStore } from './saga-store.js';
import { SagaSuspendedError, SagaWalker } from './saga-walker.js';

/** The saga's tunables (defined in saga-state.ts; re-exported as the runner's settings). */
export type { SagaSettings } from './saga-state.js';

/** What one run of a saga ended with. */
export interface SagaRunResult {
  orderId: string;
  step: SagaStep;
  /** Rejection reasons when the run compensated a placement; empty otherwise. */
  errors: OrderErrorData[];
  /** True when a transport failure outlasted the step timeout: the resumer continues later. */
  suspended: boolean;
  /** The order columns this run wrote (status, prices, totals), so callers need not read the order back. */
  written: Partial<Order>;
}

/** A saga row as the runner starts from (read by `run`, or handed over by placeOrder). */
export interface SagaStart {
  step: SagaStep;
  payload: SagaPayload;
  deadlineAt: Date;
  /** The dealer as placeOrder read it while validating (saves the eligibility call); undefined = fetch. */
  prefetchedDealer?: DealerInfo | null;
  /** The seller of a two-tier order as placeOrder read it; undefined = fetch. */
  prefetchedSeller?: DealerInfo | null;
}

/**
 * Drives a placement saga (docs/order-saga.md) from its persisted step to the end: the step table
 * of place-order.steps.ts (eligibility, price, consume promotions, reserve stock, hold credit,
 * decide) walked by saga-walker.ts; or, after a business failure, past the deadline or when a
 * manager or the dealer undoes the order, the table's compensations (release credit hold,
 * reservation, promotion budgets). Progress is stored by saga-store.ts with a guard on the step
 * stored before, so two runs of the same saga (the placing request and the resumer) can never
 * both advance it.
 */
export class SagaRunner {
  private readonly walker: SagaWalker<SagaState, SagaStep, StepWrites, OrderErrorData>;
  private readonly store: SagaStore;

  constructor(
    readonly services: SagaServices,
    readonly settings: SagaSettings,
    private readonly log: Logger,
    /** Called for the test-only fault switch; the process exits by default. */
    onFault: (step: SagaStep) => void = () => process.exit(137),
  ) {
    this.walker = new SagaWalker(placeOrderSaga({ services, settings }));
    this.store = new SagaStore(settings, log, onFault);
  }

  /** Runs the saga of `orderId` until it is final or suspended. */
  async run(root: EntityManager, orderId: string, start?: SagaStart): Promise<SagaRunResult> {
    const resumed = !start;
    if (!start) {
      const row = await root.fork().findOne(OrderSaga, { orderId });
      if (!row) throw new Error(`no saga for order ${orderId}`);
      start = { step: row.step, payload: JSON.parse(row.payload) as SagaPayload, deadlineAt: row.deadlineAt };
    }
    const storedStep = start.step === SagaStep.ELIGIBLE ? SagaStep.STARTED : start.step;
    const state: SagaState = {
      orderId,
      ...start,
      timings: {},
      storedStep,
      lines: [],
      events: [],
      resumed,
      written: {},
      lastEventAt: start.deadlineAt.getTime() - this.settings.deadlineSeconds * 1000,
    };
    const began = performance.now();
    try {
      return await this.drive(root, state);
    } finally {
      this.log.debug(
        { orderId, step: state.step, ms: Math.round(performance.now() - began), timings: state.timings },
        'saga run',
      );
    }
  }

  private async drive(root: EntityManager, state: SagaState): Promise<SagaRunResult> {
    const { orderId } = state;
    try {
      await this.walker.walk(state, (s, next, writes) => this.store.persist(root, s, next, writes));
    } catch (err) {
      // Another run owns the saga now; it reports the outcome.
      if (err instanceof SagaLostError) return { orderId, step: state.step, errors: [], suspended: true, written: {} };
      // Transport failures past the step timeout, or unexpected errors: the resumer retries
      // until the deadline, then compensates.
      await this.store.recordError(root, state, err instanceof SagaSuspendedError ? err.cause : (err as Error));
      return { orderId, step: state.step, errors: [], suspended: true, written: {} };
    }
    const { outcome } = state.payload;
    const errors = state.step === SagaStep.COMPENSATED && outcome?.status === 'REJECTED' ? outcome.reasons : [];
    return { orderId, step: state.step, errors, suspended: false, written: state.written };
  }

  /**
   * Claims a saga for this process when no one else holds its lease (the resumer's entry):
   * one conditional update, so of several replicas exactly one wins.
   */
  async claim(root: EntityManager, orderId: string): Promise<boolean> {
    const now = new Date();
    const n = await root.fork().nativeUpdate(
      OrderSaga,
      { orderId, step: { $nin: [SagaStep.COMPLETED, SagaStep.COMPENSATED] }, leaseUntil: { $lt: now } },
      {
        leaseUntil: new Date(now.getTime() + this.settings.leaseMs),
        updatedAt: now,
        attempts: raw('attempts + 1') as never,
      },
    );
    return n === 1;
  }
}
