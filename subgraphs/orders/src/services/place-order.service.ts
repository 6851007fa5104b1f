import {
  AppError,
  ForbiddenError,
  groupCommitter,
  insertAudits,
  newId,
  Role,
  ServiceCallError,
  type Viewer,
} from '@dnp/subgraph-kit';
import { DeadlockException, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { OrderEvent, OrderEventType } from '../entities/order-event.entity.js';
import { OrderSaga, SagaStep } from '../entities/order-saga.entity.js';
import { Order, OrderStatus } from '../entities/order.entity.js';
import { recordOrderStatusChanged } from './order-events.js';
import type { OrdersContext } from '../orders-context.js';
import { lineError, orderError, OrderErrorCode, type OrderErrorData } from '../saga/order-error.js';
import { nextOrderNumbers } from '../saga/order-number.js';
import {
  normalizedSku,
  requestedRebateMinor,
  requestFingerprint,
  validatePlaceOrderInput,
  type PlaceOrderData,
} from '../saga/place-order-validation.js';
import { sagaRunner } from '../saga/saga-context.js';
import type { SagaLine, SagaPayload, SagaSeller } from '../saga/saga-payload.js';
import { SellerReviewRule } from '../entities/seller-review-rule.entity.js';
import { eventRow } from '../saga/saga-rows.js';
import type { SagaRunner } from '../saga/saga-runner.js';
import type { DealerInfo, ProductInfo, WarehouseInfo } from '../saga/saga-services.js';

/** What placeOrder answers: the order (when one exists) and the expected failures. */
export interface PlaceOrderResult {
  order: Order | null;
  errors: OrderErrorData[];
}

/**
 * Runs a transaction again when MariaDB picked it as a deadlock victim (the first order of a day races
 * on the counter row).
 */
async function withDeadlockRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof DeadlockException) || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 5 * i));
    }
  }
}

/** Retries a read of another subgraph for a short while on transport failures; then SERVICE_UNAVAILABLE. */
async function readWithRetry<T>(fn: () => Promise<T>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  let delay = 25;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof ServiceCallError) || !err.retryable || Date.now() + delay > until) {
        if (err instanceof ServiceCallError)
          throw new AppError('SERVICE_UNAVAILABLE', `Order placement could not check the input: ${err.message}`);
        throw err;
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 500);
    }
  }
}

/** An order to write with its saga (STARTED), audit entry and first timeline row. */
interface StartJob {
  ctx: OrdersContext;
  order: Order;
  saga: OrderSaga;
  placed: OrderEvent;
  lines: SagaLine[];
  regionPath: string[];
}

/**
 * Writes the start of placements in the caller's transaction, every table with one multi-row
 * insert: orders (numbered by `numberOrders` before), sagas, audit entries, PLACED timeline rows
 * and status events. The unique (dealer, key) index refuses a repeated key here, before any effect.
 */
async function writeStarts(tx: EntityManager, jobs: readonly StartJob[]): Promise<void> {
  await tx.insertMany(
    Order,
    jobs.map((j) => j.order),
  );
  await tx.insertMany(
    OrderSaga,
    jobs.map((j) => j.saga),
  );
  // One extra row on the hot path: who placed what (the saga's later steps are the system's, in the order timeline).
  await insertAudits(
    tx,
    jobs.map(({ ctx, order, lines }) => ({
      ctx,
      input: {
        operation: 'placeOrder',
        action: 'CREATE',
        entityType: 'Order',
        entityId: order.id,
        after: {
          orderNumber: order.orderNumber,
          dealerId: order.dealerId,
          status: order.status,
          idempotencyKey: order.idempotencyKey,
          lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
          deliveryWarehouseId: order.deliveryWarehouseId,
          note: order.note,
          ...(order.rebateMinor ? { rebateMinor: order.rebateMinor } : {}),
        },
      },
    })),
  );
  await tx.insertMany(
    OrderEvent,
    jobs.map((j) => j.placed),
  );
  for (const { order, regionPath } of jobs)
    recordOrderStatusChanged(
      tx,
      { id: order.id, dealerId: order.dealerId, regionPath, sellerDealerId: order.sellerDealerId },
      null,
      OrderStatus.PLACING,
      order.placedAt,
    );
}

/** Gives the jobs' orders that have none yet their numbers, one counter bump for all. */
async function numberOrders(em: EntityManager, jobs: readonly StartJob[]): Promise<void> {
  const unnumbered = jobs.filter((j) => !j.order.orderNumber);
  if (!unnumbered.length) return;
  const numbers = await nextOrderNumbers(em, unnumbered[0]!.order.placedAt, unnumbered.length);
  unnumbered.forEach((j, i) => (j.order.orderNumber = numbers[i]!));
}

