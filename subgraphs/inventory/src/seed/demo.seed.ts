import { demoCatalog, demoNetwork, intBetween, regionPath, seededRandom } from '@dnp/demo-data';
import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from '@dnp/subgraph-kit';
import { Lot } from '../entities/lot.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { MovementReason, StockMovement } from '../entities/stock-movement.entity.js';
import { Warehouse, WarehouseKind } from '../entities/warehouse.entity.js';

const DAY_MS = 86_400_000;
const BATCH = 400;
const DEALER_PRODUCTS = 80;

/** True once warehouses exist (seeded or created by hand). */
export async function isSeeded(em: EntityManager): Promise<boolean> {
  return (await em.count(Warehouse, {})) > 0;
}

/** Short suffix of a demo id ("wh_east" → "east", "prd_00001" → "00001"), for readable derived ids. */
const suffix = (id: string) => id.slice(id.indexOf('_') + 1);

/**
 * Inserts the demo inventory: the network's warehouses; stock of every product in the HQ and
 * regional warehouses (some out of stock, some below safety stock) with 1–2 lots each whose
 * expiry dates spread over the red/yellow/blue windows; about 80 products per dealer warehouse;
 * and one RECEIPT ledger entry per lot (per dealer stock level), so every stock level's
 * movements add up to its on-hand quantity. Quantities are deterministic; dates are relative
 * to now so the expiry warnings stay meaningful.
 */
export async function seedDemo(em: EntityManager, log: Logger): Promise<void> {
  const { regions, warehouses } = demoNetwork();
  const { products } = demoCatalog();
  const rand = seededRandom(4004);
  const now = Date.now();
  const levels: Partial<StockLevel>[] = [];
  const lots: Partial<Lot>[] = [];
  const movements: Partial<StockMovement>[] = [];
  let movementSeq = 0;

  const receipt = (level: Partial<StockLevel>, delta: number, balanceAfter: number, at: Date, lotId: string | null) => {
    movementSeq++;
    movements.push({
      id: `mov_seed${String(movementSeq).padStart(6, '0')}`,
      warehouseId: level.warehouseId!,
      productId: level.productId!,
      lotId,
      delta,
      balanceAfter,
      reason: MovementReason.RECEIPT,
      adjustmentReason: null,
      reference: 'demo-seed',
      note: null,
      actorUserId: null,
      createdAt: at,
    });
  };

  for (const w of warehouses) {
    const dealerWarehouse = w.kind === 'DEALER';
    const stocked = dealerWarehouse ? pickDistinct(rand, products, DEALER_PRODUCTS) : products;
    for (const p of stocked) {
      const safetyStock = dealerWarehouse ? intBetween(rand, 20, 100) : intBetween(rand, 50, 300);
      const roll = rand();
      // ~5 % out of stock, ~8 % below safety stock, the rest comfortably above it.
      const onHand =
        roll < 0.05
          ? 0
          : roll < 0.13
            ? intBetween(rand, 1, safetyStock - 1)
            : intBetween(rand, safetyStock, dealerWarehouse ? 600 : 2000);
      const level: Partial<StockLevel> = {
        id: `stk_${suffix(w.id)}_${suffix(p.id)}`,
        warehouseId: w.id,
        productId: p.id,
        onHand,
        reserved: 0,
        safetyStock,
        version: 0,
        updatedAt: new Date(now),
      };
      levels.push(level);
      if (onHand === 0) continue;
      if (dealerWarehouse) {
        receipt(level, onHand, onHand, new Date(now - intBetween(rand, 1, 60) * DAY_MS), null);
        continue;
      }
      const count = onHand > 1 && rand() < 0.5 ? 2 : 1;
      const first = count === 2 ? intBetween(rand, 1, onHand - 1) : onHand;
      const batch = [first, onHand - first].slice(0, count).map((quantity, i) => {
        // Age spread over the shelf life puts expiries in every warning window; ~1 % expired.
        const ageDays =
          rand() < 0.01
            ? p.shelfLifeDays + intBetween(rand, 1, 10)
            : intBetween(rand, 0, Math.max(1, Math.floor(p.shelfLifeDays * 0.95)));
        const producedAt = new Date(now - ageDays * DAY_MS - intBetween(rand, 0, DAY_MS - 1));
        const expiresAt = new Date(producedAt.getTime() + p.shelfLifeDays * DAY_MS);
        const receivedAt = new Date(Math.min(now, producedAt.getTime() + intBetween(rand, 1, 3) * DAY_MS));
        const ymd = producedAt.toISOString().slice(0, 10).replace(/-/g, '');
        const lot: Partial<Lot> = {
          id: `lot_${suffix(w.id)}_${suffix(p.id)}_${i + 1}`,
          lotNumber: `L${ymd}-${suffix(p.id)}${i + 1}`,
          productId: p.id,
          warehouseId: w.id,
          quantity,
          reserved: 0,
          producedAt,
          expiresAt,
        };
        return { lot, receivedAt };
      });
      batch.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
      let balance = 0;
      for (const { lot, receivedAt } of batch) {
        lots.push(lot);
        balance += lot.quantity!;
        receipt(level, lot.quantity!, balance, receivedAt, lot.id!);
      }
    }
  }

  await em.transactional(async (tx) => {
    await tx.insertMany(
      Warehouse,
      warehouses.map((w) => ({
        id: w.id,
        code: w.code,
        name: w.name,
        nameEn: w.nameEn,
        kind: w.kind as WarehouseKind,
        regionId: w.regionId,
        regionPath: `/${regionPath(regions, w.regionId).join('/')}/`,
        dealerId: w.dealerId,
        active: true,
      })),
    );
    for (const [entity, rows] of [
      [StockLevel, levels],
      [Lot, lots],
      [StockMovement, movements],
    ] as const) {
      for (let i = 0; i < rows.length; i += BATCH)
        await tx.insertMany(entity as never, rows.slice(i, i + BATCH) as never[]);
    }
  });
  log.info(
    { warehouses: warehouses.length, stockLevels: levels.length, lots: lots.length, movements: movements.length },
    'seeded inventory',
  );
}

/** `n` distinct items of `list`, in list order, chosen with `rand`. */
function pickDistinct<T>(rand: () => number, list: readonly T[], n: number): T[] {
  const idx = list.map((_, i) => i);
  for (let i = 0; i < Math.min(n, idx.length); i++) {
    const j = i + Math.floor(rand() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => list[i]!);
}
