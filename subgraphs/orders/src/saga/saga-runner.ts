import { groupCommitter, newId, ServiceCallError, updateEach, type Logger } from '@dnp/subgraph-kit';
import { DeadlockException, raw, type EntityManager } from '@mikro-orm/core';
import { OrderEvent, OrderEventType } from '../entities/order-event.entity.js';
import { OrderLine } from '../entities/order-line.entity.js';
import { OrderSaga, SagaStep } from '../entities/order-saga.entity.js';
import { Order, OrderStatus } from '../entities/order.entity.js';
import { recordOrderStatusChanged } from '../services/order-events.js';
import { ShipmentLine } from '../entities/shipment-line.entity.js';
import { Shipment, ShipmentStatus } from '../entities/shipment.entity.js';
import { orderError, OrderErrorCode, type OrderErrorData } from './order-error.js';
import {
  allLines,
  mergeLines,
  planShipments,
  regionAuthorized,
  type SagaLine,
  type SagaOutcome,
  type SagaPayload,
} from './saga-payload.js';
import type { AppliedPromotionData, DealerInfo, QuoteData, SagaServices } from './saga-services.js';

/** Display name of the saga when it acts (automatic review, 自动审单). */
export const SYSTEM_ACTOR = '自动审单';
/** Largest amount a 32-bit integer column or GraphQL Int holds, in minor units. */
const MAX_INT = 2_147_483_647;

/** Tunables of the saga (from config.ts). */
export interface SagaSettings {
  /** Orders with a total at or above this (minor units) end PENDING_REVIEW. */
  reviewThresholdMinor: number;
  /** How long one step retries transport failures, in ms. */
  stepTimeoutMs: number;
  /** Sagas unfinished this long after they started are compensated, in seconds. */
  deadlineSeconds: number;
  /** How long a process owns a saga after each write, in ms (the resumer waits for it). */
  leaseMs: number;
  /** TEST-ONLY: exit right after persisting this step (SAGA_FAULT_AFTER_STEP). */
  faultAfterStep?: string;
}

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

/** Another process took the saga over (its lease ran out); this run stops without writing. */
export class SagaLostError extends Error {
  constructor(orderId: string) {
    super(`saga ${orderId} was taken over by another run`);
  }
}

/** A transport failure that outlasted the step's retries. */
class SagaSuspendedError extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

/** A status move of the order written with a durable step, guarded on the order still PLACING. */
interface OrderMove {
  to: OrderStatus;
  /** Columns written with the move (the pending order patch joins them). */
  columns: Partial<Order>;
  /** True when the order must move (else another run owns it: SagaLostError); false when a moved order stays as it is. */
  mustMove: boolean;
  /** Time of the status event. */
  at?: Date;
}

/** Rows a step inserts (plain data: no entity instances to build on the hot path). */
interface StepRows {
  lines?: OrderLine[];
  shipments?: Shipment[];
  shipmentLines?: ShipmentLine[];
}

/** What a step writes besides the saga row: rows to insert and the order's status move. */
interface StepWrites {
  rows?: StepRows;
  move?: OrderMove;
}

/** A durable step waiting for a group commit. */
interface DurableWrite {
  root: EntityManager;
  state: SagaState;
  next: SagaStep;
  writes: StepWrites;
}

interface SagaState {
  orderId: string;
  step: SagaStep;
  payload: SagaPayload;
  deadlineAt: Date;
  /** Milliseconds spent per remote call and per persisted step in this run (debug log). */
  timings: Record<string, number>;
  prefetchedDealer?: DealerInfo | null;
  /** The step stored in the saga row (what the next durable write is guarded on). */
  storedStep: SagaStep;
  /** Order lines of a volatile step (PRICED), inserted with the next durable step in its transaction. */
  lines: OrderLine[];
  /** Timeline rows waiting for the next durable write (one insert for all of them). */
  events: OrderEvent[];
  /** True when this run started from a stored row (the resumer): earlier runs' effects are unknown. */
  resumed: boolean;
  /** Order columns to write with the next durable step (prices and totals once priced). */
  orderPatch?: Partial<Order>;
  /** Order columns written so far by this run. */
  written: Partial<Order>;
  /** Time of the latest timeline row written (ms): later rows get a later time, so the timeline keeps their order. */
  lastEventAt: number;
}

