import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderLine } from '../entities/order-line.entity.js';
import { Order, OrderStatus } from '../entities/order.entity.js';
import { ShipmentLine } from '../entities/shipment-line.entity.js';
import { Shipment, ShipmentStatus } from '../entities/shipment.entity.js';
import { ReturnLine, ReturnLineKind } from '../entities/return-line.entity.js';
import { ReturnReason, ReturnRequest, ReturnSource, ReturnStatus } from '../entities/return-request.entity.js';
import type { OrdersLoaders } from '../orders-context.js';
import { newShipment } from '../saga/saga-rows.js';
import { ordersSubgraph } from '../subgraph.js';
import { DistributionService } from './distribution.service.js';

const hq: Viewer = { userId: 'usr_hq', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const east: Viewer = {
  userId: 'usr_east',
  role: Role.REGION_MANAGER,
  regionId: 'reg_east',
  regionPath: ['reg_cn', 'reg_east'],
};
const service: Viewer = { userId: 'svc_dealers', role: Role.SERVICE };
const dealer: Viewer = { userId: 'usr_nj', role: Role.DEALER_ADMIN, dealerId: 'dlr_f1', regionId: 'reg_js' };
const JS = '/reg_cn/reg_east/reg_js/';
const GD = '/reg_cn/reg_south/reg_gd/';
// A month no seeded order ships in.
const SHIPPED_AT = new Date('2031-03-10T04:00:00Z');

let db: TestSubgraph<OrdersLoaders>;
const flows = new DistributionService();
let n = 0;

/** An order of `quantity` units at `unitMinor`, `shipped` of them shipped on `at` (SHIPPED_AT); its shipment id. */
async function shippedOrder(o: {
  at?: Date;
  dealerId: string;
  path: string;
  seller?: [string, string];
  dealerLevel: string;
  quantity: number;
  shipped: number;
  unitMinor: number;
}): Promise<string> {
  const at = o.at ?? SHIPPED_AT;
  const id = `ord_flow_${++n}`;
  const total = o.quantity * o.unitMinor;
  const em = db.orm.em.fork();
  await em.insert(Order, {
    ...{ id, orderNumber: `SOFLOW${n}`, dealerId: o.dealerId, dealerRegionId: 'r', dealerRegionPath: o.path },
    ...{ status: OrderStatus.PARTIALLY_SHIPPED, currency: 'CNY', subtotalMinor: total, discountMinor: 0 },
    ...{ totalMinor: total, itemCount: o.quantity, placedByUserId: 'usr', placedAt: at },
    ...{ updatedAt: at, sellerDealerId: o.seller?.[0] ?? null, sellerLevel: o.seller?.[1] ?? null },
    dealerLevel: o.dealerLevel,
  } as Order);
  await em.insert(OrderLine, {
    ...{ id: `oln_flow_${n}`, orderId: id, lineNo: 1, productId: 'prd_milk', sku: 'JH-MLK-0001' },
    ...{ productName: 'milk', quantity: o.quantity, currency: 'CNY', unitPriceMinor: o.unitMinor },
    ...{ lineSubtotalMinor: total, discountMinor: 0, lineTotalMinor: total, isGift: false },
  } as OrderLine);
  const shipment = newShipment({
    ...{ orderId: id, warehouseId: 'wh_x', dealerId: o.dealerId, dealerRegionPath: o.path, seq: 1 },
    ...{ consignee: null, sellerDealerId: o.seller?.[0] ?? null, at },
  });
  await em.insert(Shipment, { ...shipment, status: ShipmentStatus.SHIPPED, shippedAt: at });
  await em.insert(ShipmentLine, {
    shipmentId: shipment.id,
    orderLineId: `oln_flow_${n}`,
    quantity: o.shipped,
    productId: 'prd_milk',
  } as ShipmentLine);
  return shipment.id;
}

/** A return of one unit of a shipment's line, credited (`grossMinor`) at `creditedAt`. */
async function creditedReturn(shipmentId: string, dealerId: string, grossMinor: number, creditedAt: Date) {
  const em = db.orm.em.fork();
  const shipment = await em.findOneOrFail(Shipment, shipmentId);
  const id = `ret_flow_${++n}`;
  await em.insert(ReturnRequest, {
    ...{ id, number: `RTFLOW${n}`, orderId: shipment.orderId, dealerId, dealerRegionPath: JS },
    ...{ source: ReturnSource.DEALER, reason: ReturnReason.QUALITY, comment: null, status: ReturnStatus.CREDITED },
    ...{ version: 1, idempotencyKey: id, requestedByUserId: 'usr', requestedAt: creditedAt, reviewedAt: creditedAt },
    ...{ creditedGrossMinor: grossMinor, creditedAt, updatedAt: creditedAt },
  } as ReturnRequest);
  await em.insert(ReturnLine, {
    ...{ id: `rtl_flow_${n}`, returnId: id, lineNo: 1, shipmentId, orderLineId: 'x', productId: 'prd_milk' },
    ...{ kind: ReturnLineKind.GOODS, damaged: false, requestedQuantity: 1, acceptedQuantity: 1, grossMinor },
  } as ReturnLine);
}

beforeAll(async () => {
  db = await openTestSubgraph(ordersSubgraph);
  await shippedOrder({
    dealerId: 'dlr_f1',
    path: JS,
    dealerLevel: 'PROVINCIAL_AGENT',
    quantity: 10,
    shipped: 10,
    unitMinor: 1_000,
  });
  const fromParent = { seller: ['dlr_f1', 'PROVINCIAL_AGENT'] as [string, string], dealerLevel: 'REGIONAL_DEALER' };
  await shippedOrder({
    dealerId: 'dlr_f2',
    path: `${JS}reg_js_nj/`,
    ...fromParent,
    quantity: 4,
    shipped: 3,
    unitMinor: 900,
  });
  await shippedOrder({
    dealerId: 'dlr_f3',
    path: GD,
    dealerLevel: 'PROVINCIAL_AGENT',
    quantity: 2,
    shipped: 2,
    unitMinor: 1_000,
  });
});
afterAll(async () => {
  await db?.close();
});

describe('distributionFlow', () => {
  it('sums sell-in (BRAND → level) and sell-through (level → lower level) shipped in the month', async () => {
    const rows = await flows.flow(db.context(hq), '2031-03');
    expect(rows).toEqual([
      { sellerLevel: 'BRAND', buyerLevel: 'PROVINCIAL_AGENT', orders: 2, units: 12, valueMinor: 12_000 },
      { sellerLevel: 'PROVINCIAL_AGENT', buyerLevel: 'REGIONAL_DEALER', orders: 1, units: 3, valueMinor: 2_700 },
    ]);
    expect(await flows.flow(db.context(hq), '2031-04')).toEqual([]);
  });

  it('keeps a manager to its region, narrows to a region, refuses dealers', async () => {
    const mine = await flows.flow(db.context(east), '2031-03');
    expect(mine.map((r) => [r.sellerLevel, r.units])).toEqual([
      ['BRAND', 10],
      ['PROVINCIAL_AGENT', 3],
    ]);
    const gd = await flows.flow(db.context(hq), '2031-03', 'reg_gd');
    expect(gd.map((r) => r.units)).toEqual([2]);
    await expect(flows.flow(db.context(dealer), '2031-03')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('dealerPurchaseTotals', () => {
  it('answers shipped gross less credited gross per dealer, paged by dealer id, for services only', async () => {
    const first = await flows.purchaseTotals(db.context(service), { from: '2031-03-01', to: '2031-03-31', first: 2 });
    expect(first.totalCount).toBe(3);
    expect(first.edges.map((e) => e.node)).toEqual([
      { dealerId: 'dlr_f1', orders: 1, purchasesMinor: 10_000 },
      { dealerId: 'dlr_f2', orders: 1, purchasesMinor: 2_700 },
    ]);
    const rest = await flows.purchaseTotals(db.context(service), {
      from: '2031-03-01',
      to: '2031-03-31',
      after: first.pageInfo.endCursor,
    });
    expect(rest.edges.map((e) => e.node.dealerId)).toEqual(['dlr_f3']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const before = await flows.purchaseTotals(db.context(service), { from: '2031-02-01', to: '2031-03-09' });
    expect(before.totalCount).toBe(0);
    await expect(flows.purchaseTotals(db.context(hq), { from: '2031-03-01', to: '2031-03-31' })).rejects.toThrow();
  });
});

describe('dealerPurchaseTotals and returns', () => {
  it('subtracts what was credited against the shipments of the window, whenever it was credited', async () => {
    // June: 5 × 1 000 shipped, 1 000 of it credited in July. July: 2 × 1 000 shipped, nothing returned.
    const june = new Date('2031-06-10T04:00:00Z');
    const july = new Date('2031-07-10T04:00:00Z');
    const base = { dealerId: 'dlr_f9', path: JS, dealerLevel: 'REGIONAL_DEALER', unitMinor: 1_000 };
    const junes = await shippedOrder({ ...base, at: june, quantity: 5, shipped: 5 });
    await shippedOrder({ ...base, at: july, quantity: 2, shipped: 2 });
    await creditedReturn(junes, 'dlr_f9', 1_000, new Date('2031-07-05T04:00:00Z'));
    const totals = async (from: string, to: string) =>
      (await flows.purchaseTotals(db.context(service), { from, to })).edges.map((e) => e.node);
    expect(await totals('2031-06-01', '2031-06-30')).toEqual([
      { dealerId: 'dlr_f9', orders: 1, purchasesMinor: 4_000 },
    ]);
    // July's shipments returned nothing: June's credit note, issued in July, does not lower July.
    expect(await totals('2031-07-01', '2031-07-31')).toEqual([
      { dealerId: 'dlr_f9', orders: 1, purchasesMinor: 2_000 },
    ]);
    expect(await totals('2031-06-01', '2031-07-31')).toEqual([
      { dealerId: 'dlr_f9', orders: 2, purchasesMinor: 6_000 },
    ]);
  });
});
