import { newId, ServiceCallError } from '@dnp/subgraph-kit';
import { OrderEventType } from '../entities/order-event.entity.js';
import { SagaStep } from '../entities/order-saga.entity.js';
import { OrderStatus } from '../entities/order.entity.js';
import { orderError, OrderErrorCode, type OrderErrorData } from './order-error.js';
import {
  allLines,
  mergeLines,
  regionAuthorized,
  type SagaLine,
  type SagaOutcome,
  type SagaPayload,
} from './saga-payload.js';
import {
  eventRow,
  lineRows,
  orderPromotionsJson,
  promotionErrors,
  reasonsText,
  shipmentRows,
  SYSTEM_ACTOR,
  type SystemMessage,
} from './saga-rows.js';
import type { DealerInfo, QuoteData, SagaServices } from './saga-services.js';
import type { OrderMove, SagaSettings, SagaState, StepWrites } from './saga-state.js';
import { NO_RETRY, type RetryPolicy, type SagaTable, type StepContext, type StepResult } from './saga-walker.js';

/** The placement saga as a table (docs/order-saga.md, "Steps"). */
export type PlaceOrderSaga = SagaTable<SagaState, SagaStep, StepWrites, OrderErrorData>;

/** What the steps use besides the saga's state. */
export interface PlaceOrderDeps {
  services: SagaServices;
  settings: SagaSettings;
}

type Ctx = StepContext<SagaState>;
type Result = StepResult<StepWrites, OrderErrorData>;

/** Largest amount a 32-bit integer column or GraphQL Int holds, in minor units. */
const MAX_INT = 2_147_483_647;
const SYSTEM = { userId: null, name: SYSTEM_ACTOR };

const done = (writes: StepWrites = {}): Result => ({ ok: true, writes });
const failed = (errors: OrderErrorData[]): Result => ({ ok: false, errors });

/**
 * The remote calls' retry policy: transport failures (`ServiceCallError.retryable`) are retried with
 * exponential backoff (25 ms, doubling, at most 1 s apart) for at most the step timeout, per call;
 * then the run is suspended and the resumer continues after the lease. Business failures come back
 * as results, and any other error suspends the run at once.
 */
export function transportRetry(stepTimeoutMs: number): RetryPolicy {
  return {
    retryable: (err) => err instanceof ServiceCallError && err.retryable,
    budgetMs: stepTimeoutMs,
    firstDelayMs: 25,
    maxDelayMs: 1000,
  };
}

/**
 * The placement saga's table. Each remote effect is keyed by the order id, so a resumed run repeats
 * a call and receives the effect a crashed run made. The backward path releases the credit hold, the
 * reservation, the rebate hold and the promotion budgets in that order, whatever the forward path
 * reached: which of them a crashed run made is unknown, and a release of an unknown key leaves a
 * tombstone that refuses a late hold.
 */
export function placeOrderSaga(deps: PlaceOrderDeps): PlaceOrderSaga {
  const retry = transportRetry(deps.settings.stepTimeoutMs);
  const { services } = deps;
  return {
    start: SagaStep.STARTED,
    steps: [
      { name: SagaStep.ELIGIBLE, invoke: (ctx) => checkEligibility(ctx, services), compensate: null, retry },
      { name: SagaStep.PRICED, invoke: (ctx) => price(ctx, services), compensate: null, retry },
      {
        name: SagaStep.PROMOTIONS_CONSUMED,
        invoke: (ctx) => consumePromotions(ctx, services),
        compensate: (ctx) => releasePromotions(ctx, services),
        retry,
      },
      {
        name: SagaStep.REBATE_HELD,
        invoke: (ctx) => holdRebate(ctx, services),
        compensate: (ctx) => releaseRebate(ctx, services),
        retry,
      },
      {
        name: SagaStep.RESERVED,
        invoke: (ctx) => reserveStock(ctx, services),
        compensate: (ctx) => ctx.call('releaseReservation', () => services.releaseReservation(ctx.state.orderId)),
        retry,
      },
      {
        name: SagaStep.CREDIT_HELD,
        invoke: (ctx) => holdCredit(ctx, services),
        compensate: (ctx) => ctx.call('releaseCreditHold', () => services.releaseCreditHold(ctx.state.orderId)),
        retry,
      },
      { name: SagaStep.COMPLETED, invoke: (ctx) => decide(ctx, deps.settings), compensate: null, retry: NO_RETRY },
    ],
    compensating: SagaStep.COMPENSATING,
    compensated: SagaStep.COMPENSATED,
    overdue: (state) =>
      Date.now() > state.deadlineAt.getTime()
        ? [orderError(OrderErrorCode.SAGA_DEADLINE_EXCEEDED, 'Placement did not finish in time; nothing was kept')]
        : null,
    turnBack: (state, reasons) => {
      state.payload.outcome = rejection(reasons);
      return {};
    },
    compensatedWrites,
  };
}