/**
 * Steps kept in memory only: a remote effect they stand for is keyed by the order id and
 * idempotent, so a run that restarts from the stored step (STARTED) after a crash repeats the
 * calls and receives the same reservation, hold and budget consumption. Their writes go out with
 * the next durable step, which saves a transaction per step on the hot path.
 */
const VOLATILE_STEPS: ReadonlySet<SagaStep> = new Set([
  SagaStep.ELIGIBLE,
  SagaStep.PRICED,
  SagaStep.PROMOTIONS_CONSUMED,
  SagaStep.RESERVED,
  SagaStep.CREDIT_HELD,
]);

/** A saga row as the runner starts from (read by `run`, or handed over by placeOrder). */
export interface SagaStart {
  step: SagaStep;
  payload: SagaPayload;
  deadlineAt: Date;
  /** The dealer as placeOrder read it while validating (saves the eligibility call); undefined = fetch. */
  prefetchedDealer?: DealerInfo | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A system text of the timeline, as a code and arguments clients localize (`OrderEvent.messageCode` / `messageArgs`). */
export interface SystemMessage {
  code: string;
  args?: Record<string, unknown>;
}

/** One order timeline row; `message` is the localizable form of a system text. */
export function eventRow(
  orderId: string,
  type: OrderEventType,
  from: OrderStatus | null,
  to: OrderStatus | null,
  actor: { userId: string | null; name: string },
  comment: string | null,
  at = new Date(),
  message: SystemMessage | null = null,
): OrderEvent {
  // Plain data, not an entity instance: building one runs MikroORM's property hooks, and the row is only inserted.
  return {
    id: newId('oev'),
    orderId,
    type,
    fromStatus: from,
    toStatus: to,
    actorUserId: actor.userId,
    actorName: actor.name.slice(0, 120),
    comment: comment?.slice(0, 500) ?? null,
    at,
    messageCode: message?.code ?? null,
    messageArgs: message?.args ? JSON.stringify(message.args) : null,
  };
}

/** What `Order.appliedPromotions` stores (JSON), per promotion the quote applied. */
export interface OrderPromotionData {
  promotionId: string;
  name: string;
  discountMinor: number;
  giftValueMinor: number;
}

/** The order's applied promotions as stored, or null when the quote applied none. */
export function orderPromotionsJson(applied: AppliedPromotionData[] | undefined): string | null {
  if (!applied?.length) return null;
  const rows: OrderPromotionData[] = applied.map((a) => ({
    promotionId: a.promotionId,
    name: a.name,
    discountMinor: a.discountMinor,
    giftValueMinor: a.giftValueMinor,
  }));
  return JSON.stringify(rows);
}

/** The shipments (and their lines) of an approved order, from its reservation. */
export function shipmentRows(orderId: string, payload: SagaPayload): { shipments: Shipment[]; lines: ShipmentLine[] } {
  const plans = planShipments(allLines(payload), payload.reservation?.lines ?? []);
  const shipments: Shipment[] = [];
  const lines: ShipmentLine[] = [];
  for (const plan of plans) {
    const shipment: Shipment = {
      id: newId('shp'),
      orderId,
      warehouseId: plan.warehouseId,
      status: ShipmentStatus.PENDING,
      shippedAt: null,
      deliveredAt: null,
      trackingNumber: null,
    };
    shipments.push(shipment);
    for (const l of plan.lines)
      lines.push({ shipmentId: shipment.id, orderLineId: l.orderLineId, quantity: l.quantity } as ShipmentLine);
  }
  return { shipments, lines };
}

/**
 * consumePromotionBudget refusals as rejection reasons: BUDGET_EXHAUSTED → PROMOTION_BUDGET_EXHAUSTED,
 * USAGE_LIMIT_REACHED → PROMOTION_USAGE_LIMIT_REACHED (the promotion is named from the error's
 * field "promotions[i]…"); other codes pass through.
 */
export function promotionErrors(applied: AppliedPromotionData[], errors: OrderErrorData[]): OrderErrorData[] {
  const codes: Record<string, string> = {
    BUDGET_EXHAUSTED: OrderErrorCode.PROMOTION_BUDGET_EXHAUSTED,
    USAGE_LIMIT_REACHED: OrderErrorCode.PROMOTION_USAGE_LIMIT_REACHED,
  };
  return errors.map((e) => {
    const m = /^promotions\[(\d+)\]/.exec(e.field ?? '');
    const promotion = m ? applied[Number(m[1])] : undefined;
    const code = codes[e.code] ?? e.code;
    const message =
      promotion && codes[e.code]
        ? `Promotion "${promotion.name}" (${promotion.promotionId}) ${e.code === 'BUDGET_EXHAUSTED' ? 'ran out of budget' : 'reached its per-dealer order limit'} after the quote; place the order again for a new price`
        : e.message;
    return orderError(code, message);
  });
}

/** Short text of rejection reasons for the timeline comment. */
export function reasonsText(reasons: OrderErrorData[]): string {
  return reasons.map((r) => (r.productId ? `${r.code} (${r.productId})` : r.code)).join(', ');
}

/**
 * Drives a placement saga (docs/order-saga.md) from its persisted step to the end: eligibility,
 * price, reserve stock, hold credit, decide; or, after a business failure, past the deadline or
 * when a manager or the dealer undoes the order, the compensation (release credit hold, release
 * reservation). Every step is persisted with a guard on the step it started from, so two runs of
 * the same saga (the placing request and the resumer) can never both advance it.
 */
export class SagaRunner {
  constructor(
    readonly services: SagaServices,
    readonly settings: SagaSettings,
    private readonly log: Logger,
    /** Called for the test-only fault switch; the process exits by default. */
    private readonly onFault: (step: SagaStep) => void = () => process.exit(137),
  ) {}

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
    let errors: OrderErrorData[] = [];
    try {
      for (;;) {
        if (state.step === SagaStep.COMPLETED || state.step === SagaStep.COMPENSATED) break;
        if (state.step !== SagaStep.COMPENSATING && Date.now() > state.deadlineAt.getTime()) {
          await this.beginCompensation(
            root,
            state,
            this.rejection([
              orderError(OrderErrorCode.SAGA_DEADLINE_EXCEEDED, 'Placement did not finish in time; nothing was kept'),
            ]),
          );
          continue;
        }
        const failure = await this.step(root, state);
        if (failure) {
          errors = failure;
          await this.beginCompensation(root, state, this.rejection(failure));
        }
      }
    } catch (err) {
      // Another run owns the saga now; it reports the outcome.
      if (err instanceof SagaLostError) return { orderId, step: state.step, errors: [], suspended: true, written: {} };
      // Transport failures past the step timeout, or unexpected errors: the resumer retries
      // until the deadline, then compensates.
      await this.recordError(root, state, err instanceof SagaSuspendedError ? err.cause : (err as Error));
      return { orderId, step: state.step, errors: [], suspended: true, written: {} };
    }
    if (state.step === SagaStep.COMPENSATED && state.payload.outcome?.status === 'REJECTED')
      errors = state.payload.outcome.reasons;
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

