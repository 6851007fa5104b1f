import {
  AuditEntry,
  createLogger,
  newId,
  OutboxEvent,
  Role,
  TaxClass,
  type Logger,
  type Viewer,
} from '@dnp/subgraph-kit';
import type { TestSubgraph } from '@dnp/subgraph-kit/testing';
import { FulfilmentTask } from '../entities/fulfilment-task.entity.js';
import { OrderAlert } from '../entities/order-alert.entity.js';
import { OrderLine } from '../entities/order-line.entity.js';
import { Order, OrderStatus } from '../entities/order.entity.js';
import { ShipmentLine } from '../entities/shipment-line.entity.js';
import { ShipmentLot } from '../entities/shipment-lot.entity.js';
import { Shipment } from '../entities/shipment.entity.js';
import type { OrdersLoaders } from '../orders-context.js';
import { newShipment } from '../saga/saga-rows.js';
import { insertShipments } from '../services/shipment-writes.js';
import type { FakeFulfilmentServices } from './fake-fulfilment-services.js';

/** Silent logger for fulfilment specs. */
export const specLog: Logger = createLogger('orders-fulfilment-spec', 'silent');

/** Viewers of the fulfilment specs: HQ, the East warehouse's operator, another operator, the dealer. */
export const viewers: Record<'hq' | 'operator' | 'otherOperator' | 'dealer' | 'otherDealer', Viewer> = {
  hq: { userId: 'usr_hq', role: Role.HQ_ADMIN, displayName: '总部管理员', regionId: 'reg_cn', regionPath: ['reg_cn'] },
  operator: { userId: 'usr_op', role: Role.WAREHOUSE_OPERATOR, displayName: '华东仓管', warehouseIds: ['wh_east'] },
  otherOperator: {
    userId: 'usr_op2',
    role: Role.WAREHOUSE_OPERATOR,
    displayName: '华南仓管',
    warehouseIds: ['wh_south'],
  },
  dealer: {
    userId: 'usr_d1',
    role: Role.DEALER_ADMIN,
    displayName: '南京经销商',
    dealerId: 'dlr_nj',
    regionId: 'reg_js_nj',
    regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'],
  },
  otherDealer: {
    userId: 'usr_d2',
    role: Role.DEALER_ADMIN,
    displayName: '苏州经销商',
    dealerId: 'dlr_sz',
    regionId: 'reg_js_sz',
    regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_sz'],
  },
};

/** One line of an approved order in a spec. */
export interface SpecLine {
  productId: string;
  quantity: number;
  lineTotalMinor: number;
  taxClass?: TaxClass;
  /** Lots the reservation holds for the product: [lotId, expiry ISO, units]; default one lot. */
  lots?: [string, string, number][];
}

let seq = 0;

/** An APPROVED order row of dealer dlr_nj. */
function specOrder(orderId: string, total: number, lines: SpecLine[], now: Date): Order {
  return Object.assign(new Order(), {
    id: orderId,
    orderNumber: `SO20261207${String(++seq).padStart(4, '0')}`,
    dealerId: 'dlr_nj',
    dealerRegionId: 'reg_js_nj',
    dealerRegionPath: '/reg_cn/reg_east/reg_js/reg_js_nj/',
    status: OrderStatus.APPROVED,
    currency: 'CNY',
    subtotalMinor: total,
    discountMinor: 0,
    totalMinor: total,
    itemCount: lines.reduce((s, l) => s + l.quantity, 0),
    appliedPromotions: null,
    note: null,
    placedByUserId: 'usr_d1',
    idempotencyKey: null,
    deliveryWarehouseId: null,
    rejectionReasons: null,
    placedAt: now,
    updatedAt: now,
    approvedAt: now,
    firstShippedAt: null,
    completedAt: null,
  });
}

/**
 * Writes an APPROVED order of dealer dlr_nj with one PICKING shipment from wh_east carrying every
 * line, and reserves its lots in the fake inventory and its total in the fake finance.
 */
export async function approvedOrder(
  db: TestSubgraph<OrdersLoaders>,
  fake: FakeFulfilmentServices,
  lines: SpecLine[],
): Promise<{ order: Order; shipment: Shipment; lines: OrderLine[] }> {
  const em = db.orm.em.fork();
  const now = new Date();
  const orderId = newId('ord', now);
  const total = lines.reduce((s, l) => s + l.lineTotalMinor, 0);
  const order = specOrder(orderId, total, lines, now);
  const orderLines: OrderLine[] = lines.map((l, i) => ({
    id: newId('oln', now),
    orderId,
    lineNo: i + 1,
    productId: l.productId,
    sku: l.productId.toUpperCase(),
    productName: l.productId,
    quantity: l.quantity,
    currency: 'CNY',
    unitPriceMinor: Math.round(l.lineTotalMinor / l.quantity),
    lineSubtotalMinor: l.lineTotalMinor,
    discountMinor: 0,
    lineTotalMinor: l.lineTotalMinor,
    isGift: false,
    promotionId: null,
    taxClass: l.taxClass ?? TaxClass.STANDARD,
    shippedQuantity: 0,
    shippedGrossMinor: 0,
    creditedQuantity: 0,
    creditedGrossMinor: 0,
  }));
  const shipment = newShipment({
    orderId,
    warehouseId: 'wh_east',
    dealerId: order.dealerId,
    dealerRegionPath: order.dealerRegionPath,
    seq: 1,
    consignee: { name: '南京经销商', contact: '王', phone: '025-1' },
    at: now,
  });
  await em.transactional(async (tx) => {
    await tx.insert(Order, order);
    await tx.insertMany(OrderLine, orderLines);
    const shipmentLines = orderLines.map(
      (l) =>
        ({ shipmentId: shipment.id, orderLineId: l.id, quantity: l.quantity, productId: l.productId }) as ShipmentLine,
    );
    await insertShipments(tx, [shipment], shipmentLines);
  });
  fake.reserve(
    orderId,
    lines.flatMap((l) =>
      (l.lots ?? [[`lot_${l.productId}`, '2027-06-30T00:00:00.000Z', l.quantity]]).map(
        ([lotId, expiresAt, quantity]) => ({
          productId: l.productId,
          warehouseId: 'wh_east',
          lotId,
          lotNumber: lotId.toUpperCase(),
          expiresAt,
          quantity,
        }),
      ),
    ),
  );
  fake.hold(orderId, total);
  return { order, shipment: await db.orm.em.fork().findOneOrFail(Shipment, { id: shipment.id }), lines: orderLines };
}

/** Row counts of every table a ship or receipt writes, for "writes nothing" checks. */
export async function writeCounts(db: TestSubgraph<OrdersLoaders>) {
  const em = db.orm.em.fork();
  const [shipments, shipmentLines, lots, tasks, audits, outbox, alerts, lines] = await Promise.all([
    em.find(Shipment, {}),
    em.find(ShipmentLine, {}),
    em.count(ShipmentLot, {}),
    em.count(FulfilmentTask, {}),
    em.count(AuditEntry, {}),
    em.count(OutboxEvent, {}),
    em.count(OrderAlert, {}),
    em.find(OrderLine, {}),
  ]);
  return {
    shipments: shipments.map((s) => `${s.id}:${s.status}:${s.version}`).sort(),
    shipmentLines: shipmentLines
      .map((l) => `${l.shipmentId}:${l.orderLineId}:${l.quantity}:${l.receivedQuantity}`)
      .sort(),
    lots,
    tasks,
    audits,
    outbox,
    alerts,
    shipped: lines.map((l) => `${l.id}:${l.shippedQuantity}:${l.shippedGrossMinor}`).sort(),
  };
}
