import { ErrorCode, forUpdate, insertAudit, type Viewer } from '@dnp/subgraph-kit';
import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { Lot } from '../entities/lot.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { AdjustmentReason, MovementReason, type StockMovement } from '../entities/stock-movement.entity.js';
import type { Warehouse } from '../entities/warehouse.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import { QuarantineAction, type AdjustStockInput } from '../schema/inventory.input.js';
import { recordStockChanges } from './inventory-events.js';
import { insertLedger } from './stock-ledger.js';
import { StockRefusal } from './stock-refusal.js';

/** Error code of releasing or writing off more quarantined units than the level (or lot) holds. */
export const QUARANTINE_INSUFFICIENT = 'QUARANTINE_INSUFFICIENT';

/**
 * Takes quarantined units off the lots that expire first, so lot quarantine keeps matching the
 * level's; written-off units leave the lots' quantities too. Units quarantined outside any lot
 * need no lot change.
 */
async function takeFromLots(tx: EntityManager, level: StockLevel, units: number, writeOff: boolean): Promise<void> {
  const { warehouseId, productId } = level;
  const lots = await tx.find(
    Lot,
    { warehouseId, productId, quarantined: { $gt: 0 } },
    { orderBy: { expiresAt: 'asc', lotNumber: 'asc' }, disableIdentityMap: true },
  );
  let left = units;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(left, lot.quarantined);
    const set = {
      quarantined: raw('quarantined - ?', [take]),
      ...(writeOff ? { quantity: raw('quantity - ?', [take]) } : {}),
    };
    if (await tx.nativeUpdate(Lot, { id: lot.id, quarantined: { $gte: take } }, set as never)) left -= take;
  }
}

/**
 * Takes `q` quarantined units off the input's stock level and its lot (or the lots that expire
 * first), off on hand too when written off; returns the level as it was (locked) and the lot.
 */
async function takeQuarantined(
  tx: EntityManager,
  input: AdjustStockInput,
  q: number,
  writeOff: boolean,
  now: Date,
): Promise<{ level: StockLevel; lot: Lot | null }> {
  const { warehouseId, productId } = input;
  const level = await tx.findOne(
    StockLevel,
    { warehouseId, productId },
    { ...forUpdate(tx), disableIdentityMap: true },
  );
  if (!level)
    throw new StockRefusal(
      ErrorCode.NOT_FOUND,
      `Product "${productId}" has no stock in warehouse "${warehouseId}"`,
      'productId',
    );
  const lot = input.lotNumber ? await tx.findOne(Lot, { warehouseId, productId, lotNumber: input.lotNumber }) : null;
  if (input.lotNumber && !lot)
    throw new StockRefusal(
      ErrorCode.NOT_FOUND,
      `Lot "${input.lotNumber}" of this product is not in this warehouse`,
      'lotNumber',
    );
  const onHand = writeOff ? { onHand: raw('on_hand - ?', [q]) } : {};
  const changed = await tx.nativeUpdate(
    StockLevel,
    { id: level.id, quarantined: { $gte: q } } as FilterQuery<StockLevel>,
    { ...onHand, quarantined: raw('quarantined - ?', [q]), version: raw('version + 1'), updatedAt: now } as never,
  );
  if (changed === 0)
    throw new StockRefusal(QUARANTINE_INSUFFICIENT, `Only ${level.quarantined} units are quarantined here`, 'delta');
  if (lot) {
    const set = {
      quarantined: raw('quarantined - ?', [q]),
      ...(writeOff ? { quantity: raw('quantity - ?', [q]) } : {}),
    };
    if ((await tx.nativeUpdate(Lot, { id: lot.id, quarantined: { $gte: q } }, set as never)) === 0)
      throw new StockRefusal(
        QUARANTINE_INSUFFICIENT,
        `Only ${lot.quarantined} units of lot "${lot.lotNumber}" are quarantined`,
        'lotNumber',
      );
  } else {
    await takeFromLots(tx, level, q, writeOff);
  }
  return { level, lot };
}

/**
 * adjustStock's quarantine actions (HQ): RELEASE makes `−delta` quarantined units sellable (on
 * hand unchanged, quarantine delta −q), WRITE_OFF writes them off (delta −q, quarantine delta
 * −q, reason DAMAGE). Each is a conditional UPDATE refusing to take more than is quarantined
 * (QUARANTINE_INSUFFICIENT), with its ledger entry, `inventory.stock_changed` and audit entry in
 * the caller's transaction.
 */
export async function applyQuarantine(
  ctx: InventoryContext,
  tx: EntityManager,
  viewer: Viewer,
  input: AdjustStockInput & { quarantine: QuarantineAction },
  warehouse: Warehouse,
  now: Date,
): Promise<{ stockLevel: StockLevel; movement: StockMovement }> {
  const { warehouseId, productId } = input;
  const q = -input.delta;
  const writeOff = input.quarantine === QuarantineAction.WRITE_OFF;
  const { level, lot } = await takeQuarantined(tx, input, q, writeOff, now);
  const stockLevel = Object.assign(level, {
    onHand: level.onHand - (writeOff ? q : 0),
    quarantined: level.quarantined - q,
    version: level.version + 1,
    updatedAt: now,
  });
  const entry = {
    warehouseId,
    productId,
    lotId: lot?.id ?? null,
    delta: writeOff ? -q : 0,
    quarantineDelta: -q,
    reason: MovementReason.ADJUSTMENT,
    adjustmentReason: writeOff ? AdjustmentReason.DAMAGE : AdjustmentReason.ADJUSTMENT,
    reference: null,
    note: input.note ?? null,
  };
  const [movement] = await insertLedger(tx, [stockLevel], [entry], viewer.userId, now);
  await recordStockChanges(tx, [stockLevel], () => warehouse, now);
  const state = (l: { onHand: number; quarantined: number }) => ({
    warehouseId,
    productId,
    onHand: l.onHand,
    quarantined: l.quarantined,
  });
  await insertAudit(tx, ctx, {
    operation: 'adjustStock',
    action: 'UPDATE',
    entityType: 'StockLevel',
    entityId: stockLevel.id,
    before: state({ onHand: stockLevel.onHand + (writeOff ? q : 0), quarantined: stockLevel.quarantined + q }),
    after: {
      ...state(stockLevel),
      quarantine: input.quarantine,
      units: q,
      lotNumber: input.lotNumber ?? null,
      note: input.note ?? null,
    },
  });
  return { stockLevel, movement: movement! };
}
