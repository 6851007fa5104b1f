import { EventType, OutboxEvent, Role, TaxClass } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FulfilmentTask, FulfilmentTaskKind, FulfilmentTaskStatus } from '../entities/fulfilment-task.entity.js';
import { OrderAlert, OrderAlertKind } from '../entities/order-alert.entity.js';
import { OrderLine } from '../entities/order-line.entity.js';
import { Order, OrderStatus } from '../entities/order.entity.js';
import { ShipmentLine } from '../entities/shipment-line.entity.js';
import { ShipmentLot } from '../entities/shipment-lot.entity.js';
import { SettlementStatus, Shipment, ShipmentStatus } from '../entities/shipment.entity.js';
import { FakeFulfilmentServices } from '../fulfilment/fake-fulfilment-services.js';
import { createFulfilment, useFulfilment } from '../fulfilment/fulfilment-context.js';
import { approvedOrder, specLog, viewers, writeCounts } from '../fulfilment/fake-fulfilment-fixture.js';
import { FulfilmentResumer } from '../fulfilment/fulfilment-resumer.js';
import type { OrdersLoaders } from '../orders-context.js';
import type { ShipShipmentInput } from '../schema/shipment.input.js';
import { ordersSubgraph } from '../subgraph.js';
import { ShipmentReadService } from './shipment-read.service.js';
import { ShipmentService } from './shipment.service.js';

let db: TestSubgraph<OrdersLoaders>;
let fake: FakeFulfilmentServices;
const shipping = new ShipmentService();
const em = () => db.orm.em.fork();
const ship = (input: Partial<ShipShipmentInput> & { shipmentId: string }, viewer = viewers.operator) =>
  shipping.ship(db.context(viewer), { carrier: '顺丰', trackingNumber: 'SF1234567890', ...input });

function install(fault?: (kind: string, effect: string) => void, leaseMs = 5_000) {
  const f = createFulfilment(fake, { stepTimeoutMs: 100, leaseMs }, 5_000, fault);
  useFulfilment(f);
  return f;
}

beforeAll(async () => {
  db = await openTestSubgraph(ordersSubgraph);
});
afterAll(async () => {
  useFulfilment(undefined);
  await db.close();
});
beforeEach(() => {
  fake = new FakeFulfilmentServices();
  install();
});

describe('Shipment.pickList', () => {
  it('gives each lot its expiry warning level, as Lot.expiryStatus does', async () => {
    const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
    const { shipment } = await approvedOrder(db, fake, [
      {
        productId: 'prd_pick',
        quantity: 4,
        lineTotalMinor: 4000,
        lots: [
          ['lot_p1', inDays(10), 1],
          ['lot_p2', inDays(60), 1],
          ['lot_p3', inDays(120), 1],
          ['lot_p4', inDays(400), 1],
        ],
      },
    ]);
    const lines = await new ShipmentReadService().pickList(db.context(viewers.operator), shipment);
    expect(lines.map((l) => [l.lotNumber, l.expiryStatus])).toEqual([
      ['LOT_P1', 'RED'],
      ['LOT_P2', 'YELLOW'],
      ['LOT_P3', 'BLUE'],
      ['LOT_P4', 'OK'],
    ]);
  });
});

describe('shipShipment with serial codes', () => {
  it('links the codes to the dealer with all of its authorized regions, its home region when it has none', async () => {
    const shipWithCode = async (code: string) => {
      const { shipment } = await approvedOrder(db, fake, [{ productId: 'prd_sc', quantity: 1, lineTotalMinor: 100 }]);
      fake.codes.set(code, { productId: 'prd_sc', warehouseId: 'wh_east' });
      const res = await ship({ shipmentId: shipment.id, serialCodes: [code] });
      expect(res.errors).toEqual([]);
      return [...fake.codeLinks.values()].find((l) => l.shipmentId === shipment.id)!;
    };
    fake.dealerRegions.set('dlr_nj', ['reg_js_nj', 'reg_js_sz', 'reg_sh']);
    expect((await shipWithCode('C-AUTH-1')).authorizedRegionIds).toEqual(['reg_js_nj', 'reg_js_sz', 'reg_sh']);
    fake.dealerRegions.delete('dlr_nj');
    expect((await shipWithCode('C-AUTH-2')).authorizedRegionIds).toEqual(['reg_js_nj']);
  });
});