  /** Executes the step after `state.step`; returns business errors, or null when the saga moved on. */
  private async step(root: EntityManager, state: SagaState): Promise<OrderErrorData[] | null> {
    const { payload } = state;
    switch (state.step) {
      case SagaStep.STARTED: {
        const failure = await this.eligibility(state);
        if (failure.length) return failure;
        state.step = SagaStep.ELIGIBLE; // a read: persisted together with PRICED
        return null;
      }
      case SagaStep.ELIGIBLE: {
        const outcome = await this.retry(state, 'quote', () =>
          this.services.quote(
            this.claimsOf(payload),
            payload.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
          ),
        );
        if (!outcome.ok) return outcome.errors;
        const quote = outcome.value;
        if (quote.totalMinor > MAX_INT || quote.lines.some((l) => l.lineTotalMinor > MAX_INT)) {
          return [
            orderError(
              OrderErrorCode.CREDIT_LIMIT_EXCEEDED,
              'The order total exceeds any credit line; split the order',
            ),
          ];
        }
        if (quote.lines.length < payload.lines.length)
          throw new Error(`quote of order ${state.orderId} has fewer lines than the order`);
        payload.giftLines = await this.giftLines(state, quote);
        payload.quote = quote;
        payload.linesWritten = true;
        const itemCount = allLines(payload).reduce((s, l) => s + l.quantity, 0);
        state.orderPatch = {
          currency: quote.currency,
          subtotalMinor: quote.subtotalMinor,
          discountMinor: quote.discountMinor,
          totalMinor: quote.totalMinor,
          itemCount,
          appliedPromotions: orderPromotionsJson(quote.appliedPromotions),
          updatedAt: new Date(),
        };
        await this.persist(root, state, SagaStep.PRICED, { rows: { lines: this.lineRows(state) } });
        return null;
      }
      case SagaStep.PRICED: {
        // Budgets and per-dealer limits are consumed with the order id as key (a replay after a
        // crash changes nothing); a budget that ran out since the quote rejects the order.
        const applied = payload.quote?.appliedPromotions ?? [];
        if (applied.length) {
          const outcome = await this.retry(state, 'consumePromotionBudget', () =>
            this.services.consumePromotionBudget({
              idempotencyKey: state.orderId,
              dealerId: payload.claims.dealerId,
              orderId: state.orderId,
              promotions: applied.map((a) => ({ promotionId: a.promotionId, amountMinor: a.benefitMinor })),
            }),
          );
          if (!outcome.ok) return promotionErrors(applied, outcome.errors);
          payload.promotionsConsumed = true;
        }
        await this.persist(root, state, SagaStep.PROMOTIONS_CONSUMED);
        return null;
      }
      case SagaStep.PROMOTIONS_CONSUMED: {
        const outcome = await this.retry(state, 'reserveStock', () =>
          this.services.reserveStock({
            key: state.orderId,
            dealerId: payload.claims.dealerId,
            regionPath: payload.claims.regionPath,
            lines: mergeLines(allLines(payload)),
          }),
        );
        if (!outcome.ok) return this.withLineIndexes(state, outcome.errors);
        payload.reservation = outcome.value;
        const units = outcome.value.lines.reduce((s, l) => s + l.quantity, 0);
        const warehouses = new Set(outcome.value.lines.map((l) => l.warehouseId)).size;
        state.events.push(
          eventRow(
            state.orderId,
            OrderEventType.STOCK_RESERVED,
            null,
            null,
            { userId: null, name: SYSTEM_ACTOR },
            `${units} units in ${warehouses} warehouse(s)`,
            undefined,
            { code: 'STOCK_RESERVED_SUMMARY', args: { units, warehouses } },
          ),
        );
        await this.persist(root, state, SagaStep.RESERVED);
        return null;
      }
      case SagaStep.RESERVED: {
        const total = payload.quote?.totalMinor ?? 0;
        if (total > 0) {
          const outcome = await this.retry(state, 'holdCredit', () =>
            this.services.holdCredit({ key: state.orderId, dealerId: payload.claims.dealerId, amountMinor: total }),
          );
          if (!outcome.ok) return outcome.errors;
          payload.holdId = outcome.value.id;
        }
        state.events.push(
          eventRow(
            state.orderId,
            OrderEventType.CREDIT_HELD,
            null,
            null,
            { userId: null, name: SYSTEM_ACTOR },
            null,
            undefined,
            { code: 'CREDIT_HELD_SUMMARY', args: { amountMinor: total, currency: payload.quote?.currency ?? 'CNY' } },
          ),
        );
        await this.persist(root, state, SagaStep.CREDIT_HELD);
        return null;
      }
      case SagaStep.CREDIT_HELD: {
        const review = (payload.quote?.totalMinor ?? 0) >= this.settings.reviewThresholdMinor;
        const to = review ? OrderStatus.PENDING_REVIEW : OrderStatus.APPROVED;
        const actor = { userId: null, name: SYSTEM_ACTOR };
        let rows: StepRows = {};
        if (review) {
          state.events.push(
            eventRow(
              state.orderId,
              OrderEventType.REVIEW_REQUESTED,
              OrderStatus.PLACING,
              to,
              actor,
              `订单金额达到人工审核阈值 (≥ ${this.settings.reviewThresholdMinor / 100})`,
              undefined,
              {
                code: 'REVIEW_THRESHOLD_REACHED',
                args: {
                  thresholdMinor: this.settings.reviewThresholdMinor,
                  currency: payload.quote?.currency ?? 'CNY',
                },
              },
            ),
          );
        } else {
          state.events.push(
            eventRow(
              state.orderId,
              OrderEventType.APPROVED,
              OrderStatus.PLACING,
              to,
              actor,
              '库存、信用、区域授权校验通过',
              undefined,
              { code: 'AUTO_REVIEW_PASSED' },
            ),
          );
          const { shipments, lines } = shipmentRows(state.orderId, payload);
          rows = { shipments, shipmentLines: lines };
        }
        await this.persist(root, state, SagaStep.COMPLETED, {
          rows,
          move: { to, columns: { status: to, updatedAt: new Date() }, mustMove: true },
        });
        return null;
      }
      case SagaStep.COMPENSATING: {
        await this.retry(state, 'releaseCreditHold', () => this.services.releaseCreditHold(state.orderId));
        await this.retry(state, 'releaseReservation', () => this.services.releaseReservation(state.orderId));
        // Released whenever the quote applied promotions: a consumption whose answer was lost
        // (transport failure, crash) may have happened; an unknown key is a no-op.
        const promotions = payload.quote?.appliedPromotions?.length ?? 0;
        if (promotions || (state.resumed && !payload.quote))
          await this.retry(state, 'releasePromotionBudget', () => this.services.releasePromotionBudget(state.orderId));
        const outcome = payload.outcome!;
        const writeLines = !payload.linesWritten;
        payload.linesWritten = true;
        const at = new Date();
        const actor = { userId: outcome.actorUserId, name: outcome.actorName };
        let move: OrderMove | undefined;
        if (!outcome.statusApplied) {
          const to = outcome.status === 'CANCELLED' ? OrderStatus.CANCELLED : OrderStatus.REJECTED;
          move = {
            to,
            columns: { status: to, rejectionReasons: JSON.stringify(outcome.reasons), updatedAt: new Date() },
            mustMove: false,
            at,
          };
          const message: SystemMessage | null =
            outcome.actorUserId == null && to === OrderStatus.REJECTED
              ? {
                  code: 'PLACEMENT_REJECTED',
                  args: {
                    reasons: outcome.reasons.map((r) => ({
                      code: r.code,
                      productId: r.productId ?? null,
                      lineIndex: r.lineIndex ?? null,
                    })),
                  },
                }
              : null;
          state.events.push(
            eventRow(
              state.orderId,
              to === OrderStatus.REJECTED ? OrderEventType.REJECTED : OrderEventType.CANCELLED,
              OrderStatus.PLACING,
              to,
              actor,
              outcome.comment,
              at,
              message,
            ),
          );
        }
        if (payload.reservation || payload.holdId || payload.promotionsConsumed) {
          // One millisecond later, so the timeline (ordered by time) shows it after the decision.
          const text = payload.promotionsConsumed
            ? 'Stock reservation, credit hold and promotion budgets released'
            : 'Stock reservation and credit hold released';
          state.events.push(
            eventRow(
              state.orderId,
              OrderEventType.RELEASED,
              null,
              null,
              { userId: null, name: SYSTEM_ACTOR },
              text,
              new Date(at.getTime() + 1),
              {
                code: 'RESOURCES_RELEASED',
                args: {
                  reservation: !!payload.reservation,
                  creditHold: !!payload.holdId,
                  promotionBudgets: !!payload.promotionsConsumed,
                },
              },
            ),
          );
        }
        await this.persist(root, state, SagaStep.COMPENSATED, {
          rows: { lines: writeLines ? this.lineRows(state) : [] },
          move,
        });
        return null;
      }
      default:
        throw new Error(`saga ${state.orderId} is in final step ${state.step}`);
    }
  }