/** How a placement that failed ends: REJECTED by the system, with the reasons. */
function rejection(reasons: OrderErrorData[]): SagaOutcome {
  return {
    status: 'REJECTED',
    reasons,
    actorUserId: null,
    actorName: SYSTEM_ACTOR,
    comment: reasonsText(reasons),
    statusApplied: false,
  };
}

/**
 * ELIGIBLE: the dealer may order (ACTIVE, no ordering block), products ACTIVE and sold in one of the
 * dealer's authorized regions (a read).
 */
async function checkEligibility(ctx: Ctx, services: SagaServices): Promise<Result> {
  const { state } = ctx;
  const { payload } = state;
  const dealer =
    state.prefetchedDealer !== undefined
      ? state.prefetchedDealer
      : await ctx.call('dealer', () => services.dealer(payload.claims.dealerId));
  const refusal = dealerRefusal(dealer);
  // An unknown dealer always has a refusal.
  if (refusal || !dealer) return failed([refusal!]);
  const errors = lineEligibilityErrors(payload, dealerRegionPaths(dealer, payload));
  if (errors.length) return failed(errors);
  if (payload.seller) {
    const sellerRefused = await sellerRefusal(ctx, services, payload.seller.dealerId);
    if (sellerRefused) return failed([sellerRefused]);
    payload.dealerGrade = dealer.grade ?? null;
  }
  payload.consignee = {
    name: dealer.name ?? null,
    contact: dealer.contactName ?? null,
    phone: dealer.contactPhone ?? null,
  };
  return done();
}

/**
 * Why the dealer may not order, before anything is reserved: dealers' `orderingBlock` (its code and
 * message: a suspension says since when and why, an expired licence which one), else a status other
 * than ACTIVE (a dealers subgraph that does not answer the block yet); null when it may.
 */
function dealerRefusal(dealer: DealerInfo | null): OrderErrorData | null {
  const block = dealer?.orderingBlock;
  if (block) {
    const code =
      block.code === OrderErrorCode.QUALIFICATION_EXPIRED
        ? OrderErrorCode.QUALIFICATION_EXPIRED
        : OrderErrorCode.DEALER_NOT_ACTIVE;
    return orderError(code, block.message);
  }
  if (dealer && dealer.status === 'ACTIVE') return null;
  return orderError(
    OrderErrorCode.DEALER_NOT_ACTIVE,
    `The dealer is ${dealer?.status ?? 'unknown'}; only ACTIVE dealers can order`,
  );
}

/**
 * Why the parent may not sell this order, before anything is reserved: NO_PARENT_DEALER,
 * SELLER_NOT_ACTIVE (not ACTIVE, or blocked from trading), SELLER_HAS_NO_WAREHOUSE; null when it may.
 */
