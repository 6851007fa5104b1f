import { AuditEntry, EventType, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoodsReceipt, GoodsReceiptKind } from '../entities/goods-receipt.entity.js';
import { Lot } from '../entities/lot.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { MovementReason, StockMovement } from '../entities/stock-movement.entity.js';
import { Warehouse, WarehouseKind } from '../entities/warehouse.entity.js';
import type { InventoryLoaders } from '../inventory-context.js';
import type { ReceiveGoodsLineInput } from '../schema/goods-receipt.input.js';
import { inventorySubgraph } from '../subgraph.js';
import { GoodsReceiptService } from './goods-receipt.service.js';
import { ReservationService } from './reservation.service.js';
import { availableOf } from './stock-level.service.js';

const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const NJ = ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'];
const EXPIRES = new Date(Date.now() + 200 * 86_400_000);

let db: TestSubgraph<InventoryLoaders>;
let dealer: { id: string; warehouseId: string };
const receipts = new GoodsReceiptService();
const reservations = new ReservationService();

beforeAll(async () => {
  db = await openTestSubgraph(inventorySubgraph, { seed: true });
  const own = await db.orm.em
    .fork()
    .find(Warehouse, { kind: WarehouseKind.DEALER, active: true }, { orderBy: { id: 'asc' } });
  const single = own.find((w) => own.filter((o) => o.dealerId === w.dealerId).length === 1)!;
  dealer = { id: single.dealerId!, warehouseId: single.id };
});
afterAll(() => db.close());

const level = (warehouseId: string, productId: string) =>
  db.orm.em.fork().findOneOrFail(StockLevel, { warehouseId, productId });
const line = (productId: string, quantity: number, quarantined = false, lotNumber: string | null = 'GR-1') =>
  ({ productId, quantity, quarantined, lotNumber, expiresAt: lotNumber ? EXPIRES : null }) as ReceiveGoodsLineInput;
const rows = async () => {
  const em = db.orm.em.fork();
  return {
    receipts: await em.count(GoodsReceipt, {}),
    movements: await em.count(StockMovement, {}),
    audit: await em.count(AuditEntry, {}),
    outbox: await em.count(OutboxEvent, {}),
  };
};

/** Levels whose ledger does not add up: Σ delta ≠ on hand or Σ quarantine_delta ≠ quarantined. */
async function ledgerViolations(): Promise<unknown[]> {
  return db.orm.em
    .fork()
    .getConnection()
    .execute(
      `select s.id from stock_level s
       left join stock_movement m on m.warehouse_id = s.warehouse_id and m.product_id = s.product_id
     group by s.id, s.on_hand, s.quarantined
       having coalesce(sum(m.delta), 0) <> s.on_hand or coalesce(sum(m.quarantine_delta), 0) <> s.quarantined`,
      [],
      'all',
    );
}

describe('receiveGoods', () => {
  it("puts a signed-for delivery into the dealer's single warehouse, sellable and quarantined, once", async () => {
    const input = {
      key: 'rcv:shp_gr_1',
      kind: GoodsReceiptKind.DEALER_RECEIPT,
      dealerId: dealer.id,
      lines: [line('prd_GR', 5), line('prd_GR', 1, true)],
    };
    const done = await receipts.receive(db.context(service), input);
    expect(done).toMatchObject({
      received: true,
      errors: [],
      receipt: { warehouseId: dealer.warehouseId, units: 6, quarantinedUnits: 1, kind: 'DEALER_RECEIPT' },
    });
    const after = await level(dealer.warehouseId, 'prd_GR');
    expect(after).toMatchObject({ onHand: 6, quarantined: 1 });
    expect(availableOf(after)).toBe(5);
    const lot = await db.orm.em.fork().findOneOrFail(Lot, { warehouseId: dealer.warehouseId, productId: 'prd_GR' });
    expect(lot).toMatchObject({ lotNumber: 'GR-1', quantity: 6, quarantined: 1, expiresAt: EXPIRES });
    const events = await db.orm.em.fork().find(OutboxEvent, { subjectId: done.receipt!.id });
    expect(events.map((e) => e.type)).toEqual([EventType.GOODS_RECEIVED]);
    const moves = await db.orm.em.fork().find(StockMovement, { reference: 'rcv:shp_gr_1' });
    expect(moves.every((m) => m.reason === MovementReason.SHIPMENT_RECEIPT)).toBe(true);

    const before = await rows();
    const again = await receipts.receive(db.context(service), input);
    expect(again).toMatchObject({ received: true, receipt: { id: done.receipt!.id } });
    const other = await receipts.receive(db.context(service), { ...input, lines: [line('prd_GR', 4)] });
    expect(other.errors[0]!.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await rows()).toEqual(before);
    expect(await ledgerViolations()).toEqual([]);
  });

  it('answers received: false and writes nothing for a dealer without a warehouse', async () => {
    const before = await rows();
    const none = await receipts.receive(db.context(service), {
      key: 'rcv:shp_gr_none',
      kind: GoodsReceiptKind.DEALER_RECEIPT,
      dealerId: 'dlr_nowarehouse',
      lines: [line('prd_GR', 1)],
    });
    expect(none).toEqual({ received: false, receipt: null, errors: [] });
    expect(await rows()).toEqual(before);
  });

  it('refuses bad input and a new lot without expiry, writing nothing', async () => {
    const before = await rows();
    const base = { key: 'ret:ret_bad', kind: GoodsReceiptKind.RETURN_IN, dealerId: dealer.id, warehouseId: 'wh_hq' };
    const cases: [object, string][] = [
      [{ ...base, warehouseId: null, lines: [line('prd_GR', 1)] }, 'BAD_USER_INPUT'],
      [{ ...base, kind: GoodsReceiptKind.RETURN_OUT, lines: [line('prd_GR', 1)] }, 'BAD_USER_INPUT'],
      [{ ...base, lines: [{ ...line('prd_GR', 1), lotNumber: 'NEW-LOT', expiresAt: null }] }, 'BAD_USER_INPUT'],
      [{ ...base, lines: [line('prd_GR', 0)] }, 'BAD_USER_INPUT'],
      [{ ...base, warehouseId: 'wh_nowhere', lines: [line('prd_GR', 1)] }, 'NOT_FOUND'],
    ];
    for (const [input, code] of cases) {
      const result = await receipts.receive(db.context(service), input as never);
      expect(result.errors[0]?.code, JSON.stringify(input)).toBe(code);
    }
    expect(await rows()).toEqual(before);
  });

  it('receives a return quarantined into a brand warehouse: on hand, never reserved', async () => {
    const done = await receipts.receive(db.context(service), {
      key: 'ret:ret_qa',
      kind: GoodsReceiptKind.RETURN_IN,
      warehouseId: 'wh_east',
      dealerId: dealer.id,
      lines: [line('prd_QA', 5, true, 'QA-1'), line('prd_QA', 2, false, 'QA-1')],
    });
    expect(done.errors).toEqual([]);
    expect(await level('wh_east', 'prd_QA')).toMatchObject({ onHand: 7, quarantined: 5, reserved: 0 });
    const key = (n: number) => ({ key: `ord_qa_${n}`, dealerId: 'dlr_0003', regionPath: NJ });
    const short = await reservations.reserve(db.context(service), {
      ...key(1),
      lines: [{ productId: 'prd_QA', quantity: 3 }],
    });
    expect(short.errors).toMatchObject([{ code: 'INSUFFICIENT_STOCK' }]);
    const fits = await reservations.reserve(db.context(service), {
      ...key(2),
      lines: [{ productId: 'prd_QA', quantity: 2 }],
    });
    expect(fits.errors).toEqual([]);
    expect(await level('wh_east', 'prd_QA')).toMatchObject({ onHand: 7, quarantined: 5, reserved: 2 });
    const event = await db.orm.em
      .fork()
      .findOneOrFail(OutboxEvent, { type: EventType.STOCK_CHANGED }, { orderBy: { seq: 'desc' } });
    expect(event.payload).toMatchObject({ quarantined: 5, available: 0 });
  });
});

