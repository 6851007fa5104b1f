import { AuditEntry, EventType, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoodsReceipt, GoodsReceiptKind } from '../entities/goods-receipt.entity.js';
import { Lot } from '../entities/lot.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { AdjustmentReason, MovementReason, StockMovement } from '../entities/stock-movement.entity.js';
import { Warehouse, WarehouseKind } from '../entities/warehouse.entity.js';
import type { InventoryLoaders } from '../inventory-context.js';
import type { ReceiveGoodsLineInput } from '../schema/goods-receipt.input.js';
import { QuarantineAction, type AdjustStockInput } from '../schema/inventory.input.js';
import { inventorySubgraph } from '../subgraph.js';
import { GoodsReceiptService } from './goods-receipt.service.js';
import { useQuarantineCodes, type QuarantinedLots } from './quarantine-codes.js';
import { ReservationService } from './reservation.service.js';
import { availableOf } from './stock-level.service.js';
import { ledgerViolations } from './stock-invariants.js';
import { ReservationPartService } from './reservation-part.service.js';
import { StockAdjustmentService } from './stock-adjustment.service.js';

const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
const NJ = ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'];
const IN_DAYS = (days: number) => new Date(Date.now() + days * 86_400_000);
const EXPIRES = IN_DAYS(200);

let db: TestSubgraph<InventoryLoaders>;
let dealer: { id: string; warehouseId: string };
const receipts = new GoodsReceiptService();
const reservations = new ReservationService();
const adjustments = new StockAdjustmentService();
const parts = new ReservationPartService();