async function sellerRefusal(
  ctx: Ctx,
  services: SagaServices,
  sellerId: string | null,
): Promise<OrderErrorData | null> {
  if (!sellerId) return orderError(OrderErrorCode.NO_PARENT_DEALER, 'Your dealer has no parent dealer to buy from');
  const seller = ctx.state.prefetchedSeller ?? (await ctx.call('seller', () => services.dealer(sellerId)));
  if (!seller || seller.status !== 'ACTIVE' || seller.orderingBlock) {
    const why = seller?.orderingBlock?.message ?? `it is ${seller?.status ?? 'unknown'}`;
    return orderError(OrderErrorCode.SELLER_NOT_ACTIVE, `Your parent dealer cannot sell now: ${why}`);
  }
  const warehouses = await ctx.call('sellerWarehouses', () => services.activeWarehouseCount(sellerId));
  if (!warehouses)
    return orderError(OrderErrorCode.SELLER_HAS_NO_WAREHOUSE, 'Your parent dealer runs no warehouse to ship from');
  return null;
}

/** The dealer's authorized region paths; without any, its home region's path from the token. */
function dealerRegionPaths(dealer: DealerInfo, payload: SagaPayload): string[] {
  if (dealer.authorizedRegionPaths.length) return dealer.authorizedRegionPaths;
  return payload.claims.regionPath.length ? [`/${payload.claims.regionPath.join('/')}/`] : [];
}

/** PRODUCT_DISCONTINUED and REGION_NOT_AUTHORIZED per input line, from the products' snapshot. */
function lineEligibilityErrors(payload: SagaPayload, paths: string[]): OrderErrorData[] {
  const errors: OrderErrorData[] = [];
  payload.lines.forEach((line, i) => {
    const p = payload.products[line.productId];
    const where = { field: `lines[${i}]`, lineIndex: i, productId: line.productId };
    if (p && p.status !== 'ACTIVE') {
      errors.push({ code: OrderErrorCode.PRODUCT_DISCONTINUED, message: `${line.sku} is discontinued`, ...where });
    } else if (!regionAuthorized(p?.salesRegionIds ?? null, paths)) {
      errors.push({
        code: OrderErrorCode.REGION_NOT_AUTHORIZED,
        message:
          `${line.sku} is sold only in ${p!.salesRegionIds!.join(', ')}, ` + "outside the dealer's authorized regions",
        ...where,
      });
    }
  });
  return errors;
}

/** PRICED: pricing's quote acting for the dealer; order lines, prices and totals written with the next stored step. */
async function price(ctx: Ctx, services: SagaServices): Promise<Result> {
  const { state } = ctx;
  const { payload } = state;
  const outcome = await ctx.call('quote', () =>
    services.quote(
      claimsOf(payload),
      payload.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
      payload.seller?.dealerId ?? null,
    ),
  );
  if (!outcome.ok) return failed(outcome.errors);
  const quote = outcome.value;
  if (quote.totalMinor > MAX_INT || quote.lines.some((l) => l.lineTotalMinor > MAX_INT)) {
    return failed([
      orderError(OrderErrorCode.CREDIT_LIMIT_EXCEEDED, 'The order total exceeds any credit line; split the order'),
    ]);
  }
  if (quote.lines.length < payload.lines.length)
    throw new Error(`quote of order ${state.orderId} has fewer lines than the order`);
  payload.giftLines = await giftLines(ctx, services, quote);
  payload.quote = quote;
  payload.linesWritten = true;
  const itemCount = allLines(payload).reduce((s, l) => s + l.quantity, 0);
  state.orderPatch = {
    ...state.orderPatch,
    currency: quote.currency,
    subtotalMinor: quote.subtotalMinor,
    discountMinor: quote.discountMinor,
    totalMinor: quote.totalMinor,
    itemCount,
    appliedPromotions: orderPromotionsJson(quote.appliedPromotions),
    updatedAt: new Date(),
  };
  return done({ rows: { lines: lineRows(state.orderId, payload) } });
}

/** The dealer claims the quote acts for (a seller's lists by the grade the dealer read says). */
function claimsOf(payload: SagaPayload) {
  const c = payload.claims;
  return {
    dealerId: c.dealerId,
    dealerGrade: (payload.seller ? payload.dealerGrade : null) ?? c.dealerGrade ?? undefined,
    regionId: c.regionId ?? undefined,
    regionPath: c.regionPath,
  };
}