describe('takeBackGoods and restoreGoods', () => {
  it("takes returned goods out of the dealer's warehouse and puts exactly them back", async () => {
    const take = {
      key: 'ret_tb_1',
      dealerId: dealer.id,
      lines: [line('prd_GR', 2, false, null), line('prd_GR', 1, true, null)],
    };
    const taken = await receipts.takeBack(db.context(service), take);
    expect(taken).toMatchObject({
      received: true,
      errors: [],
      receipt: { kind: 'RETURN_OUT', units: 3, quarantinedUnits: 1 },
    });
    expect(await level(dealer.warehouseId, 'prd_GR')).toMatchObject({ onHand: 3, quarantined: 0 });
    expect((await receipts.takeBack(db.context(service), take)).receipt!.id).toBe(taken.receipt!.id);

    const before = await rows();
    const tooMany = await receipts.takeBack(db.context(service), {
      ...take,
      key: 'ret_tb_2',
      lines: [line('prd_GR', 4, false, null)],
    });
    expect(tooMany.errors[0]!.code).toBe('DEALER_STOCK_INSUFFICIENT');
    const noQuarantine = await receipts.takeBack(db.context(service), {
      ...take,
      key: 'ret_tb_3',
      lines: [line('prd_GR', 1, true)],
    });
    expect(noQuarantine.errors[0]!.code).toBe('DEALER_STOCK_INSUFFICIENT');
    expect(await rows()).toEqual(before);

    const restored = await receipts.restore(db.context(service), { key: 'rst_tb_1', takeBackKey: 'ret_tb_1' });
    expect(restored).toMatchObject({
      received: true,
      receipt: { kind: 'RETURN_CANCELLED', units: 3, quarantinedUnits: 1 },
    });
    expect(await level(dealer.warehouseId, 'prd_GR')).toMatchObject({ onHand: 6, quarantined: 1 });
    const lot = await db.orm.em.fork().findOneOrFail(Lot, { warehouseId: dealer.warehouseId, productId: 'prd_GR' });
    expect(lot).toMatchObject({ quantity: 6, quarantined: 1 });
    expect(
      (await receipts.restore(db.context(service), { key: 'rst_tb_1', takeBackKey: 'ret_tb_1' })).receipt!.id,
    ).toBe(restored.receipt!.id);
    expect(await receipts.restore(db.context(service), { key: 'rst_tb_x', takeBackKey: 'ret_unknown' })).toEqual({
      received: false,
      receipt: null,
      errors: [],
    });
    expect(await ledgerViolations()).toEqual([]);
  });

  it('answers received: false for a dealer without a warehouse', async () => {
    const none = await receipts.takeBack(db.context(service), {
      key: 'ret_tb_none',
      dealerId: 'dlr_nowarehouse',
      lines: [line('prd_GR', 1)],
    });
    expect(none).toEqual({ received: false, receipt: null, errors: [] });
  });
});
