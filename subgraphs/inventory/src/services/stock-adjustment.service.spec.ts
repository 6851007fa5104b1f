import { Role } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lot } from '../entities/lot.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { AdjustmentReason, MovementReason, StockMovement } from '../entities/stock-movement.entity.js';
import type { InventoryLoaders } from '../inventory-context.js';
import type { AdjustStockInput } from '../schema/inventory.input.js';
import { inventorySubgraph } from '../subgraph.js';
import { StockAdjustmentService } from './stock-adjustment.service.js';

const hq = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
let db: TestSubgraph<InventoryLoaders>;
const service = new StockAdjustmentService();

beforeAll(async () => {
  db = await openTestSubgraph(inventorySubgraph, { seed: true });
});
afterAll(() => db.close());

/** Every stock level whose ledger does not add up to its on-hand quantity (should be none). */
async function ledgerMismatches(): Promise<unknown[]> {
  return db.orm.em
    .fork()
    .getConnection()
    .execute(
      `select s.id, s.on_hand, coalesce(sum(m.delta), 0) as total from stock_level s
       left join stock_movement m on m.warehouse_id = s.warehouse_id and m.product_id = s.product_id
     group by s.id, s.on_hand having coalesce(sum(m.delta), 0) <> s.on_hand`,
      [],
      'all',
    );
}

async function levelOf(warehouseId: string, productId: string) {
  return db.orm.em.fork().findOne(StockLevel, { warehouseId, productId });
}
const movementCount = () => db.orm.em.fork().count(StockMovement, {});
const lotTotal = async (warehouseId: string, productId: string) =>
  (await db.orm.em.fork().find(Lot, { warehouseId, productId })).reduce((n, l) => n + l.quantity, 0);

const adjust = (input: Partial<AdjustStockInput>, viewer = hq) =>
  service.adjust(db.context(viewer), {
    warehouseId: 'wh_hq',
    productId: 'prd_00001',
    delta: 1,
    ...input,
  } as AdjustStockInput);

describe('seed', () => {
  it('writes a ledger that adds up to every stock level, and lots that add up to HQ/regional stock', async () => {
    expect(await ledgerMismatches()).toEqual([]);
    const rows: { n: number }[] = await db.orm.em
      .fork()
      .getConnection()
      .execute(
        `select count(*) as n from stock_level s join warehouse w on w.id = s.warehouse_id
        where w.kind <> 'DEALER' and s.on_hand <> (select coalesce(sum(l.quantity), 0) from lot l
          where l.warehouse_id = s.warehouse_id and l.product_id = s.product_id)`,
        [],
        'all',
      );
    expect(Number(rows[0]!.n)).toBe(0);
  });
});