describe('shipShipment', () => {
  it("releases the rebate hold's remainder with the rest when the order paid part with its rebate", async () => {
    const { order, shipment } = await approvedOrder(db, fake, [
      { productId: 'prd_milk', quantity: 2, lineTotalMinor: 2000 },
    ]);
    await em().nativeUpdate(Order, { id: order.id }, { rebateMinor: 500 });
    expect((await ship({ shipmentId: shipment.id })).errors).toEqual([]);
    expect(fake.rebateReleases.has(order.id)).toBe(true);
  });

  it('ships a whole shipment: stock committed, invoiced, order SHIPPED, remainders released', async () => {
    const { order, shipment } = await approvedOrder(db, fake, [
      { productId: 'prd_milk', quantity: 4, lineTotalMinor: 4000 },
    ]);
    const res = await ship({ shipmentId: shipment.id, note: '整单发出' });
    expect(res.errors).toEqual([]);
    expect(res.shipment).toMatchObject({
      status: ShipmentStatus.SHIPPED,
      settlement: SettlementStatus.DONE,
      carrier: '顺丰',
    });
    expect(res.shipment!.invoiceId).toBe(`inv_${shipment.id}`);
    expect(res.remainder).toBeNull();
    expect(res.order).toMatchObject({ status: OrderStatus.SHIPPED });
    expect(res.order!.firstShippedAt).toBeInstanceOf(Date);
    expect(fake.committed(order.id)).toBe(4);
    expect(fake.invoices.get(shipment.id)!.lines).toEqual([
      expect.objectContaining({ quantity: 4, grossMinor: '4000', taxClass: TaxClass.STANDARD }),
    ]);
    // CANCEL_REST ran after the SHIP task: nothing is left held.
    expect(fake.remainder(order.id)).toBe(0);
    expect(fake.holds.get(order.id)).toMatchObject({ capturedMinor: 4000, released: true });
    // It paid nothing with a rebate balance: no rebate hold to release (nor a tombstone to leave).
    expect(fake.rebateReleases.has(order.id)).toBe(false);
    const tasks = await em().find(FulfilmentTask, { orderId: order.id }, { orderBy: { kind: 'asc' } });
    expect(tasks.map((t) => [t.kind, t.status])).toEqual(
      [
        [FulfilmentTaskKind.SHIP, FulfilmentTaskStatus.DONE],
        [FulfilmentTaskKind.CANCEL_REST, FulfilmentTaskStatus.DONE],
      ].sort(),
    );
    const lots = await em().find(ShipmentLot, { shipmentId: shipment.id });
    expect(lots).toEqual([expect.objectContaining({ lotId: 'lot_prd_milk', quantity: 4, lotNumber: 'LOT_PRD_MILK' })]);
    const events = await em().find(OutboxEvent, { type: EventType.SHIPMENT_STATUS_CHANGED, subjectId: shipment.id });
    expect(events.map((e) => e.payload.toStatus)).toEqual([ShipmentStatus.PICKING, ShipmentStatus.SHIPPED]);
    expect(events[1]!.scope).toMatchObject({ dealerIds: ['dlr_nj'], warehouseIds: ['wh_east'] });
  });

  it("invoices a two-tier order for its seller (the parent's series and line); a brand order names none", async () => {
    const brand = await approvedOrder(db, fake, [{ productId: 'prd_brand', quantity: 1, lineTotalMinor: 100 }]);
    const sold = await approvedOrder(db, fake, [{ productId: 'prd_sold', quantity: 1, lineTotalMinor: 200 }]);
    await em().nativeUpdate(Order, { id: sold.order.id }, { sellerDealerId: 'dlr_js' });
    await em().nativeUpdate(Shipment, { id: sold.shipment.id }, { sellerDealerId: 'dlr_js' });
    for (const { shipment } of [brand, sold]) expect((await ship({ shipmentId: shipment.id })).errors).toEqual([]);
    expect(fake.invoices.get(sold.shipment.id)).toMatchObject({ orderId: sold.order.id, sellerDealerId: 'dlr_js' });
    expect(fake.invoices.get(brand.shipment.id)).not.toHaveProperty('sellerDealerId');
  });

  it('answers Order.fulfilmentSettled for services only: true once every SHIP task is DONE', async () => {
    const { order, shipment } = await approvedOrder(db, fake, [
      { productId: 'prd_h', quantity: 1, lineTotalMinor: 100 },
    ]);
    await ship({ shipmentId: shipment.id });
    const result = await db.execute(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id status fulfilmentSettled } } }',
      { r: [{ __typename: 'Order', id: order.id }] },
      { userId: 'svc_inventory', role: Role.SERVICE },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([{ id: order.id, status: 'SHIPPED', fulfilmentSettled: true }]);
    const hq = await db.execute(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Order { fulfilmentSettled } } }',
      { r: [{ __typename: 'Order', id: order.id }] },
      viewers.hq,
    );
    expect(hq.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('ships once under two operators: one wins, the other gets SHIPMENT_ALREADY_SHIPPED', async () => {
    const { order, shipment } = await approvedOrder(db, fake, [
      { productId: 'prd_tea', quantity: 2, lineTotalMinor: 5000 },
    ]);
    const [a, b] = await Promise.all([
      ship({ shipmentId: shipment.id, trackingNumber: 'SF-AAAAAA' }),
      ship({ shipmentId: shipment.id, trackingNumber: 'SF-BBBBBB' }, viewers.hq),
    ]);
    const results = [a, b];
    expect(results.filter((r) => r.errors.length === 0)).toHaveLength(1);
    const loser = results.find((r) => r.errors.length)!;
    expect(loser.errors.map((e) => e.code)).toEqual(['SHIPMENT_ALREADY_SHIPPED']);
    // The loser sees the shipment as shipped (a retry recognises its own tracking number, or not).
    expect(loser.shipment?.status).toBe(ShipmentStatus.SHIPPED);
    expect(fake.calls.filter((c) => c === 'commitReservationPart')).toHaveLength(1);
    expect(fake.invoices.size).toBe(1);
    expect(await em().count(FulfilmentTask, { orderId: order.id, kind: FulfilmentTaskKind.SHIP })).toBe(1);
  });

  it('splits the rest off as a new PICKING shipment and values the parts by the parts rule (§10)', async () => {
    const { order, shipment, lines } = await approvedOrder(db, fake, [
      { productId: 'prd_a', quantity: 3, lineTotalMinor: 9989 },
      { productId: 'prd_b', quantity: 2, lineTotalMinor: 1000, taxClass: TaxClass.ZERO },
    ]);
    const [a, b] = lines;
    const first = await ship({ shipmentId: shipment.id, lines: [{ orderLineId: a!.id, quantity: 1 }] });
    expect(first.errors).toEqual([]);
    expect(first.order!.status).toBe(OrderStatus.PARTIALLY_SHIPPED);
    expect(first.remainder).toMatchObject({
      status: ShipmentStatus.PICKING,
      seq: 2,
      splitFromId: shipment.id,
      number: `${order.orderNumber}-2`,
    });
    expect(fake.invoices.get(shipment.id)!.lines.map((l) => l.grossMinor)).toEqual(['3330']);
    const rest = await em().find(
      ShipmentLine,
      { shipmentId: first.remainder!.id },
      { orderBy: { orderLineId: 'asc' } },
    );
    expect(rest.map((l) => [l.orderLineId, l.quantity]).sort()).toEqual(
      [
        [a!.id, 2],
        [b!.id, 2],
      ].sort(),
    );
    expect(await em().find(ShipmentLine, { shipmentId: shipment.id })).toEqual([
      expect.objectContaining({ orderLineId: a!.id, quantity: 1, grossMinor: 3330 }),
    ]);
    const second = await ship({ shipmentId: first.remainder!.id, trackingNumber: 'SF0000000002' });
    expect(second.errors).toEqual([]);
    expect(second.remainder).toBeNull();
    expect(second.order!.status).toBe(OrderStatus.SHIPPED);
    const invoice = fake.invoices.get(first.remainder!.id)!;
    expect(invoice.lines.map((l) => [l.orderLineId, l.grossMinor, l.taxClass]).sort()).toEqual(
      [
        [a!.id, '6659', 'STANDARD'],
        [b!.id, '1000', 'ZERO'],
      ].sort(),
    );
    const after = await em().find(OrderLine, { orderId: order.id }, { orderBy: { lineNo: 'asc' } });
    expect(after.map((l) => [l.shippedQuantity, l.shippedGrossMinor])).toEqual([
      [3, 9989],
      [2, 1000],
    ]);
  });

  it('takes chosen lots, FEFO otherwise, and refuses lots the order did not reserve', async () => {
    const { shipment, lines } = await approvedOrder(db, fake, [
      {
        productId: 'prd_c',
        quantity: 5,
        lineTotalMinor: 500,
        lots: [
          ['lot_late', '2027-12-01T00:00:00.000Z', 3],
          ['lot_early', '2027-01-01T00:00:00.000Z', 3],
        ],
      },
    ]);
    const line = lines[0]!;
    const refused = await ship({
      shipmentId: shipment.id,
      lines: [{ orderLineId: line.id, quantity: 2, lots: [{ lotId: 'lot_other', quantity: 2 }] }],
    });
    expect(refused.errors.map((e) => e.code)).toEqual(['LOT_NOT_RESERVED']);
    const res = await ship({ shipmentId: shipment.id, lines: [{ orderLineId: line.id, quantity: 4 }] });
    expect(res.errors).toEqual([]);
    const lots = await em().find(ShipmentLot, { shipmentId: shipment.id }, { orderBy: { lotId: 'asc' } });
    expect(lots.map((l) => [l.lotId, l.quantity])).toEqual([
      ['lot_early', 3],
      ['lot_late', 1],
    ]);
  });

  it('refuses every §11.1 code writing nothing (no rows, no audit, no events)', async () => {
    const { shipment, lines } = await approvedOrder(db, fake, [
      { productId: 'prd_d', quantity: 2, lineTotalMinor: 200 },
    ]);
    const other = await approvedOrder(db, fake, [{ productId: 'prd_e', quantity: 1, lineTotalMinor: 100 }]);
    fake.codes.set('C-OK', { productId: 'prd_d', warehouseId: 'wh_east' });
    fake.codes.set('C-ELSEWHERE', { productId: 'prd_d', warehouseId: 'wh_south' });
    fake.codes.set('C-MILK', { productId: 'prd_x', warehouseId: 'wh_east' });
    const line = lines[0]!.id;
    const cases: [Partial<ShipShipmentInput>, string][] = [
      [{ carrier: ' ' }, 'CARRIER_INVALID'],
      [{ carrier: 'x'.repeat(61) }, 'CARRIER_INVALID'],
      [{ trackingNumber: 'SF 1' }, 'TRACKING_NUMBER_INVALID'],
      [{ lines: [] }, 'LINES_EMPTY'],
      [{ lines: [{ orderLineId: other.lines[0]!.id, quantity: 1 }] }, 'LINE_NOT_IN_SHIPMENT'],
      [{ lines: [{ orderLineId: line, quantity: 0 }] }, 'QUANTITY_INVALID'],
      [{ lines: [{ orderLineId: line, quantity: 3 }] }, 'QUANTITY_EXCEEDS_RESERVED'],
      [{ lines: [{ orderLineId: line, quantity: 1, lots: [{ lotId: 'lot_none', quantity: 1 }] }] }, 'LOT_NOT_RESERVED'],
      [{ serialCodes: Array.from({ length: 5001 }, (_, i) => `C${i}`) }, 'TOO_MANY_SERIAL_CODES'],
      [{ serialCodes: ['C-OK', 'C-OK'] }, 'SERIAL_CODE_DUPLICATE'],
      [{ serialCodes: ['C-NONE'] }, 'SERIAL_CODE_UNKNOWN'],
      [{ serialCodes: ['C-ELSEWHERE'] }, 'SERIAL_CODE_NOT_IN_WAREHOUSE'],
      [{ serialCodes: ['C-MILK'] }, 'SERIAL_CODE_PRODUCT_MISMATCH'],
      [{ serialCodes: ['C-OK', 'C-OK2', 'C-OK3'] }, 'SERIAL_CODE_UNKNOWN'],
    ];
    fake.codes.set('C-OK2', { productId: 'prd_d', warehouseId: 'wh_east' });
    fake.codes.set('C-OK3', { productId: 'prd_d', warehouseId: 'wh_east' });
    cases[cases.length - 1]![1] = 'SERIAL_CODES_EXCEED_QUANTITY';
    const third = await approvedOrder(db, fake, [{ productId: 'prd_e', quantity: 1, lineTotalMinor: 100 }]);
    await em().nativeUpdate(Order, { id: other.order.id }, { status: OrderStatus.PENDING_REVIEW });
    await em().nativeUpdate(Shipment, { id: third.shipment.id }, { status: ShipmentStatus.CANCELLED });
    const before = await writeCounts(db);
    for (const [input, code] of cases) {
      const res = await ship({ shipmentId: shipment.id, ...input });
      expect(
        res.errors.map((e) => e.code),
        code,
      ).toContain(code);
      expect(res.order).toBeNull();
    }
    expect((await ship({ shipmentId: other.shipment.id })).errors[0]!.code).toBe('ORDER_NOT_SHIPPABLE');
    expect((await ship({ shipmentId: third.shipment.id })).errors[0]!.code).toBe('SHIPMENT_CANCELLED');
    expect(await writeCounts(db)).toEqual(before);
    // Outside the operator's warehouses the shipment does not exist.
    await expect(ship({ shipmentId: shipment.id }, viewers.otherOperator)).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
    await expect(ship({ shipmentId: shipment.id }, viewers.dealer)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('answers SHIPMENT_ALREADY_SHIPPED when a rival ships between the reads of shipment and order', async () => {
    const { shipment } = await approvedOrder(db, fake, [{ productId: 'prd_g', quantity: 1, lineTotalMinor: 100 }]);
    // The late request read the shipment while it was PICKING; the rival ships before it reads the order.
    const late = db.context(viewers.operator);
    await late.loaders.shipmentById.load(shipment.id);
    expect((await ship({ shipmentId: shipment.id, trackingNumber: 'SF0000000001' })).errors).toEqual([]);
    const before = await writeCounts(db);
    const res = await shipping.ship(late, { shipmentId: shipment.id, carrier: '顺丰', trackingNumber: 'SF0000000002' });
    expect(res.errors.map((e) => e.code)).toEqual(['SHIPMENT_ALREADY_SHIPPED']);
    expect(res.shipment).toMatchObject({ status: ShipmentStatus.SHIPPED, trackingNumber: 'SF0000000001' });
    expect(await writeCounts(db)).toEqual(before);
  });

  it('replays a task after a crash between its effects: the resumer finishes it, each effect once', async () => {
    let crash = true;
    const f = install((_kind, effect) => {
      if (crash && effect === 'commit') {
        crash = false;
        throw new Error('simulated crash after commit answered');
      }
    }, 1);
    const { order, shipment } = await approvedOrder(db, fake, [
      { productId: 'prd_f', quantity: 2, lineTotalMinor: 300 },
    ]);
    const res = await ship({ shipmentId: shipment.id });
    expect(res.errors).toEqual([]);
    expect(res.shipment!.settlement).toBe(SettlementStatus.PENDING);
    const task = await em().findOneOrFail(FulfilmentTask, { subjectId: shipment.id });
    expect(task.status).toBe(FulfilmentTaskStatus.PENDING);
    expect(task.effectsDone).toBe('invoice');
    expect(await em().findOne(Shipment, { id: shipment.id })).toMatchObject({ invoiceId: `inv_${shipment.id}` });
    await new Promise((r) => setTimeout(r, 5));
    const resumer = new FulfilmentResumer(db.orm.em, f.runner, specLog, 60_000);
    expect(await resumer.tick()).toBeGreaterThanOrEqual(1);
    await resumer.tick();
    expect(await em().findOneOrFail(FulfilmentTask, { subjectId: shipment.id })).toMatchObject({
      status: FulfilmentTaskStatus.DONE,
    });
    expect(await em().findOne(Shipment, { id: shipment.id })).toMatchObject({ settlement: SettlementStatus.DONE });
    // The commit ran twice (the first answer was lost) but committed once: idempotent by part key.
    expect(fake.calls.filter((c) => c === 'commitReservationPart')).toHaveLength(2);
    expect(fake.committed(order.id)).toBe(2);
    expect(fake.calls.filter((c) => c === 'invoiceShipment')).toHaveLength(1);
  });

  it('fails a refused effect: task FAILED, settlement FAILED, a FULFILMENT_FAILED alert for HQ', async () => {
    fake.refuse('invoiceShipment', 'DEALER_HAS_NO_ACCOUNT');
    const { order, shipment } = await approvedOrder(db, fake, [
      { productId: 'prd_g', quantity: 1, lineTotalMinor: 100 },
    ]);
    const res = await ship({ shipmentId: shipment.id });
    expect(res.errors).toEqual([]);
    expect(res.shipment).toMatchObject({ status: ShipmentStatus.SHIPPED, settlement: SettlementStatus.FAILED });
    const task = await em().findOneOrFail(FulfilmentTask, { subjectId: shipment.id });
    expect(task).toMatchObject({ status: FulfilmentTaskStatus.FAILED });
    expect(task.lastError).toContain('DEALER_HAS_NO_ACCOUNT');
    const alerts = await em().find(OrderAlert, { orderId: order.id });
    expect(alerts).toEqual([expect.objectContaining({ kind: OrderAlertKind.FULFILMENT_FAILED })]);
    const event = await em().findOneOrFail(OutboxEvent, {
      type: EventType.FULFILMENT_FAILED,
      subjectId: alerts[0]!.id,
    });
    expect(event.scope).toEqual({ hqOnly: true });
    // The order's remainders stay held while its SHIP task is not DONE (a person decides), and the
    // reconcilers see it unsettled.
    expect(fake.holds.get(order.id)!.released).toBe(false);
    const service = db.context({ userId: 'svc_finance', role: Role.SERVICE });
    expect(await new ShipmentReadService().fulfilmentSettled(service, order.id)).toBe(false);
  });
});