  /** Step 3: dealer ACTIVE, products ACTIVE and sold in one of the dealer's authorized regions. */
  private async eligibility(state: SagaState): Promise<OrderErrorData[]> {
    const { payload } = state;
    const dealer =
      state.prefetchedDealer !== undefined
        ? state.prefetchedDealer
        : await this.retry(state, 'dealer', () => this.services.dealer(payload.claims.dealerId));
    if (!dealer || dealer.status !== 'ACTIVE') {
      return [
        orderError(
          OrderErrorCode.DEALER_NOT_ACTIVE,
          `The dealer is ${dealer?.status ?? 'unknown'}; only ACTIVE dealers can order`,
        ),
      ];
    }
    const paths = dealer.authorizedRegionPaths.length
      ? dealer.authorizedRegionPaths
      : payload.claims.regionPath.length
        ? [`/${payload.claims.regionPath.join('/')}/`]
        : [];
    const errors: OrderErrorData[] = [];
    payload.lines.forEach((line, i) => {
      const p = payload.products[line.productId];
      if (p && p.status !== 'ACTIVE') {
        errors.push({
          code: OrderErrorCode.PRODUCT_DISCONTINUED,
          message: `${line.sku} is discontinued`,
          field: `lines[${i}]`,
          lineIndex: i,
          productId: line.productId,
        });
      } else if (!regionAuthorized(p?.salesRegionIds ?? null, paths)) {
        errors.push({
          code: OrderErrorCode.REGION_NOT_AUTHORIZED,
          message: `${line.sku} is sold only in ${p!.salesRegionIds!.join(', ')}, outside the dealer's authorized regions`,
          field: `lines[${i}]`,
          lineIndex: i,
          productId: line.productId,
        });
      }
    });
    return errors;
  }

