import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderLine } from '../entities/order-line.entity.js';
import { Order, OrderStatus } from '../entities/order.entity.js';
import { ShipmentLine } from '../entities/shipment-line.entity.js';
import { Shipment, ShipmentStatus } from '../entities/shipment.entity.js';
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

/** An order of `quantity` units at `unitMinor`, `shipped` of them shipped on SHIPPED_AT. */
async function shippedOrder(o: {
  dealerId: string;
  path: string;
  seller?: [string, string];
  dealerLevel: string;
  quantity: number;
  shipped: number;
  unitMinor: number;
}): Promise<void> {
  const id = `ord_flow_${++n}`;
  const total = o.quantity * o.unitMinor;
  const em = db.orm.em.fork();
  await em.insert(Order, {
    ...{ id, orderNumber: `SOFLOW${n}`, dealerId: o.dealerId, dealerRegionId: 'r', dealerRegionPath: o.path },
    ...{ status: OrderStatus.PARTIALLY_SHIPPED, currency: 'CNY', subtotalMinor: total, discountMinor: 0 },
    ...{ totalMinor: total, itemCount: o.quantity, placedByUserId: 'usr', placedAt: SHIPPED_AT },
    ...{ updatedAt: SHIPPED_AT, sellerDealerId: o.seller?.[0] ?? null, sellerLevel: o.seller?.[1] ?? null },
    dealerLevel: o.dealerLevel,
  } as Order);
  await em.insert(OrderLine, {
    ...{ id: `oln_flow_${n}`, orderId: id, lineNo: 1, productId: 'prd_milk', sku: 'JH-MLK-0001' },
    ...{ productName: 'milk', quantity: o.quantity, currency: 'CNY', unitPriceMinor: o.unitMinor },
    ...{ lineSubtotalMinor: total, discountMinor: 0, lineTotalMinor: total, isGift: false },
  } as OrderLine);
  const shipment = newShipment({
    ...{ orderId: id, warehouseId: 'wh_x', dealerId: o.dealerId, dealerRegionPath: o.path, seq: 1 },
    ...{ consignee: null, sellerDealerId: o.seller?.[0] ?? null, at: SHIPPED_AT },
  });
  await em.insert(Shipment, { ...shipment, status: ShipmentStatus.SHIPPED, shippedAt: SHIPPED_AT });
  await em.insert(ShipmentLine, {
    shipmentId: shipment.id,
    orderLineId: `oln_flow_${n}`,
    quantity: o.shipped,
    productId: 'prd_milk',
  } as ShipmentLine);
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