/**
 * The quote's gift lines (after the input lines) as order lines, with ids fixed now so every
 * retry writes the same rows. SKU and name come from the order's own lines or the products
 * subgraph (a gift product is often not in the cart).
 */
async function giftLines(ctx: Ctx, services: SagaServices, quote: QuoteData): Promise<SagaLine[]> {
  const { payload } = ctx.state;
  const gifts = quote.lines.slice(payload.lines.length);
  if (!gifts.length) return [];
  const known = new Map(
    payload.lines.map((l) => [l.productId, { sku: l.sku, name: l.name, taxClass: l.taxClass ?? null }]),
  );
  const missing = [...new Set(gifts.map((g) => g.productId).filter((id) => !known.has(id)))];
  if (missing.length) {
    const found = await ctx.call('giftProducts', () => services.products(missing, []));
    for (const [id, p] of found.byId) known.set(id, { sku: p.sku, name: p.name, taxClass: p.taxClass ?? null });
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
      taxClass: p?.taxClass ?? null,
    };
  });
}

/**
 * PROMOTIONS_CONSUMED: budgets and per-dealer limits are consumed with the order id as key (a replay
 * after a crash changes nothing); a budget that ran out since the quote rejects the order.
 */
async function consumePromotions(ctx: Ctx, services: SagaServices): Promise<Result> {
  const { state } = ctx;
  const { payload } = state;
  // A seller's quote applies no promotions: nothing of the brand's budgets to consume.
  const applied = payload.seller ? [] : (payload.quote?.appliedPromotions ?? []);
  if (applied.length) {
    const outcome = await ctx.call('consumePromotionBudget', () =>
      services.consumePromotionBudget({
        idempotencyKey: state.orderId,
        dealerId: payload.claims.dealerId,
        orderId: state.orderId,
        promotions: applied.map((a) => ({ promotionId: a.promotionId, amountMinor: a.benefitMinor })),
      }),
    );
    if (!outcome.ok) return failed(promotionErrors(applied, outcome.errors));
    payload.promotionsConsumed = true;
  }
  return done();
}

/**
 * Gives the budgets back whenever the quote applied promotions: a consumption whose answer was lost
 * (transport failure, crash) may have happened; an unknown key is a no-op. A resumed run that never
 * priced cannot tell, so it releases too.
 */
async function releasePromotions(ctx: Ctx, services: SagaServices): Promise<void> {
  const { state } = ctx;
  const promotions = state.payload.quote?.appliedPromotions?.length ?? 0;
  if (promotions || (state.resumed && !state.payload.quote))
    await ctx.call('releasePromotionBudget', () => services.releasePromotionBudget(state.orderId));
}

/**
 * REBATE_HELD: finance's holdRebate for the part of the total the dealer pays with its rebate balance,
 * keyed by the order id (nothing to hold without one); its refusals (REBATE_OVER_BALANCE,
 * REBATE_OVER_CAP, REBATE_NOT_ALLOWED) reject the order as credit refusals do.
 */
async function holdRebate(ctx: Ctx, services: SagaServices): Promise<Result> {
  const { state } = ctx;
  const { payload } = state;
  const amountMinor = payload.rebateMinor ?? 0;
  if (amountMinor <= 0) return done();
  const outcome = await ctx.call('holdRebate', () =>
    services.holdRebate({
      key: state.orderId,
      dealerId: payload.claims.dealerId,
      amountMinor,
      orderTotalMinor: payload.quote?.totalMinor ?? 0,
      ...(payload.seller?.dealerId ? { sellerDealerId: payload.seller.dealerId } : {}),
    }),
  );
  // Each refusal is about the input's rebateAmount, whatever field finance named.
  if (!outcome.ok) return failed(outcome.errors.map((e) => ({ ...e, field: 'rebateAmount' })));
  payload.rebateHeld = true;
  return done();
}