/** What placement reads of other subgraphs before writing anything. */
interface References {
  products: { byId: Map<string, ProductInfo>; bySku: Map<string, ProductInfo> };
  warehouse: WarehouseInfo | null;
  dealer: DealerInfo | null;
  /** The dealer's available rebate balance (fen) when the input pays with one; null otherwise. */
  rebateAvailable: number | null;
  /** Two-tier: the dealer's parent (undefined when the brand sells or there is no parent). */
  seller?: DealerInfo | null;
}

/**
 * Two-tier placement: the dealer's parent (read now, so the order names its seller from the first
 * status event on) and the parent's review rule. ELIGIBLE decides whether the parent may sell.
 */
async function readSeller(
  ctx: OrdersContext,
  runner: SagaRunner,
  references: References,
): Promise<{ seller: SagaSeller; info: DealerInfo | null | undefined }> {
  const parentId = references.dealer?.parentId ?? null;
  if (!parentId) return { seller: { dealerId: null, review: null }, info: undefined };
  const [info, rule] = await Promise.all([
    readWithRetry(() => runner.services.dealer(parentId), runner.settings.stepTimeoutMs),
    ctx.em.fork().findOne(SellerReviewRule, { sellerDealerId: parentId }),
  ]);
  const review = rule
    ? {
        autoApprove: rule.autoApprove,
        thresholdMinor: rule.reviewThresholdMinor == null ? null : Number(rule.reviewThresholdMinor),
      }
    : null;
  return { seller: { dealerId: parentId, review }, info };
}

/**
 * The remote reads of step 1b, at once: the lines' products (by id or SKU), the delivery warehouse
 * and the dealer (eligibility: read now to save a round trip after the insert).
 */
async function readReferences(runner: SagaRunner, input: PlaceOrderData, dealerId: string): Promise<References> {
  const timeout = runner.settings.stepTimeoutMs;
  const ids = [...new Set(input.lines.filter((l) => !normalizedSku(l)).map((l) => l.productId!.trim()))];
  const skus = [...new Set(input.lines.map(normalizedSku).filter((s): s is string => s != null))];
  // The balance is read only for a rebate from the brand (a parent's sale is refused by validation).
  const wantsRebate = requestedRebateMinor(input) > 0 && input.seller !== 'PARENT';
  const [products, warehouse, dealer, rebateAvailable] = await Promise.all([
    readWithRetry(() => runner.services.products(ids, skus), timeout),
    input.deliveryWarehouseId
      ? readWithRetry(() => runner.services.warehouse(input.deliveryWarehouseId!), timeout)
      : Promise.resolve(null),
    readWithRetry(() => runner.services.dealer(dealerId), timeout),
    wantsRebate ? readWithRetry(() => runner.services.rebateAvailable(dealerId), timeout) : Promise.resolve(null),
  ]);
  return { products, warehouse, dealer, rebateAvailable };
}

/**
 * The remote checks of step 1b: every line names a known product (UNKNOWN_PRODUCT), and the
 * delivery warehouse is one of the dealer's own (WAREHOUSE_NOT_ALLOWED). `resolved` has each
 * line's product (complete when there are no errors).
 */
function checkReferences(
  input: PlaceOrderData,
  { products, warehouse }: References,
  dealerId: string,
): { resolved: (ProductInfo | undefined)[]; errors: OrderErrorData[] } {
  const errors: OrderErrorData[] = [];
  const resolved = input.lines.map((l, i) => {
    const sku = normalizedSku(l);
    const p = sku ? products.bySku.get(sku) : products.byId.get(l.productId!.trim());
    if (!p)
      errors.push(
        lineError(
          OrderErrorCode.UNKNOWN_PRODUCT,
          sku ? `No product has SKU "${sku}"` : `No product has id "${l.productId}"`,
          i,
          { field: `lines[${i}].${sku ? 'sku' : 'productId'}` },
        ),
      );
    return p;
  });
  if (input.deliveryWarehouseId && (!warehouse || warehouse.kind !== 'DEALER' || warehouse.dealerId !== dealerId)) {
    errors.push(
      orderError(
        OrderErrorCode.WAREHOUSE_NOT_ALLOWED,
        'Deliveries go to one of your own dealer warehouses only',
        'deliveryWarehouseId',
      ),
    );
  }
  return { resolved, errors };
}

