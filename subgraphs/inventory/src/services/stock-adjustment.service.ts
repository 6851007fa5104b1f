import { ErrorCode, forUpdate, newId, recordAudit, Role, type UserError, type Viewer } from '@dnp/subgraph-kit';
import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { Lot } from '../entities/lot.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { AdjustmentReason, MovementReason, StockMovement } from '../entities/stock-movement.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import { QuarantineAction, type AdjustStockInput } from '../schema/inventory.input.js';
import { recordStockChanges } from './inventory-events.js';
import { availableOf } from './stock-level.service.js';
import { ensureLevel } from './stock-ledger.js';
import { applyQuarantine } from './quarantine.rule.js';
import { quarantineCodes } from './quarantine-codes.js';
import { StockRefusal } from './stock-refusal.js';
import type { Warehouse } from '../entities/warehouse.entity.js';

/** Largest change one adjustment may make, either way. */
export const MAX_ADJUST_DELTA = 1_000_000;
const PRODUCT_ID = /^prd_[A-Za-z0-9]+$/;
/** Batch numbers: 1–64 letters, digits and . _ / -, starting with a letter or digit. */
export const LOT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const MAX_NOTE = 500;

/** Error code of a change that would take stock below what is reserved (or below zero). */
export const INSUFFICIENT_STOCK = 'INSUFFICIENT_STOCK';

/** What an adjustment did: the stock level and its ledger entry, or why nothing changed (`errors`). */
export interface AdjustStockResult {
  stockLevel: StockLevel | null;
  movement: StockMovement | null;
  errors: UserError[];
}