  /** Fills lineIndex with the first line of the product when a remote error names only the product. */
  private withLineIndexes(state: SagaState, errors: OrderErrorData[]): OrderErrorData[] {
    return errors.map((e) => {
      if (!e.productId) return e;
      const i = allLines(state.payload).findIndex((l) => l.productId === e.productId);
      return i < 0 ? e : { ...e, lineIndex: i, field: `lines[${i}]` };
    });
  }

  private rejection(reasons: OrderErrorData[]): SagaOutcome {
    return {
      status: 'REJECTED',
      reasons,
      actorUserId: null,
      actorName: SYSTEM_ACTOR,
      comment: reasonsText(reasons),
      statusApplied: false,
    };
  }

  /** Moves a running placement to COMPENSATING with `outcome` (persisted before any release). */
  private async beginCompensation(root: EntityManager, state: SagaState, outcome: SagaOutcome): Promise<void> {
    state.payload.outcome = outcome;
    await this.persist(root, state, SagaStep.COMPENSATING);
  }

  /**
   * The quote's gift lines (after the input lines) as order lines, with ids fixed now so every
   * retry writes the same rows. SKU and name come from the order's own lines or the products
   * subgraph (a gift product is often not in the cart).
   */
  private async giftLines(state: SagaState, quote: QuoteData): Promise<SagaLine[]> {
    const { payload } = state;
    const gifts = quote.lines.slice(payload.lines.length);
    if (!gifts.length) return [];
    const known = new Map(payload.lines.map((l) => [l.productId, { sku: l.sku, name: l.name }]));
    const missing = [...new Set(gifts.map((g) => g.productId).filter((id) => !known.has(id)))];
    if (missing.length) {
      const found = await this.retry(state, 'giftProducts', () => this.services.products(missing, []));
      for (const [id, p] of found.byId) known.set(id, { sku: p.sku, name: p.name });
    }
    return gifts.map((g, i) => {
      const p = known.get(g.productId);
      return {
        orderLineId: newId('oln'),
        lineNo: payload.lines.length + i + 1,
        productId: g.productId,
        sku: (p?.sku ?? g.productId).slice(0, 32),
        name: p?.name ?? g.productId,
        quantity: g.quantity,
        isGift: true,
        promotionId: g.giftOf ?? null,
      };
    });
  }