describe('StockAdjustmentService.adjust', () => {
  it('adds and removes stock with one ledger entry each, keeping ledger and lots in step', async () => {
    const before = (await levelOf('wh_east', 'prd_00002'))!;
    expect(before.onHand).toBeGreaterThan(10);
    const added = await adjust({
      warehouseId: 'wh_east',
      productId: 'prd_00002',
      delta: 40,
      reason: AdjustmentReason.RECEIPT,
      lotNumber: 'L-TEST-1',
      expiresAt: new Date(Date.now() + 400 * 86_400_000),
      note: 'inbound',
    });
    expect(added.errors).toEqual([]);
    expect(added.stockLevel!.onHand).toBe(before.onHand + 40);
    expect(added.stockLevel!.version).toBe(before.version + 1);
    expect(added.movement).toMatchObject({
      delta: 40,
      balanceAfter: before.onHand + 40,
      reason: MovementReason.RECEIPT,
      adjustmentReason: AdjustmentReason.RECEIPT,
      note: 'inbound',
      actorUserId: 'usr_hq_admin',
    });
    expect(added.movement!.lotId).toMatch(/^lot_/);

    const removed = await adjust({
      warehouseId: 'wh_east',
      productId: 'prd_00002',
      delta: -25,
      reason: AdjustmentReason.DAMAGE,
    });
    expect(removed.errors).toEqual([]);
    expect(removed.stockLevel!.onHand).toBe(before.onHand + 15);
    expect(removed.movement).toMatchObject({
      delta: -25,
      balanceAfter: before.onHand + 15,
      reason: MovementReason.ADJUSTMENT,
      adjustmentReason: AdjustmentReason.DAMAGE,
    });
    // Removals without a lot number take the first-expiring lots, so lots still match on-hand.
    expect(await lotTotal('wh_east', 'prd_00002')).toBe(before.onHand + 15);

    const fromLot = await adjust({
      warehouseId: 'wh_east',
      productId: 'prd_00002',
      delta: -10,
      lotNumber: 'L-TEST-1',
      reason: AdjustmentReason.COUNT_CORRECTION,
    });
    expect(fromLot.errors).toEqual([]);
    expect(fromLot.movement!.lotId).toBe(added.movement!.lotId);
    expect(await lotTotal('wh_east', 'prd_00002')).toBe(before.onHand + 5);
    expect(await ledgerMismatches()).toEqual([]);
  });

  it('creates the stock level of a new product in a known warehouse', async () => {
    const result = await adjust({ warehouseId: 'wh_south', productId: 'prd_NEW1', delta: 12 });
    expect(result.errors).toEqual([]);
    expect(result.stockLevel).toMatchObject({
      warehouseId: 'wh_south',
      productId: 'prd_NEW1',
      onHand: 12,
      reserved: 0,
    });
    expect(await ledgerMismatches()).toEqual([]);
  });

  it('empties a stock level exactly, but never below zero', async () => {
    const level = (await levelOf('wh_north', 'prd_00010'))!;
    expect(
      (await adjust({ warehouseId: 'wh_north', productId: 'prd_00010', delta: -(level.onHand + 1) })).errors[0]!.code,
    ).toBe('INSUFFICIENT_STOCK');
    if (level.onHand > 0)
      expect(
        (await adjust({ warehouseId: 'wh_north', productId: 'prd_00010', delta: -level.onHand })).stockLevel!.onHand,
      ).toBe(0);
    expect(await ledgerMismatches()).toEqual([]);
  });

  describe('refusals write nothing', () => {
    const cases: [string, Partial<AdjustStockInput>, string, string][] = [
      ['zero delta', { delta: 0 }, 'BAD_USER_INPUT', 'delta'],
      ['delta over a million', { delta: 1_000_001 }, 'BAD_USER_INPUT', 'delta'],
      ['delta under minus a million', { delta: -1_000_001 }, 'BAD_USER_INPUT', 'delta'],
      ['negative receipt', { delta: -3, reason: AdjustmentReason.RECEIPT }, 'BAD_USER_INPUT', 'delta'],
      ['expiresAt without lot', { delta: 3, expiresAt: new Date() }, 'BAD_USER_INPUT', 'expiresAt'],
      ['malformed lot number', { delta: 3, lotNumber: 'bad lot!' }, 'BAD_USER_INPUT', 'lotNumber'],
      ['new lot without expiry', { delta: 3, lotNumber: 'L-NEW' }, 'BAD_USER_INPUT', 'expiresAt'],
      ['unknown warehouse', { warehouseId: 'wh_nowhere', delta: 3 }, 'NOT_FOUND', 'warehouseId'],
      ['removal of a product the warehouse lacks', { productId: 'prd_99998', delta: -3 }, 'NOT_FOUND', 'productId'],
      ['malformed product id', { productId: 'sku-123', delta: 3 }, 'NOT_FOUND', 'productId'],
      ['removal from an unknown lot', { delta: -3, lotNumber: 'L-UNKNOWN' }, 'NOT_FOUND', 'lotNumber'],
      ['removal beyond on-hand', { delta: -1_000_000 }, 'INSUFFICIENT_STOCK', 'delta'],
    ];
    for (const [name, input, code, field] of cases) {
      it(`${name} → ${code}`, async () => {
        const before = await levelOf('wh_hq', 'prd_00001');
        const movements = await movementCount();
        const result = await adjust(input);
        expect(result.errors).toEqual([expect.objectContaining({ code, field })]);
        expect(result.stockLevel).toBeNull();
        expect(result.movement).toBeNull();
        expect(await movementCount()).toBe(movements);
        expect(await levelOf('wh_hq', 'prd_00001')).toEqual(before);
        expect(await levelOf(input.warehouseId ?? 'wh_hq', input.productId ?? 'prd_00001')).toEqual(
          input.productId || input.warehouseId ? null : before,
        );
      });
    }

    it('refuses to take stock below the reserved quantity', async () => {
      await db.orm.em
        .fork()
        .nativeUpdate(StockLevel, { warehouseId: 'wh_hq', productId: 'prd_00003' }, { reserved: 5 });
      const level = (await levelOf('wh_hq', 'prd_00003'))!;
      const movements = await movementCount();
      const result = await adjust({ productId: 'prd_00003', delta: -(level.onHand - 4) });
      expect(result.errors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_STOCK', field: 'delta' })]);
      expect(await levelOf('wh_hq', 'prd_00003')).toEqual(level);
      expect(await movementCount()).toBe(movements);
      // Down to exactly the reserved quantity is fine.
      expect((await adjust({ productId: 'prd_00003', delta: -(level.onHand - 5) })).stockLevel!.onHand).toBe(5);
    });

    it('refuses a lot removal larger than the lot, leaving the stock level untouched', async () => {
      const lot = (await db.orm.em
        .fork()
        .findOne(Lot, { warehouseId: 'wh_hq', productId: 'prd_00004' }, { orderBy: { quantity: 'asc' } }))!;
      const level = (await levelOf('wh_hq', 'prd_00004'))!;
      if (level.onHand > lot.quantity) {
        const result = await adjust({ productId: 'prd_00004', delta: -(lot.quantity + 1), lotNumber: lot.lotNumber });
        expect(result.errors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_STOCK', field: 'lotNumber' })]);
        expect(await levelOf('wh_hq', 'prd_00004')).toEqual(level);
      }
    });
  });

  it('is for HQ admins only', async () => {
    for (const viewer of [
      { userId: 'usr_east_manager', role: Role.REGION_MANAGER, regionId: 'reg_east' },
      { userId: 'usr_js_admin', role: Role.DEALER_ADMIN, dealerId: 'dlr_0002' },
    ]) {
      await expect(adjust({ delta: 1 }, viewer as never)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(
      service.adjust(db.context(null), { warehouseId: 'wh_hq', productId: 'prd_00001', delta: 1 }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('keeps the ledger invariant after concurrent removals', async () => {
    const level = (await levelOf('wh_central', 'prd_00005'))!;
    const take = Math.max(1, Math.floor(level.onHand / 3));
    const results = await Promise.all(
      Array.from({ length: 5 }, () => adjust({ warehouseId: 'wh_central', productId: 'prd_00005', delta: -take })),
    );
    const ok = results.filter((r) => r.errors.length === 0).length;
    const after = (await levelOf('wh_central', 'prd_00005'))!;
    expect(after.onHand).toBe(level.onHand - ok * take);
    expect(after.onHand).toBeGreaterThanOrEqual(0);
    expect(await ledgerMismatches()).toEqual([]);
  });
});

describe('StockAdjustmentService audit', () => {
  it('records who changed which stock level and its on-hand before and after, with the change only', async () => {
    const { AuditEntry } = await import('@dnp/subgraph-kit');
    const count = () => db.orm.em.fork().count(AuditEntry, { operation: 'adjustStock' });
    const before = await count();
    const level = await levelOf('wh_hq', 'prd_00002');
    const ok = await adjust({ productId: 'prd_00002', delta: 4, reason: AdjustmentReason.RECEIPT });
    expect(ok.errors).toEqual([]);
    const [entry] = await db.orm.em
      .fork()
      .find(AuditEntry, { operation: 'adjustStock' }, { orderBy: { id: 'desc' }, limit: 1 });
    expect(entry).toMatchObject({
      actorId: 'usr_hq_admin',
      actorRole: 'HQ_ADMIN',
      entityType: 'StockLevel',
      entityId: level!.id,
    });
    expect(JSON.parse(entry!.before!).onHand).toBe(level!.onHand);
    expect(JSON.parse(entry!.after!).onHand).toBe(level!.onHand + 4);
    const refused = await adjust({ productId: 'prd_00002', delta: -10_000_000 + 1 });
    expect(refused.errors.length).toBeGreaterThan(0);
    expect(await count()).toBe(before + 1);
  });
});