/** Manual stock changes by HQ, each written with its ledger entry in one transaction. */
export class StockAdjustmentService {
  /**
   * Applies `input.delta` to a stock level. HQ_ADMIN only (FORBIDDEN otherwise). Invalid input,
   * unknown warehouse/product and too little stock come back as payload errors with nothing
   * written. The on-hand change is one conditional UPDATE (it never takes stock below the
   * reserved quantity, even under concurrent writers) plus one StockMovement row.
   */
  async adjust(ctx: InventoryContext, input: AdjustStockInput): Promise<AdjustStockResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN);
    try {
      this.validate(input);
      const warehouse = await ctx.loaders.warehouseById.load(input.warehouseId);
      if (!warehouse)
        throw new StockRefusal(ErrorCode.NOT_FOUND, `Warehouse "${input.warehouseId}" was not found`, 'warehouseId');
      const { stockLevel, movement } = await ctx.em.transactional((tx) =>
        this.apply(ctx, tx, viewer, input, warehouse),
      );
      if (input.quarantine === QuarantineAction.RELEASE) await followCodes(ctx, input);
      return { stockLevel, movement, errors: [] };
    } catch (err) {
      if (!(err instanceof StockRefusal)) throw err;
      return { stockLevel: null, movement: null, errors: [{ code: err.code, message: err.message, field: err.field }] };
    }
  }

  private validate(input: AdjustStockInput): void {
    const bad = (message: string, field: string) => new StockRefusal(ErrorCode.BAD_USER_INPUT, message, field);
    if (!Number.isInteger(input.delta) || input.delta === 0) throw bad('delta must be a non-zero integer', 'delta');
    if (Math.abs(input.delta) > MAX_ADJUST_DELTA)
      throw bad(`delta must be at most ${MAX_ADJUST_DELTA.toLocaleString('en')} either way`, 'delta');
    if (input.quarantine && (input.delta > 0 || input.reason != null))
      throw bad('Releasing or writing off quarantined units takes a negative delta and no reason', 'quarantine');
    if (input.reason === AdjustmentReason.RECEIPT && input.delta < 0)
      throw bad('A receipt must add stock (positive delta)', 'delta');
    if (input.note != null && input.note.length > MAX_NOTE)
      throw bad(`note must be at most ${MAX_NOTE} characters`, 'note');
    if (input.lotNumber != null && !LOT_NUMBER.test(input.lotNumber)) {
      throw bad(
        'lotNumber must be 1 to 64 characters: letters, digits and . _ / -, starting with a letter or digit',
        'lotNumber',
      );
    }
    if (input.expiresAt != null) {
      if (input.quarantine) throw bad('expiresAt is not accepted with quarantine', 'expiresAt');
      if (input.lotNumber == null) throw bad('expiresAt is only accepted together with lotNumber', 'expiresAt');
      if (Number.isNaN(input.expiresAt.getTime())) throw bad('expiresAt is not a valid date', 'expiresAt');
    }
  }

  /** The adjustment in `tx`: lock the stock level (and lot), change on hand, the lot, then the ledger. */
  private async apply(
    ctx: InventoryContext,
    tx: EntityManager,
    viewer: Viewer,
    input: AdjustStockInput,
    warehouse: Warehouse,
  ): Promise<{ stockLevel: StockLevel; movement: StockMovement }> {
    const { warehouseId, productId, delta } = input;
    const now = new Date();
    if (input.quarantine)
      return applyQuarantine(ctx, tx, viewer, { ...input, quarantine: input.quarantine }, warehouse, now);
    const { level, lot } = await this.lockTargets(tx, input, now);
    await this.changeOnHand(tx, level, delta, now);
    const lotId = await this.changeLot(tx, input, lot, now);
    const stockLevel = Object.assign(level, {
      onHand: level.onHand + delta,
      version: level.version + 1,
      updatedAt: now,
    });
    const movement = this.movementOf(tx, viewer, input, stockLevel, lotId, now);
    await recordStockChanges(tx, [stockLevel], () => warehouse, now);
    recordAudit(tx, ctx, {
      operation: 'adjustStock',
      action: 'UPDATE',
      entityType: 'StockLevel',
      entityId: stockLevel.id,
      before: { warehouseId, productId, onHand: stockLevel.onHand - delta },
      after: {
        warehouseId,
        productId,
        onHand: stockLevel.onHand,
        delta,
        reason: movement.adjustmentReason,
        lotNumber: input.lotNumber ?? null,
        note: input.note ?? null,
      },
    });
    await tx.flush();
    return { stockLevel, movement };
  }

  /**
   * The stock level to change, locked (and outside the identity map, so the values after the
   * change follow from it exactly), created when stock is added to a new one; and the lot named
   * by the input, if it exists. Refusals for a level, or a lot, that removal or a new lot cannot have.
   */
  private async lockTargets(
    tx: EntityManager,
    input: AdjustStockInput,
    now: Date,
  ): Promise<{ level: StockLevel; lot: Lot | null }> {
    const { warehouseId, productId, delta } = input;
    const level = await tx.findOne(
      StockLevel,
      { warehouseId, productId },
      { ...forUpdate(tx), disableIdentityMap: true },
    );
    if (!level && (delta < 0 || !PRODUCT_ID.test(productId))) {
      throw new StockRefusal(
        ErrorCode.NOT_FOUND,
        `Product "${productId}" has no stock in warehouse "${warehouseId}"`,
        'productId',
      );
    }
    let lot: Lot | null = null;
    if (input.lotNumber != null) {
      lot = await tx.findOne(Lot, { warehouseId, productId, lotNumber: input.lotNumber });
      if (!lot && delta < 0)
        throw new StockRefusal(
          ErrorCode.NOT_FOUND,
          `Lot "${input.lotNumber}" of this product is not in this warehouse`,
          'lotNumber',
        );
      if (!lot && input.expiresAt == null)
        throw new StockRefusal(ErrorCode.BAD_USER_INPUT, 'A new lot needs expiresAt', 'expiresAt');
    }
    return { level: level ?? (await ensureLevel(tx, warehouseId, productId, now)), lot };
  }

  /** Adds `delta` to on hand; the guard sits in the UPDATE itself, so two concurrent removals never both pass. */
  private async changeOnHand(tx: EntityManager, level: StockLevel, delta: number, now: Date): Promise<void> {
    const changed = await tx.nativeUpdate(
      StockLevel,
      { id: level.id, [raw('on_hand + ? - reserved - quarantined', [delta])]: { $gte: 0 } } as FilterQuery<StockLevel>,
      { onHand: raw('on_hand + ?', [delta]), version: raw('version + 1'), updatedAt: now } as never,
    );
    if (changed === 0) {
      const current = await tx.findOneOrFail(StockLevel, { id: level.id }, { refresh: true });
      throw new StockRefusal(
        INSUFFICIENT_STOCK,
        `Cannot remove ${-delta}: only ${availableOf(current)} of ${current.onHand} on hand are not reserved ` +
          'or quarantined',
        'delta',
      );
    }
  }

  /**
   * The lot side of the change: the named lot changes with the level, a new lot number makes a
   * lot, and a removal without a lot number takes from the lots that expire first. Returns the
   * lot the ledger entry names (null when none).
   */
  private async changeLot(
    tx: EntityManager,
    input: AdjustStockInput,
    lot: Lot | null,
    now: Date,
  ): Promise<string | null> {
    const { warehouseId, productId, delta } = input;
    if (lot) {
      // A lot can neither go below zero nor below the units reserved or quarantined in it.
      const ok = await tx.nativeUpdate(
        Lot,
        { id: lot.id, [raw('quantity + ? - reserved - quarantined', [delta])]: { $gte: 0 } } as FilterQuery<Lot>,
        { quantity: raw('quantity + ?', [delta]) } as never,
      );
      if (ok === 0)
        throw new StockRefusal(
          INSUFFICIENT_STOCK,
          `Lot "${lot.lotNumber}" holds fewer than ${-delta} units that are not reserved or quarantined`,
          'lotNumber',
        );
      return lot.id;
    }
    if (input.lotNumber != null) {
      const lotId = newId('lot', now);
      await tx.insert(Lot, {
        id: lotId,
        lotNumber: input.lotNumber,
        productId,
        warehouseId,
        quantity: delta,
        reserved: 0,
        quarantined: 0,
        producedAt: now,
        expiresAt: input.expiresAt!,
      });
      return lotId;
    }
    if (delta < 0) await this.takeFirstExpiring(tx, warehouseId, productId, -delta);
    return null;
  }

  /** The ledger entry of the change (persisted with the transaction's flush). */
  private movementOf(
    tx: EntityManager,
    viewer: Viewer,
    input: AdjustStockInput,
    stockLevel: StockLevel,
    lotId: string | null,
    now: Date,
  ): StockMovement {
    return tx.create(StockMovement, {
      id: newId('mov', now),
      warehouseId: input.warehouseId,
      productId: input.productId,
      lotId,
      delta: input.delta,
      quarantineDelta: 0,
      balanceAfter: stockLevel.onHand,
      reason: input.reason === AdjustmentReason.RECEIPT ? MovementReason.RECEIPT : MovementReason.ADJUSTMENT,
      adjustmentReason: input.reason ?? AdjustmentReason.ADJUSTMENT,
      reference: null,
      note: input.note ?? null,
      actorUserId: viewer.userId,
      createdAt: now,
    });
  }

  /**
   * Removes units from the lots that expire first (FEFO), so lot quantities keep matching the
   * stock level. Reserved units of a lot are never taken. Units not held in any lot (unlotted
   * stock) need no lot change.
   */
  private async takeFirstExpiring(
    tx: EntityManager,
    warehouseId: string,
    productId: string,
    units: number,
  ): Promise<void> {
    const lots = await tx.find(
      Lot,
      { warehouseId, productId, quantity: { $gt: 0 } },
      { orderBy: { expiresAt: 'asc', id: 'asc' } },
    );
    let left = units;
    for (const lot of lots) {
      if (left === 0) break;
      const take = Math.min(left, lot.quantity - lot.reserved - lot.quarantined);
      if (take <= 0) continue;
      const ok = await tx.nativeUpdate(
        Lot,
        { id: lot.id, [raw('quantity - reserved - quarantined')]: { $gte: take } } as FilterQuery<Lot>,
        { quantity: raw('quantity - ?', [take]) } as never,
      );
      if (ok) left -= take;
    }
  }
}

/**
 * After quarantined units of a product were released to sale, tells traceability how many units
 * of each of its lots there are still quarantined, so the returned codes beyond them are released
 * too (§7). The stock change stands either way: a failed call is logged, and the product's next
 * release sends the counts again (the call states counts, not a difference).
 */
async function followCodes(ctx: InventoryContext, input: AdjustStockInput): Promise<void> {
  const { warehouseId, productId } = input;
  const lots = await ctx.em.fork().find(Lot, { warehouseId, productId }, { orderBy: { lotNumber: 'asc' } });
  try {
    await quarantineCodes().release({
      warehouseId,
      productId,
      lots: lots.map((l) => ({ lotNumber: l.lotNumber, quarantined: l.quarantined })),
    });
  } catch (err) {
    ctx.log.warn(
      { err, warehouseId, productId },
      'serial codes not released from quarantine; the next release retries',
    );
  }
}