/** The saga's payload: the placer's claims, the lines (ids fixed now) and the products' eligibility snapshot. */
function placementPayload(
  viewer: Viewer,
  dealerId: string,
  input: PlaceOrderData,
  fingerprint: string,
  resolved: (ProductInfo | undefined)[],
  now: Date,
): SagaPayload {
  const lines: SagaLine[] = input.lines.map((l, i) => {
    const p = resolved[i]!;
    return {
      orderLineId: newId('oln', now),
      lineNo: i + 1,
      productId: p.id,
      sku: p.sku,
      name: p.name,
      quantity: l.quantity,
      taxClass: p.taxClass ?? null,
    };
  });
  return {
    fingerprint,
    claims: {
      userId: viewer.userId,
      displayName: viewer.displayName ?? viewer.userId,
      dealerId,
      dealerGrade: viewer.dealerGrade ?? null,
      regionId: viewer.regionId ?? null,
      regionPath: viewer.regionPath ?? (viewer.regionId ? [viewer.regionId] : []),
    },
    lines,
    products: Object.fromEntries(
      resolved.map((p) => [p!.id, { status: p!.status, salesRegionIds: p!.salesRegionIds }]),
    ),
  };
}

/** The order row as placement writes it: PLACING, not priced yet, numbered when it is written. */
function placingOrder(orderId: string, viewer: Viewer, input: PlaceOrderData, payload: SagaPayload, now: Date): Order {
  const { dealerId, regionId, regionPath } = payload.claims;
  return Object.assign(new Order(), {
    id: orderId,
    orderNumber: '',
    dealerId,
    dealerRegionId: regionId ?? regionPath.at(-1) ?? '',
    dealerRegionPath: regionPath.length ? `/${regionPath.join('/')}/` : '/',
    status: OrderStatus.PLACING,
    currency: 'CNY',
    subtotalMinor: 0,
    discountMinor: 0,
    totalMinor: 0,
    rebateMinor: payload.rebateMinor ?? 0,
    itemCount: payload.lines.reduce((s, l) => s + l.quantity, 0),
    note: input.note?.trim() || null,
    placedByUserId: viewer.userId,
    idempotencyKey: input.idempotencyKey,
    deliveryWarehouseId: input.deliveryWarehouseId ?? null,
    rejectionReasons: null,
    appliedPromotions: null,
    placedAt: now,
    updatedAt: now,
  });
}

/** The start of a placement: the order, its saga row (STARTED) and its PLACED timeline row. */
function startJob(
  ctx: OrdersContext,
  order: Order,
  payload: SagaPayload,
  deadlineAt: Date,
  leaseUntil: Date,
): StartJob {
  const now = order.placedAt;
  return {
    ctx,
    order,
    lines: payload.lines,
    regionPath: payload.claims.regionPath,
    // Plain data: the saga row is only inserted here.
    saga: {
      orderId: order.id,
      dealerId: order.dealerId,
      step: SagaStep.STARTED,
      payload: JSON.stringify(payload),
      attempts: 1,
      lastError: null,
      deadlineAt,
      leaseUntil,
      createdAt: now,
      updatedAt: now,
    },
    placed: eventRow(
      order.id,
      OrderEventType.PLACED,
      null,
      OrderStatus.PLACING,
      { userId: order.placedByUserId, name: payload.claims.displayName },
      order.note,
      now,
    ),
  };
}

/**
 * placeOrder (docs/order-saga.md): validates (nothing written on failure), applies the
 * idempotency key, writes the order (PLACING) and its saga in one transaction, then runs the
 * saga to its end in the request. A transport failure that outlasts the step timeout leaves the
 * order PLACING; the resumer finishes it.
 */
export class PlaceOrderService {
  /**
   * Concurrent placements start together (group commit): one counter bump for their numbers
   * and one transaction with multi-row inserts. A batch that cannot be written as a whole (a
   * repeated idempotency key, a deadlock) writes every job alone, where each meets its own
   * outcome (a repeated key its unique violation).
   */
  private readonly startTogether = groupCommitter<StartJob, void>(
    async (jobs) => {
      const em = jobs[0]!.ctx.em.fork();
      await numberOrders(em, jobs);
      await em.transactional((tx) => writeStarts(tx, jobs));
      return jobs.map(() => undefined);
    },
    async (job) => {
      await numberOrders(job.ctx.em.fork(), [job]);
      await withDeadlockRetry(() => job.ctx.em.fork().transactional((tx) => writeStarts(tx, [job])));
    },
    {
      maxBatch: 32,
      retryAlone: (err) => err instanceof UniqueConstraintViolationException || err instanceof DeadlockException,
    },
  );