  /** Order line rows with the quote's amounts, gift lines included (zero when the order was never priced). */
  private lineRows(state: SagaState): OrderLine[] {
    const quote = state.payload.quote;
    const currency = quote?.currency ?? 'CNY';
    return allLines(state.payload).map((l, i) => {
      const q = quote?.lines[i];
      return {
        id: l.orderLineId,
        orderId: state.orderId,
        lineNo: l.lineNo,
        productId: l.productId,
        sku: l.sku,
        productName: l.name.slice(0, 200),
        quantity: l.quantity,
        currency,
        unitPriceMinor: q?.unitPriceMinor ?? 0,
        lineSubtotalMinor: q?.lineSubtotalMinor ?? q?.lineTotalMinor ?? 0,
        discountMinor: q?.discountMinor ?? 0,
        lineTotalMinor: q?.lineTotalMinor ?? 0,
        isGift: l.isGift ?? false,
        promotionId: l.promotionId ?? null,
      };
    });
  }

  private claimsOf(payload: SagaPayload) {
    const c = payload.claims;
    return {
      dealerId: c.dealerId,
      dealerGrade: c.dealerGrade ?? undefined,
      regionId: c.regionId ?? undefined,
      regionPath: c.regionPath,
    };
  }

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
  private async persist(root: EntityManager, state: SagaState, next: SagaStep, writes: StepWrites = {}): Promise<void> {
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

  /**
   * Writes durable steps in the caller's transaction, each table with one statement: per saga
   * whether it was written (false: its guard found another step stored, nothing was written for
   * it). Throws SagaLostError when an order that must move has moved already, or when in a batch
   * a guard failed for a row it cannot name (the batch is then written one by one).
   */
  private async writeDurable(tx: EntityManager, jobs: readonly DurableWrite[]): Promise<boolean[]> {
    const now = new Date();
    // The saga rows, one guarded statement per stored step (normally one for the whole batch).
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
    const live = jobs.filter((j) => written.get(j.state));

    // The orders: status moves guarded on PLACING, price and total patches.
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

    const lines: OrderLine[] = [];
    const shipments: Shipment[] = [];
    const shipmentLines: ShipmentLine[] = [];
    const events: OrderEvent[] = [];
    for (const { state, writes } of live) {
      if (writes.move && moved === moves.length)
        recordOrderStatusChanged(
          tx,
          { id: state.orderId, dealerId: state.payload.claims.dealerId, regionPath: state.payload.claims.regionPath },
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
    if (shipments.length) await tx.insertMany(Shipment, shipments);
    if (shipmentLines.length) await tx.insertMany(ShipmentLine, shipmentLines);
    if (events.length) await tx.insertMany(OrderEvent, events);
    return jobs.map((j) => written.get(j.state)!);
  }

  /** Keeps the last transport failure on the saga for operators; the lease runs out for the resumer. */
  private async recordError(root: EntityManager, state: SagaState, err: Error): Promise<void> {
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
   * Runs a remote call, retrying transport failures (ServiceCallError.retryable) with exponential
   * backoff for at most the step timeout; then the saga is suspended. Other errors pass through.
   */
  private async retry<T>(state: SagaState, name: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await this.retryLoop(fn);
    } finally {
      state.timings[name] = Math.round(performance.now() - t0);
    }
  }

  private async retryLoop<T>(fn: () => Promise<T>): Promise<T> {
    const until = Date.now() + this.settings.stepTimeoutMs;
    let delay = 25;
    for (;;) {
      try {
        return await fn();
      } catch (err) {
        if (!(err instanceof ServiceCallError) || !err.retryable) throw err;
        if (Date.now() + delay > until) throw new SagaSuspendedError(err);
        await sleep(delay);
        delay = Math.min(delay * 2, 1000);
      }
    }
  }
}