/**
 * Gives the rebate hold back whenever the order asked to pay with its rebate balance: a hold whose
 * answer was lost may exist, and a release of an unknown key leaves finance's tombstone.
 */
async function releaseRebate(ctx: Ctx, services: SagaServices): Promise<void> {
  const { state } = ctx;
  if ((state.payload.rebateMinor ?? 0) > 0)
    await ctx.call('releaseRebateHold', () => services.releaseRebateHold(state.orderId));
}

/** RESERVED: inventory's reserveStock keyed by the order id, paid and gift lines alike. */
async function reserveStock(ctx: Ctx, services: SagaServices): Promise<Result> {
  const { state } = ctx;
  const { payload } = state;
  const outcome = await ctx.call('reserveStock', () =>
    services.reserveStock({
      key: state.orderId,
      dealerId: payload.claims.dealerId,
      regionPath: payload.claims.regionPath,
      lines: mergeLines(allLines(payload)),
      ...(payload.seller?.dealerId ? { sourceDealerId: payload.seller.dealerId } : {}),
    }),
  );
  if (!outcome.ok) return failed(withLineIndexes(payload, outcome.errors));
  payload.reservation = outcome.value;
  const units = outcome.value.lines.reduce((s, l) => s + l.quantity, 0);
  const warehouses = new Set(outcome.value.lines.map((l) => l.warehouseId)).size;
  state.events.push(
    eventRow(
      state.orderId,
      OrderEventType.STOCK_RESERVED,
      null,
      null,
      SYSTEM,
      `${units} units in ${warehouses} warehouse(s)`,
      undefined,
      { code: 'STOCK_RESERVED_SUMMARY', args: { units, warehouses } },
    ),
  );
  return done();
}

/** Fills lineIndex with the first line of the product when a remote error names only the product. */
function withLineIndexes(payload: SagaPayload, errors: OrderErrorData[]): OrderErrorData[] {
  return errors.map((e) => {
    if (!e.productId) return e;
    const i = allLines(payload).findIndex((l) => l.productId === e.productId);
    return i < 0 ? e : { ...e, lineIndex: i, field: `lines[${i}]` };
  });
}

/**
 * CREDIT_HELD: finance's holdCredit for the order total less the rebate held, keyed by the order id
 * (nothing to hold for 0).
 */
async function holdCredit(ctx: Ctx, services: SagaServices): Promise<Result> {
  const { state } = ctx;
  const { payload } = state;
  const total = (payload.quote?.totalMinor ?? 0) - (payload.rebateHeld ? (payload.rebateMinor ?? 0) : 0);
  if (total > 0) {
    const outcome = await ctx.call('holdCredit', () =>
      services.holdCredit({
        key: state.orderId,
        dealerId: payload.claims.dealerId,
        amountMinor: total,
        ...(payload.seller?.dealerId ? { sellerDealerId: payload.seller.dealerId } : {}),
      }),
    );
    if (!outcome.ok) return failed(outcome.errors);
    payload.holdId = outcome.value.id;
  }
  const currency = payload.quote?.currency ?? 'CNY';
  state.events.push(
    eventRow(state.orderId, OrderEventType.CREDIT_HELD, null, null, SYSTEM, null, undefined, {
      code: 'CREDIT_HELD_SUMMARY',
      args: { amountMinor: total, currency },
    }),
  );
  return done();
}

/**
 * COMPLETED: PENDING_REVIEW at or above the review threshold; else APPROVED, with shipments per
 * warehouse of the reservation.
 */
