import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { registerEnumType } from 'type-graphql';

/**
 * Where a placement saga stands (docs/order-saga.md). The order of the values is the order of the
 * forward steps; COMPENSATING/COMPENSATED are the backward path.
 */
export enum SagaStep {
  /** Order and saga rows written (order PLACING); nothing asked of other services yet. */
  STARTED = 'STARTED',
  /** Dealer and products passed the eligibility checks (not persisted on its own: it is a read). */
  ELIGIBLE = 'ELIGIBLE',
  /** Priced by pricing's `quote`; line prices and totals are on the order. */
  PRICED = 'PRICED',
  /** pricing `consumePromotionBudget(idempotencyKey: orderId)` succeeded (or the quote applied no promotion). */
  PROMOTIONS_CONSUMED = 'PROMOTIONS_CONSUMED',
  /** finance `holdRebate(key: orderId)` succeeded (or the order pays nothing with its rebate balance). */
  REBATE_HELD = 'REBATE_HELD',
  /** inventory `reserveStock(key: orderId)` succeeded; the reservation lines are in the payload. */
  RESERVED = 'RESERVED',
  /** finance `holdCredit(key: orderId)` succeeded. */
  CREDIT_HELD = 'CREDIT_HELD',
  /** Decided: the order is APPROVED (with shipments) or PENDING_REVIEW. Final. */
  COMPLETED = 'COMPLETED',
  /**
   * Releasing the credit hold, the reservation, the rebate hold and the promotion budgets (rejected,
   * cancelled or past its deadline).
   */
  COMPENSATING = 'COMPENSATING',
  /** Everything released; the order is REJECTED or CANCELLED. Final. */
  COMPENSATED = 'COMPENSATED',
}
registerEnumType(SagaStep, {
  name: 'OrderSagaStep',
  description:
    'Where the placement saga of an order stands. STARTED, COMPLETED, COMPENSATING and COMPENSATED are ' +
    'stored; the steps between STARTED and the outcome pass in memory (their effects are keyed by the order ' +
    'id), so a crash resumes from STARTED or compensates.',
  valuesConfig: {
    STARTED: { description: 'Order written as PLACING; no other service asked yet.' },
    ELIGIBLE: { description: 'Dealer and products passed the eligibility checks.' },
    PRICED: { description: 'Priced by the pricing service.' },
    PROMOTIONS_CONSUMED: {
      description: "The applied promotions' budgets and per-dealer usage consumed by the pricing service.",
    },
    REBATE_HELD: { description: 'The rebate part of the total held on the rebate balance by the finance service.' },
    RESERVED: { description: 'Stock reserved by the inventory service.' },
    CREDIT_HELD: { description: 'Credit held by the finance service.' },
    COMPLETED: { description: 'Decided: APPROVED or PENDING_REVIEW. Final.' },
    COMPENSATING: {
      description: 'Releasing the credit hold, the stock reservation, the rebate hold and the promotion budgets.',
    },
    COMPENSATED: { description: 'Everything released; the order is REJECTED or CANCELLED. Final.' },
  },
});

/** Steps after which nothing is left to do. */
export const FINAL_SAGA_STEPS: readonly SagaStep[] = [SagaStep.COMPLETED, SagaStep.COMPENSATED];

/**
 * The persisted state of one order's placement saga (one row per order, same id). `payload`
 * holds what a resumed saga needs: the input lines, the dealer's claims, the eligibility
 * snapshot, the quote and the reservation. `leaseUntil` says until when a process works on it;
 * the resumer only claims sagas whose lease has run out.
 */
@Entity({ tableName: 'order_saga' })
@Index({ properties: ['step', 'leaseUntil'] })
export class OrderSaga {
  @PrimaryKey({ type: 'string', length: 40 })
  orderId!: string;

  @Property({ type: 'string', length: 40 })
  dealerId!: string;

  @Enum({ items: () => SagaStep, nativeEnumName: undefined })
  step!: SagaStep;

  /** JSON text of `SagaPayload` (saga/saga-payload.ts). */
  @Property({ type: 'text' })
  payload!: string;

  /** How many times a process has worked on the saga (1 for the placing request, +1 per resume). */
  @Property({ type: 'integer' })
  attempts!: number;

  /** Last transport or unexpected failure, for operators; null when none. */
  @Property({ type: 'string', length: 500, nullable: true })
  lastError!: string | null;

  /** Past this instant an unfinished saga is compensated instead of continued. */
  @Property({ type: 'datetime' })
  deadlineAt!: Date;

  /** A process works on the saga until this instant; the resumer waits for it to pass. */
  @Property({ type: 'datetime' })
  leaseUntil!: Date;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
