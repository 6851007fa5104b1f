import {
  answerRefusals,
  domainError,
  ErrorCode,
  EventType,
  HOLD_DEALER_ID_PATTERN,
  HOLD_KEY_RULE,
  HoldRefusal,
  insertAudit,
  isHoldKey,
  KeyedHoldCode,
  newId,
  recordEvent,
  Role,
  type DomainError,
  writeByKey,
} from '@dnp/subgraph-kit';
import { raw, UniqueConstraintViolationException, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { GoodsReceipt, GoodsReceiptKind, GoodsReceiptLine } from '../entities/goods-receipt.entity.js';
import { Lot } from '../entities/lot.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { MovementReason } from '../entities/stock-movement.entity.js';
import { WarehouseKind, type Warehouse } from '../entities/warehouse.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import type {
  ReceiveGoodsInput,
  ReceiveGoodsLineInput,
  RestoreGoodsInput,
  TakeBackGoodsInput,
} from '../schema/goods-receipt.input.js';
import { recordStockChanges, warehouseScope } from './inventory-events.js';
import { LOT_NUMBER } from './stock-adjustment.service.js';
import { WarehouseCode } from './warehouse-admin.service.js';
import { ensureLevel, insertLedger, levelKey, levelsOf } from './stock-ledger.js';

/** Error code of a take back the dealer's warehouse cannot cover (sellable, or quarantined, units). */
export const DEALER_STOCK_INSUFFICIENT = 'DEALER_STOCK_INSUFFICIENT';
/** Error code of goods for a dealer with several active warehouses and none named. */
export const DEALER_WAREHOUSE_AMBIGUOUS = 'DEALER_WAREHOUSE_AMBIGUOUS';
/** Most lines one receipt may have. */
export const MAX_RECEIPT_LINES = 200;
/** Most units one receipt line may move. */
export const MAX_RECEIPT_QUANTITY = 100_000;
const PRODUCT_ID = /^prd_[A-Za-z0-9]{1,36}$/;
const MAX_REFERENCE = 120;

/** What a receipt service call did: `received` once the goods moved (now or before), or why nothing moved. */
export interface GoodsResult {
  received: boolean;
  receipt: GoodsReceipt | null;
  errors: DomainError[];
}

/** One receipt line as written: units of a product (and lot) moved, sellable or quarantined. */
interface Move {
  productId: string;
  lotId: string | null;
  quantity: number;
  quarantined: boolean;
}

/** A receipt to write under its key. */
interface Draft {
  key: string;
  kind: GoodsReceiptKind;
  warehouse: Warehouse;
  dealerId: string | null;
  reference: string | null;
  /** +1 into the warehouse, −1 out of it. */
  direction: 1 | -1;
  units: number;
  quarantinedUnits: number;
  operation: string;
  reason: MovementReason;
  /** The moves, resolved in the receipt's transaction (lots found or made). */
  moves: (tx: EntityManager) => Promise<Move[]>;
  /** True when a receipt stored under the key is this request's (a replay). */
  same: (stored: GoodsReceipt, lines: GoodsReceiptLine[]) => boolean;
}

const refuse = (code: string, message: string, field: string) => new HoldRefusal(domainError(code, message, field));
const unitsOf = (lines: readonly { quantity: number; quarantined: boolean }[], quarantined?: boolean) =>
  lines.filter((l) => quarantined === undefined || l.quarantined === quarantined).reduce((n, l) => n + l.quantity, 0);