async function decide(ctx: Ctx, settings: SagaSettings): Promise<Result> {
  const { state } = ctx;
  const { payload } = state;
  const threshold = reviewThreshold(payload, settings);
  const review = (payload.quote?.totalMinor ?? 0) >= threshold;
  const to = review ? OrderStatus.PENDING_REVIEW : OrderStatus.APPROVED;
  const at = new Date();
  const columns = review ? { status: to, updatedAt: at } : { status: to, updatedAt: at, approvedAt: at };
  const move = (): OrderMove => ({ to, columns, mustMove: true });
  if (review) {
    state.events.push(
      eventRow(
        state.orderId,
        OrderEventType.REVIEW_REQUESTED,
        OrderStatus.PLACING,
        to,
        SYSTEM,
        threshold > 0 ? `订单金额达到人工审核阈值 (≥ ${threshold / 100})` : '上级经销商要求人工审核',
        undefined,
        {
          code: 'REVIEW_THRESHOLD_REACHED',
          args: { thresholdMinor: threshold, currency: payload.quote?.currency ?? 'CNY' },
        },
      ),
    );
    return done({ rows: {}, move: move() });
  }
  state.events.push(
    eventRow(
      state.orderId,
      OrderEventType.APPROVED,
      OrderStatus.PLACING,
      to,
      SYSTEM,
      '库存、信用、区域授权校验通过',
      undefined,
      { code: 'AUTO_REVIEW_PASSED' },
    ),
  );
  const { shipments, lines } = shipmentRows(state.orderId, payload, at);
  return done({ rows: { shipments, shipmentLines: lines }, move: move() });
}

/**
 * The total at which the order waits for review: the brand's REVIEW_AMOUNT_THRESHOLD_MINOR, or for
 * a seller's order its rule (0 when it reviews every order, never when it auto-approves without a
 * threshold; no rule: the brand's).
 */
function reviewThreshold(payload: SagaPayload, settings: SagaSettings): number {
  const rule = payload.seller?.review;
  if (!rule) return settings.reviewThresholdMinor;
  if (!rule.autoApprove) return 0;
  return rule.thresholdMinor ?? Number.MAX_SAFE_INTEGER;
}

/**
 * COMPENSATED, once every release ran: the order ends REJECTED or CANCELLED (unless review or cancel
 * set its status already), with the timeline rows of the decision and of the release; order lines
 * are written now when the order was never priced.
 */
function compensatedWrites(state: SagaState): StepWrites {
  const { payload } = state;
  const outcome = payload.outcome!;
  const writeLines = !payload.linesWritten;
  payload.linesWritten = true;
  const at = new Date();
  const move = outcome.statusApplied ? undefined : closingMove(state, outcome, at);
  if (payload.reservation || payload.holdId || payload.promotionsConsumed || payload.rebateHeld)
    state.events.push(releasedRow(state, at));
  return { rows: { lines: writeLines ? lineRows(state.orderId, payload) : [] }, move };
}

/** The order's move to REJECTED or CANCELLED, with its timeline row. */
function closingMove(state: SagaState, outcome: SagaOutcome, at: Date): OrderMove {
  const to = outcome.status === 'CANCELLED' ? OrderStatus.CANCELLED : OrderStatus.REJECTED;
  const move: OrderMove = {
    to,
    columns: { status: to, rejectionReasons: JSON.stringify(outcome.reasons), updatedAt: new Date() },
    mustMove: false,
    at,
  };
  // A placement the system rejected says why in a form clients localize.
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
      { userId: outcome.actorUserId, name: outcome.actorName },
      outcome.comment,
      at,
      message,
    ),
  );
  return move;
}

/** The RELEASED timeline row, one millisecond after the decision so the timeline shows it after. */
function releasedRow(state: SagaState, at: Date) {
  const { payload } = state;
  const text =
    (payload.promotionsConsumed
      ? 'Stock reservation, credit hold and promotion budgets released'
      : 'Stock reservation and credit hold released') + (payload.rebateHeld ? '; rebate hold released' : '');
  return eventRow(state.orderId, OrderEventType.RELEASED, null, null, SYSTEM, text, new Date(at.getTime() + 1), {
    code: 'RESOURCES_RELEASED',
    args: {
      reservation: !!payload.reservation,
      creditHold: !!payload.holdId,
      promotionBudgets: !!payload.promotionsConsumed,
      rebateHold: !!payload.rebateHeld,
    },
  });
}
