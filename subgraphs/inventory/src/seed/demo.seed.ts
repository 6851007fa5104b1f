import {
  demoApprovedOrders,
  demoCatalog,
  demoNetwork,
  intBetween,
  regionPath,
  seededRandom,
  type DemoProduct,
  type DemoWarehouse,
} from '@dnp/demo-data';
import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from '@dnp/subgraph-kit';
import { KnownRegion } from '../entities/known-region.entity.js';
import { Lot } from '../entities/lot.entity.js';
import { Reservation, ReservationLine } from '../entities/reservation.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { MovementReason, StockMovement } from '../entities/stock-movement.entity.js';
import { Warehouse, WarehouseKind } from '../entities/warehouse.entity.js';
import { demoReservations, type DemoStockRows } from './demo-reservations.js';

const DAY_MS = 86_400_000;
const BATCH = 400;
const DEALER_PRODUCTS = 80;

/** True once warehouses exist (seeded or created by hand). */
export async function isSeeded(em: EntityManager): Promise<boolean> {
  return (await em.count(Warehouse, {})) > 0;
}

/** Short suffix of a demo id ("wh_east" → "east", "prd_00001" → "00001"), for readable derived ids. */
const suffix = (id: string) => id.slice(id.indexOf('_') + 1);

/** The demo rows, in insertion order. */
type DemoStock = DemoStockRows;

/** A lot of the demo and when it was received. */
interface ReceivedLot {
  lot: Partial<Lot>;
  receivedAt: Date;
}

/**
 * Inserts the demo inventory: the network's warehouses and regions (region_ref); stock of every product in the HQ and
 * regional warehouses (some out of stock, some below safety stock) with 1–2 lots each whose
 * expiry dates spread over the red/yellow/blue windows; about 80 products per dealer warehouse;
 * and one RECEIPT ledger entry per lot (per dealer stock level), so every stock level's
 * movements add up to its on-hand quantity. Quantities are deterministic; dates are relative
 * to now so the expiry warnings stay meaningful. Then the stock the demo's approved orders hold
 * (`demoReservations`), so their PICKING shipments can ship.
 */
export async function seedDemo(em: EntityManager, log: Logger, asOf = new Date()): Promise<void> {
  const { regions, warehouses } = demoNetwork();
  const { products } = demoCatalog();
  const rand = seededRandom(4004);
  const now = asOf.getTime();
  const stock: DemoStock = { levels: [], lots: [], movements: [] };
  for (const w of warehouses) {
    const dealerWarehouse = w.kind === 'DEALER';
    const stocked = dealerWarehouse ? pickDistinct(rand, products, DEALER_PRODUCTS) : products;
    for (const p of stocked) stockProduct(stock, rand, w, p, now);
  }
  const held = demoReservations(stock, demoApprovedOrders(asOf), products, now, (...args) => receipt(stock, ...args));
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
        version: 1,
        deactivatedAt: null,
        deactivatedReason: null,
        address: null,
        createdAt: null,
      })),
    );
    await tx.insertMany(
      KnownRegion,
      regions.map((r) => ({ regionId: r.id, path: `/${regionPath(regions, r.id).join('/')}/` })),
    );
    for (const [entity, rows] of [
      [StockLevel, stock.levels],
      [Lot, stock.lots],
      [StockMovement, stock.movements],
      [Reservation, held.reservations],
      [ReservationLine, held.lines],
    ] as const) {
      for (let i = 0; i < rows.length; i += BATCH)
        await tx.insertMany(entity as never, rows.slice(i, i + BATCH) as never[]);
    }
  });
  const { levels, lots, movements } = stock;
  log.info(
    {
      warehouses: warehouses.length,
      regions: regions.length,
      stockLevels: levels.length,
      lots: lots.length,
      movements: movements.length,
      reservations: held.reservations.length,
    },
    'seeded inventory',
  );
}

/**
 * The stock level of product `p` in warehouse `w`, its lots (HQ and regional warehouses) and
 * their receipts: ~5 % out of stock, ~8 % below safety stock, the rest comfortably above it.
 */
function stockProduct(stock: DemoStock, rand: () => number, w: DemoWarehouse, p: DemoProduct, now: number): void {
  const dealerWarehouse = w.kind === 'DEALER';
  const safetyStock = dealerWarehouse ? intBetween(rand, 20, 100) : intBetween(rand, 50, 300);
  const roll = rand();
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
  stock.levels.push(level);
  if (onHand === 0) return;
  if (dealerWarehouse) {
    receipt(stock, level, onHand, onHand, new Date(now - intBetween(rand, 1, 60) * DAY_MS), null);
    return;
  }
  let balance = 0;
  for (const { lot, receivedAt } of demoLots(rand, w, p, onHand, now)) {
    stock.lots.push(lot);
    balance += lot.quantity!;
    receipt(stock, level, lot.quantity!, balance, receivedAt, lot.id!);
  }
}

/** The 1–2 lots holding `onHand` units of `p` in `w`, in the order they were received. */
function demoLots(rand: () => number, w: DemoWarehouse, p: DemoProduct, onHand: number, now: number): ReceivedLot[] {
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
  return batch.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
}

/** Appends a RECEIPT ledger entry of `delta` units to the level (numbered in seeding order). */
function receipt(
  stock: DemoStock,
  level: Partial<StockLevel>,
  delta: number,
  balanceAfter: number,
  at: Date,
  lotId: string | null,
): void {
  stock.movements.push({
    id: `mov_seed${String(stock.movements.length + 1).padStart(6, '0')}`,
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
