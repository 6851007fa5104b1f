import { forUpdate, newId } from '@dnp/subgraph-kit';
import { LockMode, raw, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { Lot } from '../entities/lot.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { type AdjustmentReason, type MovementReason, StockMovement } from '../entities/stock-movement.entity.js';

/**
 * A shared row lock on MariaDB (SQLite has a single writer and needs none): several readers hold it
 * at once, while a writer that locks the row for update waits for them, and they for it.
 */
export function forShare(tx: EntityManager): { lockMode?: LockMode } {
  return forUpdate(tx).lockMode ? { lockMode: LockMode.PESSIMISTIC_READ } : {};
}

/** Units of one product in one warehouse, from one lot (null: unlotted stock). */
export interface StockUnits {
  warehouseId: string;
  productId: string;
  lotId: string | null;
  quantity: number;
}

/** One ledger entry to write: the change of a level's on hand (`delta`) and quarantined units. */
export interface LedgerEntry {
  warehouseId: string;
  productId: string;
  lotId: string | null;
  delta: number;
  quarantineDelta: number;
  reason: MovementReason;
  adjustmentReason?: AdjustmentReason | null;
  reference: string | null;
  note?: string | null;
}

/** The "warehouseId|productId" key of a stock level. */
export function levelKey(row: { warehouseId: string; productId: string }): string {
  return `${row.warehouseId}|${row.productId}`;
}

/** Sums quantities by a key, in key order (a fixed lock order keeps concurrent writers from deadlocking). */
export function sumBy<T>(
  items: readonly T[],
  key: (item: T) => string | null,
  quantity: (item: T) => number,
): [string, number][] {
  const sums = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k != null) sums.set(k, (sums.get(k) ?? 0) + quantity(item));
  }
  return [...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The stock levels of "warehouseId|productId" keys, as they are now in `tx` (plain rows, fresh). */
export function levelsOf(tx: EntityManager, keys: readonly string[]): Promise<StockLevel[]> {
  if (!keys.length) return Promise.resolve([]);
  const or = keys.map((k) => ({ warehouseId: k.split('|')[0]!, productId: k.split('|')[1]! }));
  return tx.find(StockLevel, { $or: or }, { disableIdentityMap: true });
}

/**
 * Takes units off the reserved counts of their stock levels and lots, and off on hand too when
 * they `shipped`; each row refuses to go below zero (a broken invariant, so it throws). Returns
 * the keys of the levels changed.
 */
export async function unreserveUnits(
  tx: EntityManager,
  what: string,
  units: readonly StockUnits[],
  now: Date,
  shipped: boolean,
): Promise<string[]> {
  const perLevel = sumBy(units, levelKey, (u) => u.quantity).filter(([, q]) => q > 0);
  for (const [id, q] of perLevel) {
    const [warehouseId, productId] = id.split('|') as [string, string];
    const where = { warehouseId, productId, reserved: { $gte: q }, ...(shipped ? { onHand: { $gte: q } } : {}) };
    const set = {
      ...(shipped ? { onHand: raw('on_hand - ?', [q]) } : {}),
      reserved: raw('reserved - ?', [q]),
      version: raw('version + 1'),
      updatedAt: now,
    };
    const ok = await tx.nativeUpdate(StockLevel, where, set as never);
    if (ok === 0) throw new Error(`stock level ${id} holds fewer reserved units than ${what}`);
  }
  const perLot = sumBy(
    units,
    (u) => u.lotId,
    (u) => u.quantity,
  ).filter(([, q]) => q > 0);
  for (const [lotId, q] of perLot) {
    const where = { id: lotId, reserved: { $gte: q }, ...(shipped ? { quantity: { $gte: q } } : {}) };
    const set = { ...(shipped ? { quantity: raw('quantity - ?', [q]) } : {}), reserved: raw('reserved - ?', [q]) };
    const ok = await tx.nativeUpdate(Lot, where, set as never);
    if (ok === 0) throw new Error(`lot ${lotId} holds fewer reserved units than ${what}`);
  }
  return perLevel.map(([id]) => id);
}

/**
 * Inserts ledger entries for levels already changed in `tx` (`levels`: as they are now): each
 * entry's balance is the level's on hand after it, counted back from now, so the deltas of a
 * level still add up to its on hand and its quarantine deltas to its quarantined units.
 */
export async function insertLedger(
  tx: EntityManager,
  levels: readonly StockLevel[],
  entries: readonly LedgerEntry[],
  actorUserId: string | null,
  now: Date,
): Promise<StockMovement[]> {
  const balance = new Map(levels.map((l) => [levelKey(l), l.onHand]));
  for (const e of entries) balance.set(levelKey(e), balance.get(levelKey(e))! - e.delta);
  const rows = entries.map((e) => {
    const after = balance.get(levelKey(e))! + e.delta;
    balance.set(levelKey(e), after);
    return {
      id: newId('mov', now),
      warehouseId: e.warehouseId,
      productId: e.productId,
      lotId: e.lotId,
      delta: e.delta,
      quarantineDelta: e.quarantineDelta,
      balanceAfter: after,
      reason: e.reason,
      adjustmentReason: e.adjustmentReason ?? null,
      reference: e.reference,
      note: e.note ?? null,
      actorUserId,
      createdAt: now,
    };
  });
  if (rows.length) await tx.insertMany(StockMovement, rows);
  return rows as StockMovement[];
}

/**
 * The stock level of a product in a warehouse, locked and outside the identity map (so values
 * after a change follow from it exactly); created empty when missing (a concurrent creator
 * winning the race is fine).
 */
export async function ensureLevel(
  tx: EntityManager,
  warehouseId: string,
  productId: string,
  now: Date,
): Promise<StockLevel> {
  const locked = { ...forUpdate(tx), disableIdentityMap: true };
  const found = await tx.findOne(StockLevel, { warehouseId, productId }, locked);
  if (found) return found;
  try {
    await tx.insert(StockLevel, {
      id: newId('stk', now),
      warehouseId,
      productId,
      onHand: 0,
      reserved: 0,
      quarantined: 0,
      safetyStock: 0,
      version: 0,
      updatedAt: now,
    });
  } catch (err) {
    if (!(err instanceof UniqueConstraintViolationException)) throw err;
  }
  return tx.findOneOrFail(StockLevel, { warehouseId, productId }, locked);
}