  async placeOrder(ctx: OrdersContext, input: PlaceOrderData): Promise<PlaceOrderResult> {
    const viewer = ctx.requireRole(Role.DEALER_ADMIN, Role.DEALER_STAFF);
    if (!viewer.dealerId) throw new ForbiddenError('Only dealer users can place orders');
    const dealerId = viewer.dealerId;

    // 1a. Local validation: nothing is written and nobody else is asked when it fails.
    const invalid = validatePlaceOrderInput(input);
    if (invalid.length) return { order: null, errors: invalid };
    const fingerprint = requestFingerprint(input);

    // 2. Idempotency is decided by the unique (dealer, key) index when the order is written
    // below: a retried submission costs the remote checks, a first one no extra read.

    // 1b. Remote validation: products (unknown SKUs/ids) and the delivery warehouse.
    const runner = sagaRunner();
    const references = await readReferences(runner, input, dealerId);
    const { resolved, errors } = checkReferences(input, references, dealerId);
    if (errors.length) return { order: null, errors };
    const seller = input.seller === 'PARENT' ? await readSeller(ctx, runner, references) : null;
    const rebateMinor = requestedRebateMinor(input);
    // More rebate than the balance holds is bad input, refused with nothing written (rr §13); a balance
    // spent between this read and REBATE_HELD is still refused by finance's hold, rejecting the order.
    if (rebateMinor > 0 && references.rebateAvailable !== null && references.rebateAvailable < rebateMinor) {
      const message = `The rebate balance has ${references.rebateAvailable} fen available, less than ${rebateMinor}`;
      return { order: null, errors: [orderError(OrderErrorCode.REBATE_OVER_BALANCE, message, 'rebateAmount')] };
    }

    // Write the order (PLACING) and its saga (STARTED) together; the unique (dealer, key) index
    // makes concurrent duplicates collide here, before any effect.
    const now = new Date();
    const orderId = newId('ord', now);
    const payload = placementPayload(viewer, dealerId, input, fingerprint, resolved, now);
    if (seller) payload.seller = seller.seller;
    if (rebateMinor > 0) payload.rebateMinor = rebateMinor;
    const deadlineAt = new Date(now.getTime() + runner.settings.deadlineSeconds * 1000);
    const order = Object.assign(placingOrder(orderId, viewer, input, payload, now), {
      sellerDealerId: seller?.seller.dealerId ?? null,
      sellerLevel: seller?.info?.level ?? null,
      dealerLevel: references.dealer?.level ?? null,
    });
    const leaseUntil = new Date(now.getTime() + runner.settings.leaseMs);
    try {
      await this.startTogether(startJob(ctx, order, payload, deadlineAt, leaseUntil));
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      const winner = await this.byKey(ctx.em.fork(), dealerId, input.idempotencyKey);
      if (!winner) throw err;
      return this.replay(ctx.em, winner, fingerprint);
    }

    const result = await runner.run(ctx.em, orderId, {
      step: SagaStep.STARTED,
      payload,
      deadlineAt,
      prefetchedDealer: references.dealer,
      ...(seller?.info !== undefined ? { prefetchedSeller: seller.info } : {}),
    });
    // A suspended run (or one another process took over) may not have written its outcome: read the row.
    if (result.suspended) return { order: await ctx.em.fork().findOne(Order, { id: orderId }), errors: result.errors };
    return { order: Object.assign(order, result.written), errors: result.errors };
  }

  private byKey(em: EntityManager, dealerId: string, key: string): Promise<Order | null> {
    return em.findOne(Order, { dealerId, idempotencyKey: key });
  }

  /** A repeated key: the existing order when the lines match, else IDEMPOTENCY_KEY_REUSED. */
  private async replay(em: EntityManager, order: Order, fingerprint: string): Promise<PlaceOrderResult> {
    const saga = await em.fork().findOne(OrderSaga, { orderId: order.id });
    const same = saga ? (JSON.parse(saga.payload) as SagaPayload).fingerprint === fingerprint : false;
    if (!same) {
      return {
        order: null,
        errors: [
          orderError(
            OrderErrorCode.IDEMPOTENCY_KEY_REUSED,
            'This idempotency key was already used for a different order',
            'idempotencyKey',
          ),
        ],
      };
    }
    const reasons = order.rejectionReasons ? (JSON.parse(order.rejectionReasons) as OrderErrorData[]) : [];
    return { order, errors: order.status === OrderStatus.REJECTED ? reasons : [] };
  }
}
