import { newId, TaxClass } from '@dnp/subgraph-kit';
import type { OrderEvent, OrderEventType } from '../entities/order-event.entity.js';
import type { OrderLine } from '../entities/order-line.entity.js';
import type { OrderStatus } from '../entities/order.entity.js';
import type { ShipmentLine } from '../entities/shipment-line.entity.js';
import { SettlementStatus, ShipmentStatus, type Shipment } from '../entities/shipment.entity.js';
import { orderError, OrderErrorCode, type OrderErrorData } from './order-error.js';
import { allLines, planShipments, type SagaConsignee, type SagaPayload } from './saga-payload.js';
import type { AppliedPromotionData } from './saga-services.js';

/** Display name of the saga when it acts (automatic review, 自动审单). */
export const SYSTEM_ACTOR = '自动审单';

/**
 * A system text of the timeline, as a code and arguments clients localize
 * (`OrderEvent.messageCode` / `messageArgs`).
 */
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

/**
 * The shipments (and their lines) of an approved order, from its reservation: PICKING, numbered 1…n
 * within the order, scoped to the placing dealer, with the consignee the dealer read gave. The
 * shipment number and delivery warehouse come from the order row (`insertShipments` fills them).
 */
export function shipmentRows(
  orderId: string,
  payload: SagaPayload,
  at = new Date(),
): { shipments: Shipment[]; lines: ShipmentLine[] } {
  const plans = planShipments(allLines(payload), payload.reservation?.lines ?? []);
  const productOf = new Map(allLines(payload).map((l) => [l.orderLineId, l.productId]));
  const shipments: Shipment[] = [];
  const lines: ShipmentLine[] = [];
  plans.forEach((plan, i) => {
    const shipment = newShipment({
      orderId,
      warehouseId: plan.warehouseId,
      dealerId: payload.claims.dealerId,
      dealerRegionPath: regionPathText(payload.claims.regionPath),
      seq: i + 1,
      consignee: payload.consignee ?? null,
      sellerDealerId: payload.seller?.dealerId ?? null,
      at,
    });
    shipments.push(shipment);
    for (const l of plan.lines)
      lines.push({
        shipmentId: shipment.id,
        orderLineId: l.orderLineId,
        quantity: l.quantity,
        productId: productOf.get(l.orderLineId) ?? null,
      } as ShipmentLine);
  });
  return { shipments, lines };
}

/** A region path as the order stores it ("/reg_cn/reg_east/"). */
export function regionPathText(path: string[]): string {
  return path.length ? `/${path.join('/')}/` : '/';
}

/** A new PICKING shipment row (plain data); its number is filled from the order when inserted. */
export function newShipment(facts: {
  orderId: string;
  warehouseId: string;
  dealerId: string;
  dealerRegionPath: string;
  seq: number;
  consignee: SagaConsignee | null;
  deliveryWarehouseId?: string | null;
  number?: string | null;
  splitFromId?: string | null;
  /** The order's selling dealer; null or absent when the brand sells. */
  sellerDealerId?: string | null;
  at: Date;
}): Shipment {
  return {
    id: newId('shp', facts.at),
    number: facts.number ?? null,
    orderId: facts.orderId,
    warehouseId: facts.warehouseId,
    dealerId: facts.dealerId,
    dealerRegionPath: facts.dealerRegionPath,
    seq: facts.seq,
    status: ShipmentStatus.PICKING,
    splitFromId: facts.splitFromId ?? null,
    version: 0,
    carrier: null,
    trackingNumber: null,
    shippedAt: null,
    shippedByUserId: null,
    shippedByName: null,
    deliveredAt: null,
    receivedByUserId: null,
    receiptComment: null,
    cancelledAt: null,
    cancelReason: null,
    consigneeName: facts.consignee?.name?.slice(0, 200) ?? null,
    consigneeContact: facts.consignee?.contact?.slice(0, 120) ?? null,
    consigneePhone: facts.consignee?.phone?.slice(0, 40) ?? null,
    deliveryWarehouseId: facts.deliveryWarehouseId ?? null,
    sellerDealerId: facts.sellerDealerId ?? null,
    settlement: SettlementStatus.NONE,
    invoiceId: null,
    createdAt: facts.at,
    updatedAt: facts.at,
  };
}

/** Order line rows with the quote's amounts, gift lines included (zero when the order was never priced). */
export function lineRows(orderId: string, payload: SagaPayload): OrderLine[] {
  const quote = payload.quote;
  const currency = quote?.currency ?? 'CNY';
  return allLines(payload).map((l, i) => {
    const q = quote?.lines[i];
    return {
      id: l.orderLineId,
      orderId,
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
      taxClass: taxClassOf(l.taxClass),
      shippedQuantity: 0,
      shippedGrossMinor: 0,
      creditedQuantity: 0,
      creditedGrossMinor: 0,
    };
  });
}

/** A stored tax class text as the enum (unknown or missing: STANDARD). */
export function taxClassOf(text: string | null | undefined): TaxClass {
  return text && (Object.values(TaxClass) as string[]).includes(text) ? (text as TaxClass) : TaxClass.STANDARD;
}

/** pricing's refusal codes and the rejection reasons they become. */
const PROMOTION_REFUSALS: Record<string, string> = {
  BUDGET_EXHAUSTED: OrderErrorCode.PROMOTION_BUDGET_EXHAUSTED,
  USAGE_LIMIT_REACHED: OrderErrorCode.PROMOTION_USAGE_LIMIT_REACHED,
};

/**
 * consumePromotionBudget refusals as rejection reasons: BUDGET_EXHAUSTED → PROMOTION_BUDGET_EXHAUSTED,
 * USAGE_LIMIT_REACHED → PROMOTION_USAGE_LIMIT_REACHED (the promotion is named from the error's
 * field "promotions[i]…"); other codes pass through.
 */
export function promotionErrors(applied: AppliedPromotionData[], errors: OrderErrorData[]): OrderErrorData[] {
  return errors.map((e) => {
    const m = /^promotions\[(\d+)\]/.exec(e.field ?? '');
    const promotion = m ? applied[Number(m[1])] : undefined;
    const code = PROMOTION_REFUSALS[e.code] ?? e.code;
    if (!promotion || !PROMOTION_REFUSALS[e.code]) return orderError(code, e.message);
    const what = e.code === 'BUDGET_EXHAUSTED' ? 'ran out of budget' : 'reached its per-dealer order limit';
    return orderError(
      code,
      `Promotion "${promotion.name}" (${promotion.promotionId}) ${what} after the quote; ` +
        'place the order again for a new price',
    );
  });
}

/** Short text of rejection reasons for the timeline comment. */
export function reasonsText(reasons: OrderErrorData[]): string {
  return reasons.map((r) => (r.productId ? `${r.code} (${r.productId})` : r.code)).join(', ');
}