/** Units per "product|quarantined" of lines, for comparing a replay with what was stored. */
function totals(lines: readonly { productId: string; quantity: number; quarantined: boolean }[]): string {
  const sums = new Map<string, number>();
  for (const l of lines)
    sums.set(`${l.productId}|${l.quarantined}`, (sums.get(`${l.productId}|${l.quarantined}`) ?? 0) + l.quantity);
  return JSON.stringify([...sums].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** BAD_USER_INPUT refusals of a request's key, dealer, reference and lines (nothing is read or written). */
function validate(input: { key: string; dealerId: string; reference?: string | null; lines: ReceiveGoodsLineInput[] }) {
  const errors: DomainError[] = [];
  const bad = (message: string, field: string) => errors.push(domainError(ErrorCode.BAD_USER_INPUT, message, field));
  if (!isHoldKey(input.key)) bad(HOLD_KEY_RULE, 'key');
  if (!HOLD_DEALER_ID_PATTERN.test(input.dealerId)) bad(`"${input.dealerId}" is not a dealer id`, 'dealerId');
  if (input.reference != null && input.reference.length > MAX_REFERENCE)
    bad(`reference must be at most ${MAX_REFERENCE} characters`, 'reference');
  errors.push(...lineErrors(input.lines ?? []));
  if (errors.length) throw new HoldRefusal(errors);
}

/** BAD_USER_INPUT refusals of receipt lines. */
function lineErrors(lines: ReceiveGoodsLineInput[]): DomainError[] {
  const errors: DomainError[] = [];
  const bad = (message: string, field: string) => errors.push(domainError(ErrorCode.BAD_USER_INPUT, message, field));
  if (lines.length < 1 || lines.length > MAX_RECEIPT_LINES)
    bad(`lines must have 1 to ${MAX_RECEIPT_LINES} entries`, 'lines');
  lines.forEach((line, i) => {
    const at = `lines[${i}]`;
    if (!PRODUCT_ID.test(line.productId)) bad(`"${line.productId}" is not a product id`, `${at}.productId`);
    if (line.lotNumber != null && !LOT_NUMBER.test(line.lotNumber))
      bad('lotNumber is not a batch number', `${at}.lotNumber`);
    if (line.expiresAt != null && (line.lotNumber == null || Number.isNaN(line.expiresAt.getTime())))
      bad('expiresAt must be a valid date, given with lotNumber', `${at}.expiresAt`);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_RECEIPT_QUANTITY)
      bad(`quantity must be a whole number from 1 to ${MAX_RECEIPT_QUANTITY.toLocaleString('en')}`, `${at}.quantity`);
  });
  return errors;
}

/** The lot of a product with this number in the warehouse, made (empty) with `expiresAt` when missing. */
async function lotFor(
  tx: EntityManager,
  warehouseId: string,
  line: ReceiveGoodsLineInput,
  at: string,
  now: Date,
): Promise<string> {
  const where = { warehouseId, productId: line.productId, lotNumber: line.lotNumber! };
  const found = await tx.findOne(Lot, where, { disableIdentityMap: true });
  if (found) return found.id;
  if (!line.expiresAt)
    throw refuse(ErrorCode.BAD_USER_INPUT, 'A lot the warehouse does not hold needs expiresAt', `${at}.expiresAt`);
  try {
    // The production date is not known here: the receipt's day stands in for it.
    const lot = { ...where, id: newId('lot', now), quantity: 0, reserved: 0, quarantined: 0, producedAt: now };
    await tx.insert(Lot, { ...lot, expiresAt: line.expiresAt });
    return lot.id;
  } catch (err) {
    if (!(err instanceof UniqueConstraintViolationException)) throw err;
    return (await tx.findOneOrFail(Lot, where, { disableIdentityMap: true })).id;
  }
}

/**
 * Moves units of one receipt line on its stock level and lot: in, or out under the guard that
 * they are there (sellable units: on hand − reserved − quarantined; quarantined ones: the
 * quarantined count). DEALER_STOCK_INSUFFICIENT when a guard refuses.
 */
async function applyMove(tx: EntityManager, warehouseId: string, move: Move, direction: 1 | -1, now: Date) {
  const q = move.quantity * direction;
  const qq = move.quarantined ? q : 0;
  const out = direction < 0;
  const guard = (total: string) =>
    !out
      ? {}
      : move.quarantined
        ? { quarantined: { $gte: move.quantity }, [raw(`${total} - reserved`)]: { $gte: move.quantity } }
        : { [raw(`${total} - reserved - quarantined`)]: { $gte: move.quantity } };
  const level = await tx.nativeUpdate(
    StockLevel,
    { warehouseId, productId: move.productId, ...guard('on_hand') } as FilterQuery<StockLevel>,
    {
      onHand: raw('on_hand + ?', [q]),
      quarantined: raw('quarantined + ?', [qq]),
      version: raw('version + 1'),
      updatedAt: now,
    } as never,
  );
  const lot = move.lotId
    ? await tx.nativeUpdate(
        Lot,
        { id: move.lotId, ...guard('quantity') } as FilterQuery<Lot>,
        { quantity: raw('quantity + ?', [q]), quarantined: raw('quarantined + ?', [qq]) } as never,
      )
    : 1;
  if (level === 0 || lot === 0) {
    const what = move.quarantined ? 'quarantined' : 'sellable';
    const message = `The dealer's warehouse holds fewer than ${move.quantity} ${what} units of "${move.productId}"`;
    throw refuse(DEALER_STOCK_INSUFFICIENT, message, 'lines');
  }
}

/** A stored receipt line as a move. */
const moveOf = ({ productId, lotId, quantity, quarantined }: GoodsReceiptLine): Move => ({
  productId,
  lotId,
  quantity,
  quarantined,
});

/**
 * The moves putting back only `lines` of what a take back took: per line, its product's taken
 * units (sellable or quarantined as the line says), the named lot first. BAD_USER_INPUT when a
 * line asks for more than was taken.
 */
async function partOf(em: EntityManager, taken: GoodsReceiptLine[], lines: ReceiveGoodsLineInput[]): Promise<Move[]> {
  const lotIds = [...new Set(taken.map((t) => t.lotId).filter((id): id is string => id != null))];
  const numberOf = new Map((await em.find(Lot, { id: { $in: lotIds } })).map((l) => [l.id, l.lotNumber]));
  const left = taken.map((t) => ({ ...moveOf(t) }));
  const moves: Move[] = [];
  for (const [i, line] of lines.entries()) {
    const named = (m: Move) => (m.lotId != null && numberOf.get(m.lotId) === line.lotNumber ? 0 : 1);
    const pool = left
      .filter((m) => m.productId === line.productId && m.quarantined === line.quarantined)
      .sort((a, b) => named(a) - named(b));
    let need = line.quantity;
    for (const m of pool) {
      const q = Math.min(need, m.quantity);
      if (q <= 0) continue;
      m.quantity -= q;
      need -= q;
      moves.push({ ...m, quantity: q });
    }
    if (need > 0) throw refuse(ErrorCode.BAD_USER_INPUT, 'More units than the take back took', `lines[${i}].quantity`);
  }
  return moves;
}

/**
 * Goods moving in and out of warehouses outside an order's own shipping (service only, §5 and
 * §21 of docs/design/order-to-cash.md): a delivery signed for into the dealer's warehouse,
 * returns received into a brand warehouse, returned goods taken out of the dealer's warehouse and
 * put back when the return is rejected. Each is idempotent by its key (one goods receipt per key).
 */
export class GoodsReceiptService {
  /**
   * Receives goods into a warehouse (DEALER_RECEIPT, RETURN_IN): lots matched by product and
   * batch number, made with the given expiry when missing; on hand (and quarantined) rise with
   * ledger entries and events. A DEALER_RECEIPT without a warehouse goes to the dealer's single
   * active warehouse; with none, `received: false` and nothing is written.
   */
  async receive(ctx: InventoryContext, input: ReceiveGoodsInput, now: Date = new Date()): Promise<GoodsResult> {
    ctx.requireRole(Role.SERVICE);
    return this.answer(async () => {
      validate(input);
      if (input.kind !== GoodsReceiptKind.DEALER_RECEIPT && input.kind !== GoodsReceiptKind.RETURN_IN)
        throw refuse(ErrorCode.BAD_USER_INPUT, 'receiveGoods takes DEALER_RECEIPT or RETURN_IN', 'kind');
      if (input.kind === GoodsReceiptKind.RETURN_IN && !input.warehouseId)
        throw refuse(ErrorCode.BAD_USER_INPUT, 'RETURN_IN needs warehouseId', 'warehouseId');
      const warehouse = input.warehouseId
        ? await this.named(ctx, input.warehouseId)
        : await this.dealerWarehouse(ctx, input.dealerId);
      const draft = {
        ...this.common(input, input.kind, 1),
        reason: input.kind === GoodsReceiptKind.RETURN_IN ? MovementReason.RETURN_IN : MovementReason.SHIPMENT_RECEIPT,
        operation: 'receiveGoods',
        moves: async (tx: EntityManager) => {
          const moves: Move[] = [];
          for (const [i, line] of input.lines.entries()) {
            const lotId = line.lotNumber ? await lotFor(tx, warehouse!.id, line, `lines[${i}]`, now) : null;
            await ensureLevel(tx, warehouse!.id, line.productId, now);
            moves.push({ productId: line.productId, lotId, quantity: line.quantity, quarantined: line.quarantined });
          }
          return moves;
        },
      };
      return this.writeTo(ctx, warehouse, draft, now);
    });
  }

  /**
   * Takes returned goods out of the dealer's single active warehouse (RETURN_OUT): a named lot,
   * or the lots first-expiry-first and then unlotted stock; quarantined lines leave from the
   * quarantined units. DEALER_STOCK_INSUFFICIENT when the warehouse cannot cover a line; no
   * dealer warehouse: `received: false`, nothing written.
   */
  async takeBack(ctx: InventoryContext, input: TakeBackGoodsInput, now: Date = new Date()): Promise<GoodsResult> {
    ctx.requireRole(Role.SERVICE);
    return this.answer(async () => {
      validate(input);
      const warehouse = await this.dealerWarehouse(ctx, input.dealerId);
      const draft = {
        ...this.common(input, GoodsReceiptKind.RETURN_OUT, -1),
        reason: MovementReason.RETURN_OUT,
        operation: 'takeBackGoods',
        moves: (tx: EntityManager) => this.takeBackMoves(tx, warehouse!.id, input.lines),
      };
      return this.writeTo(ctx, warehouse, draft, now);
    });
  }

  /**
   * What `takeBack` would refuse for `input`, with nothing written: its moves run under the same
   * guards in a transaction that is then rolled back. Empty when the units are there, or when the
   * dealer has no warehouse of its own (a take back would move nothing). Lets orders refuse a
   * return up front instead of after its request committed.
   */
  async checkTakeBack(
    ctx: InventoryContext,
    input: TakeBackGoodsInput,
    now: Date = new Date(),
  ): Promise<DomainError[]> {
    ctx.requireRole(Role.SERVICE);
    const { errors } = await answerRefusals(async () => {
      validate(input);
      const warehouse = await this.dealerWarehouse(ctx, input.dealerId);
      if (!warehouse) return null;
      const dryRun = new Error('dry run');
      try {
        await ctx.em.fork({ clear: true }).transactional(async (tx) => {
          const moves = await this.takeBackMoves(tx, warehouse.id, input.lines);
          for (const move of moves) await applyMove(tx, warehouse.id, move, -1, now);
          throw dryRun;
        });
      } catch (err) {
        if (err !== dryRun) throw err;
      }
      return null;
    });
    return errors;
  }

  /**
   * Puts back what the take back under `takeBackKey` took (RETURN_CANCELLED), into the same
   * warehouse, lots and quarantine: all of it, or only `lines` of it (a return partly accepted
   * gives the dealer back the rest). An unknown take back (it moved nothing) answers
   * `received: false` with nothing written.
   */
  async restore(ctx: InventoryContext, input: RestoreGoodsInput, now: Date = new Date()): Promise<GoodsResult> {
    ctx.requireRole(Role.SERVICE);
    return this.answer(async () => {
      if (!isHoldKey(input.key)) throw refuse(ErrorCode.BAD_USER_INPUT, HOLD_KEY_RULE, 'key');
      if (!isHoldKey(input.takeBackKey))
        throw refuse(ErrorCode.BAD_USER_INPUT, HOLD_KEY_RULE.replace(/^key/, 'takeBackKey'), 'takeBackKey');
      const badLines = input.lines ? lineErrors(input.lines) : [];
      if (badLines.length) throw new HoldRefusal(badLines);
      const em = ctx.em.fork({ clear: true });
      const taken = await em.findOne(GoodsReceipt, { key: input.takeBackKey, kind: GoodsReceiptKind.RETURN_OUT });
      const takenLines = taken
        ? await em.find(GoodsReceiptLine, { receiptId: taken.id }, { orderBy: { lineNo: 'asc' } })
        : [];
      const moves = input.lines ? await partOf(em, takenLines, input.lines) : takenLines.map(moveOf);
      const warehouse = taken ? await ctx.loaders.warehouseById.load(taken.warehouseId) : null;
      const same = (stored: GoodsReceipt) =>
        stored.kind === GoodsReceiptKind.RETURN_CANCELLED && stored.reference === input.takeBackKey;
      const draft: Draft | null =
        taken && warehouse
          ? {
              key: input.key,
              kind: GoodsReceiptKind.RETURN_CANCELLED,
              warehouse,
              dealerId: taken.dealerId,
              reference: input.takeBackKey,
              direction: 1,
              units: unitsOf(moves),
              quarantinedUnits: unitsOf(moves, true),
              operation: 'restoreGoods',
              reason: MovementReason.RETURN_CANCELLED,
              moves: () => Promise.resolve(moves),
              same,
            }
          : null;
      return this.write(ctx, draft, input.key, same, now);
    });
  }

  /** Runs a request, answering its HoldRefusal as errors (nothing was written). */
  private async answer(run: () => Promise<GoodsResult>): Promise<GoodsResult> {
    const { row, errors } = await answerRefusals(run);
    return row ?? { received: false, receipt: null, errors };
  }

  /** The parts of a draft every request shares. */
  private common(
    input: { key: string; dealerId: string; reference?: string | null; lines: ReceiveGoodsLineInput[] },
    kind: GoodsReceiptKind,
    direction: 1 | -1,
  ) {
    return {
      key: input.key,
      kind,
      dealerId: input.dealerId,
      reference: input.reference ?? null,
      direction,
      units: unitsOf(input.lines),
      quarantinedUnits: unitsOf(input.lines, true),
      // A replay: the same kind of goods for the same dealer, the same units per product and quarantine.
      same: (stored: GoodsReceipt, lines: GoodsReceiptLine[]) =>
        stored.kind === kind && stored.dealerId === input.dealerId && totals(lines) === totals(input.lines),
    };
  }

  /** Writes the draft into `warehouse`; none: the goods have nowhere to go (see `write`). */
  private writeTo(
    ctx: InventoryContext,
    warehouse: Warehouse | null,
    draft: Omit<Draft, 'warehouse'>,
    now: Date,
  ): Promise<GoodsResult> {
    return this.write(ctx, warehouse ? { ...draft, warehouse } : null, draft.key, draft.same, now);
  }

  /** A warehouse named by the caller; NOT_FOUND when unknown, WAREHOUSE_INACTIVE when deactivated. */
  private async named(ctx: InventoryContext, warehouseId: string): Promise<Warehouse> {
    const warehouse = await ctx.loaders.warehouseById.load(warehouseId);
    if (!warehouse) throw refuse(ErrorCode.NOT_FOUND, `Warehouse "${warehouseId}" was not found`, 'warehouseId');
    // A deactivated warehouse keeps its stock but receives nothing new.
    if (!warehouse.active) {
      throw refuse(WarehouseCode.WAREHOUSE_INACTIVE, `Warehouse ${warehouse.code} is deactivated`, 'warehouseId');
    }
    return warehouse;
  }

  /** The dealer's single active DEALER warehouse; null when it has none; refused when it has several. */
  private async dealerWarehouse(ctx: InventoryContext, dealerId: string): Promise<Warehouse | null> {
    const own = (await ctx.loaders.allWarehouses()).filter(
      (w) => w.kind === WarehouseKind.DEALER && w.active && w.dealerId === dealerId,
    );
    if (own.length > 1) {
      const message = `Dealer "${dealerId}" has ${own.length} active warehouses: name one`;
      throw refuse(DEALER_WAREHOUSE_AMBIGUOUS, message, 'warehouseId');
    }
    return own[0] ?? null;
  }

  /**
   * Writes the draft under its key (`writeByKey`: the receipt row first, so a key used before
   * fails on its unique index and is answered from the stored receipt). Without a draft (no
   * warehouse to move the goods in) a receipt stored under the key still answers; else nothing moved.
   */
  private async write(
    ctx: InventoryContext,
    draft: Draft | null,
    key: string,
    same: Draft['same'],
    now: Date,
  ): Promise<GoodsResult> {
    const replay = () => this.replay(ctx, key, same);
    if (!draft) {
      const prior = await replay();
      return { received: prior != null, receipt: prior, errors: [] };
    }
    const receipt = await writeByKey({
      attempt: () => ctx.em.fork({ clear: true }).transactional((tx) => this.writeReceipt(tx, ctx, draft, now)),
      replay,
      gaveUp: () => [domainError(DEALER_STOCK_INSUFFICIENT, 'The goods could not be moved; try again', 'lines')],
    });
    return { received: true, receipt, errors: [] };
  }

  /** The receipt in `tx`: row, moves on levels and lots, lines, ledger, events and audit. */
  private async writeReceipt(tx: EntityManager, ctx: InventoryContext, d: Draft, now: Date): Promise<GoodsReceipt> {
    const receipt = Object.assign(new GoodsReceipt(), {
      id: newId('grc', now),
      key: d.key,
      kind: d.kind,
      warehouseId: d.warehouse.id,
      dealerId: d.dealerId,
      reference: d.reference,
      units: d.units,
      quarantinedUnits: d.quarantinedUnits,
      createdAt: now,
    });
    await tx.insert(GoodsReceipt, { ...receipt });
    const moves = await d.moves(tx);
    for (const move of moves) await applyMove(tx, d.warehouse.id, move, d.direction, now);
    await tx.insertMany(
      GoodsReceiptLine,
      moves.map((m, i) => ({ receiptId: receipt.id, lineNo: i + 1, ...m })),
    );
    const levels = await levelsOf(tx, [...new Set(moves.map((m) => levelKey({ ...m, warehouseId: d.warehouse.id })))]);
    const entries = moves.map((m) => ({
      warehouseId: d.warehouse.id,
      productId: m.productId,
      lotId: m.lotId,
      delta: d.direction * m.quantity,
      quarantineDelta: m.quarantined ? d.direction * m.quantity : 0,
      reason: d.reason,
      reference: d.key,
    }));
    await insertLedger(tx, levels, entries, ctx.viewer?.userId ?? null, now);
    await recordStockChanges(tx, levels, () => d.warehouse, now);
    recordEvent(tx, {
      type: EventType.GOODS_RECEIVED,
      subjectId: receipt.id,
      scope: warehouseScope(d.warehouse),
      occurredAt: now,
      payload: {
        receiptId: receipt.id,
        key: d.key,
        kind: d.kind,
        warehouseId: d.warehouse.id,
        dealerId: d.dealerId,
        units: d.units,
        quarantinedUnits: d.quarantinedUnits,
      },
    });
    await insertAudit(tx, ctx, {
      operation: d.operation,
      action: 'CREATE',
      entityType: 'GoodsReceipt',
      entityId: receipt.id,
      after: {
        key: d.key,
        kind: d.kind,
        warehouseId: d.warehouse.id,
        dealerId: d.dealerId,
        reference: d.reference,
        lines: moves,
      },
    });
    return receipt;
  }

  /** The receipt stored under `key`: answered when `same` says it is this request's, else IDEMPOTENCY_KEY_REUSED. */
  private async replay(ctx: InventoryContext, key: string, same: Draft['same']): Promise<GoodsReceipt | null> {
    const em = ctx.em.fork({ clear: true });
    const stored = await em.findOne(GoodsReceipt, { key });
    if (!stored) return null;
    const lines = await em.find(GoodsReceiptLine, { receiptId: stored.id }, { orderBy: { lineNo: 'asc' } });
    if (!same(stored, lines))
      throw refuse(KeyedHoldCode.IDEMPOTENCY_KEY_REUSED, `Key "${key}" was already used for other goods`, 'key');
    return stored;
  }

  /**
   * The moves of a take back: a named lot as is; otherwise the product's lots first-expiry-first
   * (their sellable or quarantined units), then unlotted stock. DEALER_STOCK_INSUFFICIENT when a
   * named lot is missing or the units are not there; the guards of `applyMove` check the rest.
   */
  private async takeBackMoves(tx: EntityManager, warehouseId: string, lines: ReceiveGoodsLineInput[]): Promise<Move[]> {
    const moves: Move[] = [];
    const used = new Map<string, number>();
    for (const line of lines) {
      const { productId, quarantined } = line;
      const lots = await tx.find(
        Lot,
        { warehouseId, productId, ...(line.lotNumber ? { lotNumber: line.lotNumber } : { quantity: { $gt: 0 } }) },
        { orderBy: { expiresAt: 'asc', lotNumber: 'asc' }, disableIdentityMap: true },
      );
      let need = line.quantity;
      for (const lot of lots) {
        const free =
          (quarantined ? lot.quarantined : lot.quantity - lot.reserved - lot.quarantined) -
          (used.get(`${lot.id}|${quarantined}`) ?? 0);
        const q = line.lotNumber ? need : Math.min(need, Math.max(0, free));
        if (q <= 0) continue;
        used.set(`${lot.id}|${quarantined}`, (used.get(`${lot.id}|${quarantined}`) ?? 0) + q);
        moves.push({ productId, lotId: lot.id, quantity: q, quarantined });
        need -= q;
      }
      if (need > 0 && line.lotNumber)
        throw refuse(DEALER_STOCK_INSUFFICIENT, `Lot "${line.lotNumber}" is not in the dealer's warehouse`, 'lines');
      if (need > 0) {
        const level = await tx.findOne(StockLevel, { warehouseId, productId }, { disableIdentityMap: true });
        const inLots = (await tx.find(Lot, { warehouseId, productId }, { disableIdentityMap: true })).reduce(
          (n, l) => n + l.quantity,
          0,
        );
        const unlotted = (level?.onHand ?? 0) - inLots - (used.get(`unlotted|${productId}`) ?? 0);
        if (unlotted < need)
          throw refuse(
            DEALER_STOCK_INSUFFICIENT,
            `The dealer's warehouse holds fewer than ${line.quantity} units of "${productId}"`,
            'lines',
          );
        used.set(`unlotted|${productId}`, (used.get(`unlotted|${productId}`) ?? 0) + need);
        moves.push({ productId, lotId: null, quantity: need, quarantined });
      }
    }
    return moves;
  }
}