beforeAll(async () => {
  db = await openTestSubgraph(inventorySubgraph, { seed: true });
  const own = await db.orm.em
    .fork()
    .find(Warehouse, { kind: WarehouseKind.DEALER, active: true }, { orderBy: { id: 'asc' } });
  const single = own.find((w) => own.filter((o) => o.dealerId === w.dealerId).length === 1)!;
  dealer = { id: single.dealerId!, warehouseId: single.id };
});
afterAll(async () => {
  useQuarantineCodes(undefined);
  await db.close();
});

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
    expect(await ledgerViolations(db.orm.em.fork())).toEqual([]);
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
    expect(await ledgerViolations(db.orm.em.fork())).toEqual([]);
  });

  it('checks a take back up front: the refusal takeBackGoods would answer, nothing written', async () => {
    const check = (lines: ReturnType<typeof line>[], dealerId = dealer.id) =>
      receipts.checkTakeBack(db.context(service), { key: 'ret_check', dealerId, lines });
    const before = await rows();
    const { onHand, reserved, quarantined } = await level(dealer.warehouseId, 'prd_GR');
    const sellable = onHand - reserved - quarantined;
    expect(sellable).toBeGreaterThan(0);
    expect(await check([line('prd_GR', sellable, false, null)])).toEqual([]);
    expect((await check([line('prd_GR', sellable + 1, false, null)])).map((e) => e.code)).toEqual([
      'DEALER_STOCK_INSUFFICIENT',
    ]);
    expect((await check([line('prd_GR', 1, false, 'L-NOT-THERE')])).map((e) => e.code)).toEqual([
      'DEALER_STOCK_INSUFFICIENT',
    ]);
    expect(await check([line('prd_GR', 1)], 'dlr_nowarehouse')).toEqual([]);
    expect(await rows()).toEqual(before);
    expect(await level(dealer.warehouseId, 'prd_GR')).toMatchObject({ onHand });
  });

  it('puts back only the lines named (a return partly accepted), never more than was taken', async () => {
    const take = { key: 'ret_tb_part', dealerId: dealer.id, lines: [line('prd_GR', 3, false, null)] };
    expect((await receipts.takeBack(db.context(service), take)).errors).toEqual([]);
    const { onHand } = await level(dealer.warehouseId, 'prd_GR');
    const restore = (key: string, lines: ReturnType<typeof line>[]) =>
      receipts.restore(db.context(service), { key, takeBackKey: 'ret_tb_part', lines });
    const tooMany = await restore('rst_part_x', [line('prd_GR', 4, false, null)]);
    expect(tooMany.errors.map((e) => [e.code, e.field])).toEqual([['BAD_USER_INPUT', 'lines[0].quantity']]);
    const part = await restore('rst_part', [line('prd_GR', 2, false, 'GR-1')]);
    expect(part).toMatchObject({ received: true, errors: [], receipt: { kind: 'RETURN_CANCELLED', units: 2 } });
    expect(await level(dealer.warehouseId, 'prd_GR')).toMatchObject({ onHand: onHand + 2 });
    expect((await restore('rst_part', [line('prd_GR', 2, false, 'GR-1')])).receipt!.id).toBe(part.receipt!.id);
    expect(await ledgerViolations(db.orm.em.fork())).toEqual([]);
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

const qbLevel = () => db.orm.em.fork().findOneOrFail(StockLevel, { warehouseId: 'wh_hq', productId: 'prd_QB' });
const qbLot = (lotNumber: string) =>
  db.orm.em.fork().findOneOrFail(Lot, { warehouseId: 'wh_hq', productId: 'prd_QB', lotNumber });
const adjust = (input: Partial<AdjustStockInput>) =>
  adjustments.adjust(db.context(hq), { warehouseId: 'wh_hq', productId: 'prd_QB', delta: -1, ...input });
describe('adjustStock with a quarantine action', () => {
  const told: QuarantinedLots[] = [];
  beforeAll(async () => {
    useQuarantineCodes({ release: async (input) => (told.push(input), 0) });
    const returned = await receipts.receive(db.context(service), {
      key: 'ret:ret_qb',
      kind: GoodsReceiptKind.RETURN_IN,
      warehouseId: 'wh_hq',
      dealerId: 'dlr_0003',
      lines: [
        { productId: 'prd_QB', lotNumber: 'QB-2', expiresAt: IN_DAYS(60), quantity: 2, quarantined: true },
        { productId: 'prd_QB', lotNumber: 'QB-1', expiresAt: IN_DAYS(30), quantity: 3, quarantined: true },
        { productId: 'prd_QB', lotNumber: 'QB-1', expiresAt: IN_DAYS(30), quantity: 4, quarantined: false },
      ],
    });
    expect(returned.errors).toEqual([]);
  });

  it('releases quarantined units of a lot for sale, on hand unchanged', async () => {
    expect(await qbLevel()).toMatchObject({ onHand: 9, quarantined: 5 });
    const done = await adjust({ delta: -2, quarantine: QuarantineAction.RELEASE, lotNumber: 'QB-2' });
    expect(done.errors).toEqual([]);
    expect(done.movement).toMatchObject({
      delta: 0,
      quarantineDelta: -2,
      adjustmentReason: AdjustmentReason.ADJUSTMENT,
    });
    expect(await qbLevel()).toMatchObject({ onHand: 9, quarantined: 3 });
    expect(await qbLot('QB-2')).toMatchObject({ quantity: 2, quarantined: 0 });
    // Traceability hears what stays quarantined per lot, so the codes beyond it follow the release.
    expect(told).toEqual([
      {
        warehouseId: 'wh_hq',
        productId: 'prd_QB',
        lots: [
          { lotNumber: 'QB-1', quarantined: 3 },
          { lotNumber: 'QB-2', quarantined: 0 },
        ],
      },
    ]);
  });

  it('writes quarantined units off first-expiry-first: on hand and quarantined down, as DAMAGE', async () => {
    const done = await adjust({ delta: -2, quarantine: QuarantineAction.WRITE_OFF });
    expect(done.movement).toMatchObject({ delta: -2, quarantineDelta: -2, adjustmentReason: AdjustmentReason.DAMAGE });
    expect(await qbLevel()).toMatchObject({ onHand: 7, quarantined: 1 });
    expect(await qbLot('QB-1')).toMatchObject({ quantity: 5, quarantined: 1 });
    expect(await ledgerViolations(db.orm.em.fork())).toEqual([]);
    expect(told).toHaveLength(1);
  });

  it('refuses each bad request with its own code, writing nothing', async () => {
    const before = await rows();
    const cases: [Partial<AdjustStockInput>, string][] = [
      [{ delta: -2, quarantine: QuarantineAction.RELEASE }, 'QUARANTINE_INSUFFICIENT'],
      [{ delta: -1, quarantine: QuarantineAction.RELEASE, lotNumber: 'QB-2' }, 'QUARANTINE_INSUFFICIENT'],
      [{ delta: -1, quarantine: QuarantineAction.WRITE_OFF, lotNumber: 'QB-9' }, 'NOT_FOUND'],
      [{ delta: -1, quarantine: QuarantineAction.RELEASE, productId: 'prd_NONE' }, 'NOT_FOUND'],
      [{ delta: 1, quarantine: QuarantineAction.RELEASE }, 'BAD_USER_INPUT'],
      [{ delta: -1, quarantine: QuarantineAction.RELEASE, reason: AdjustmentReason.DAMAGE }, 'BAD_USER_INPUT'],
    ];
    for (const [input, code] of cases) expect((await adjust(input)).errors[0]?.code, JSON.stringify(input)).toBe(code);
    expect(await rows()).toEqual(before);
    // A plain removal cannot take the quarantined unit either.
    expect((await adjust({ delta: -7 })).errors[0]?.code).toBe('INSUFFICIENT_STOCK');
  });

  it('keeps the ledger sums after a sequence of reservations, parts, receipts and quarantine moves', async () => {
    const reserve = (key: string, quantity: number) =>
      reservations.reserve(db.context(service), {
        key,
        dealerId: 'dlr_0003',
        regionPath: NJ,
        lines: [{ productId: 'prd_QB', quantity }],
      });
    expect((await reserve('ord_qb_1', 7)).errors[0]?.code).toBe('INSUFFICIENT_STOCK');
    expect((await reserve('ord_qb_1', 6)).errors).toEqual([]);
    const part = { productId: 'prd_QB', warehouseId: 'wh_hq', quantity: 4 };
    expect(
      (await parts.commitPart(db.context(service), { key: 'ord_qb_1', partKey: 'shp_qb_1', lines: [part] })).errors,
    ).toEqual([]);
    expect((await reservations.release(db.context(service), 'ord_qb_1')).reservation?.status).toBe('COMMITTED');
    expect((await adjust({ delta: -1, quarantine: QuarantineAction.RELEASE })).errors).toEqual([]);
    expect(await qbLevel()).toMatchObject({ onHand: 3, reserved: 0, quarantined: 0 });
    expect(await ledgerViolations(db.orm.em.fork())).toEqual([]);
  });
});
