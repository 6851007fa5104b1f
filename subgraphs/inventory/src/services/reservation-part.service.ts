import {
  answerRefusals,
  domainError,
  ErrorCode,
  forUpdate,
  HoldRefusal,
  insertAudit,
  isHoldKey,
  isTombstone,
  KeyedHoldCode,
  newId,
  Role,
  type DomainError,
  type Viewer,
  writeByKey,
  HOLD_KEY_RULE,
} from '@dnp/subgraph-kit';
import { raw, type EntityManager } from '@mikro-orm/core';
import { Lot, type ExpiryStatus } from '../entities/lot.entity.js';
import { ReservationCommit, ReservationCommitLine } from '../entities/reservation-commit.entity.js';
import { Reservation, ReservationLine, ReservationStatus } from '../entities/reservation.entity.js';
import type { Warehouse } from '../entities/warehouse.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import type { CommitReservationPartInput, PartLineInput } from '../schema/reservation-part.input.js';
import { daysToExpiry, expiryStatusOf } from './lot.service.js';
import { lockedLines, shipUnits } from './reservation.service.js';
import { sumBy } from './stock-ledger.js';

/** Error code of a part line the reservation does not hold (that lot, or that many units, has no remainder). */
export const LOT_NOT_RESERVED = 'LOT_NOT_RESERVED';
/** Most lines one part may have. */
export const MAX_PART_LINES = 200;
/** Most units one part line may commit. */
export const MAX_PART_QUANTITY = 100_000;
const PRODUCT_ID = /^prd_[A-Za-z0-9]{1,36}$/;
const ROW_ID = /^[a-z]{2,4}_[A-Za-z0-9_]{1,36}$/;

/** Units of one lot (null: unlotted stock) that a part committed. */
export interface CommittedLotRow {
  productId: string;
  warehouseId: string;
  lotId: string | null;
  lotNumber: string | null;
  expiresAt: Date | null;
  quantity: number;
}

/** What commitReservationPart did: the reservation and the lots the part took, or why nothing was committed. */
export interface CommitPartResult {
  reservation: Reservation | null;
  lots: CommittedLotRow[];
  errors: DomainError[];
}

/** One line of a pick list: what remains of one reservation line, with its lot. */
export interface PickEntry {
  reservationLineId: string;
  productId: string;
  warehouseId: string;
  lotId: string | null;
  lotNumber: string | null;
  expiresAt: Date | null;
  /** The lot's warning level, as `Lot.expiryStatus` answers it; null without a lot. */
  expiryStatus: ExpiryStatus | null;
  quantity: number;
}

/** Units a part takes from one reservation line. */
interface Take {
  line: ReservationLine;
  quantity: number;
}

const remainderOf = (l: ReservationLine) => l.quantity - l.committed - l.released;

/** Reservation lines first-expiry-first: lots by expiry, then lot number; unlotted stock last; then by id. */
export function fefo(lines: readonly ReservationLine[], lotById: ReadonlyMap<string, Lot>): ReservationLine[] {
  const rank = (l: ReservationLine): [number, string] => {
    const lot = l.lotId ? lotById.get(l.lotId) : undefined;
    return lot ? [lot.expiresAt.getTime(), lot.lotNumber] : [Number.MAX_SAFE_INTEGER, ''];
  };
  return [...lines].sort((a, b) => {
    const [ea, na] = rank(a);
    const [eb, nb] = rank(b);
    return ea - eb || (na < nb ? -1 : na > nb ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

/** The lots of these reservation lines, by id. */
async function lotsOf(em: EntityManager, lines: readonly { lotId: string | null }[]): Promise<Map<string, Lot>> {
  const ids = [...new Set(lines.map((l) => l.lotId).filter((id): id is string => id != null))];
  const lots = ids.length ? await em.find(Lot, { id: { $in: ids } }, { disableIdentityMap: true }) : [];
  return new Map(lots.map((l) => [l.id, l]));
}

/** The committed units per (product, warehouse, lot), with the lot's number and expiry. */
function committedLots(takes: readonly Take[], lotById: ReadonlyMap<string, Lot>): CommittedLotRow[] {
  const byKey = new Map<string, CommittedLotRow>();
  for (const { line, quantity } of takes) {
    const k = `${line.productId}|${line.warehouseId}|${line.lotId ?? ''}`;
    const row = byKey.get(k);
    if (row) row.quantity += quantity;
    else {
      const lot = line.lotId ? lotById.get(line.lotId) : undefined;
      byKey.set(k, {
        productId: line.productId,
        warehouseId: line.warehouseId,
        lotId: line.lotId,
        lotNumber: lot?.lotNumber ?? null,
        expiresAt: lot?.expiresAt ?? null,
        quantity,
      });
    }
  }
  return [...byKey.values()];
}

const refuse = (code: string, message: string, field: string) => new HoldRefusal(domainError(code, message, field));

/**
 * Which reservation lines a part takes: lines naming a lot from that lot's remainder, the
 * others first-expiry-first from what is left (so a FEFO line never takes a lot another line
 * of the part names). LOT_NOT_RESERVED when a line's remainders cannot cover it.
 */
function allocate(input: readonly PartLineInput[], lines: ReservationLine[], lotById: Map<string, Lot>): Take[] {
  const left = new Map(lines.map((l) => [l.id, remainderOf(l)]));
  const ordered = fefo(lines, lotById);
  const takes: Take[] = [];
  const order = input.map((line, i) => ({ line, i })).sort((a, b) => Number(!a.line.lotId) - Number(!b.line.lotId));
  for (const { line, i } of order) {
    let need = line.quantity;
    for (const candidate of ordered) {
      if (need === 0) break;
      const fits =
        candidate.productId === line.productId &&
        candidate.warehouseId === line.warehouseId &&
        (!line.lotId || candidate.lotId === line.lotId);
      const q = fits ? Math.min(need, left.get(candidate.id)!) : 0;
      if (q <= 0) continue;
      left.set(candidate.id, left.get(candidate.id)! - q);
      takes.push({ line: candidate, quantity: q });
      need -= q;
    }
    if (need > 0) {
      const what = line.lotId ? `lot "${line.lotId}" of product "${line.productId}"` : `product "${line.productId}"`;
      const message =
        `The reservation holds fewer than ${line.quantity} unshipped units of ${what} ` + `in "${line.warehouseId}"`;
      throw refuse(LOT_NOT_RESERVED, message, `lines[${i}]`);
    }
  }
  return takes;
}

/** BAD_USER_INPUT refusals of a malformed part request (nothing is read or written). */
function validate(input: CommitReservationPartInput): void {
  const errors: DomainError[] = [];
  const bad = (message: string, field: string) => errors.push(domainError(ErrorCode.BAD_USER_INPUT, message, field));
  if (!isHoldKey(input.key)) bad(HOLD_KEY_RULE, 'key');
  if (!isHoldKey(input.partKey)) bad(HOLD_KEY_RULE.replace(/^key/, 'partKey'), 'partKey');
  const lines = input.lines ?? [];
  if (lines.length < 1 || lines.length > MAX_PART_LINES) bad(`lines must have 1 to ${MAX_PART_LINES} entries`, 'lines');
  lines.forEach((line, i) => {
    if (!PRODUCT_ID.test(line.productId)) bad(`"${line.productId}" is not a product id`, `lines[${i}].productId`);
    if (!ROW_ID.test(line.warehouseId)) bad(`"${line.warehouseId}" is not a warehouse id`, `lines[${i}].warehouseId`);
    if (line.lotId != null && !ROW_ID.test(line.lotId)) bad(`"${line.lotId}" is not a lot id`, `lines[${i}].lotId`);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_PART_QUANTITY)
      bad(
        `quantity must be a whole number from 1 to ${MAX_PART_QUANTITY.toLocaleString('en')}`,
        `lines[${i}].quantity`,
      );
  });
  if (errors.length) throw new HoldRefusal(errors);
}

/**
 * Parts of a reservation that ship (a shipment of the order), and the pick list of what remains
 * (service only, §5 and §21 of docs/design/order-to-cash.md).
 */
export class ReservationPartService {
  /**
   * Commits one part of a reservation under its part key, in one transaction: the part's row
   * (unique part key), each reservation line's committed count raised under the guard that it
   * keeps a remainder, on hand and reserved down on levels and lots, SHIPMENT ledger entries
   * referencing the part key, the reservation COMMITTED once nothing remains, the events and the
   * audit entry. The same part key again answers the stored part's lots; another request under it
   * IDEMPOTENCY_KEY_REUSED. Refusals (NOT_FOUND, RESERVATION_RELEASED, LOT_NOT_RESERVED,
   * BAD_USER_INPUT) write nothing.
   */
  async commitPart(
    ctx: InventoryContext,
    input: CommitReservationPartInput,
    now: Date = new Date(),
  ): Promise<CommitPartResult> {
    const viewer = ctx.requireRole(Role.SERVICE);
    const { row, errors } = await answerRefusals(async () => {
      validate(input);
      const warehouseById = new Map((await ctx.loaders.allWarehouses()).map((w) => [w.id, w]));
      return writeByKey({
        attempt: () =>
          ctx.em
            .fork({ clear: true })
            .transactional((tx) => this.writePart(tx, ctx, viewer, input, now, (id) => warehouseById.get(id))),
        replay: () => this.replayPart(ctx, input),
        // A refusal may be this very part's own doing (it took the last units): the stored part answers.
        replayRefusals: true,
        gaveUp: () => [domainError(LOT_NOT_RESERVED, 'The part could not be committed; try again', 'lines')],
      });
    });
    return row ? { ...row, errors: [] } : { reservation: null, lots: [], errors };
  }

  /**
   * What remains to pick of the reservation under `key` in one warehouse, first-expiry-first
   * (expiry, then lot number; unlotted stock last). Empty for an unknown or released key.
   */
  async pickList(ctx: InventoryContext, key: string, warehouseId: string): Promise<PickEntry[]> {
    ctx.requireRole(Role.SERVICE);
    const em = ctx.em.fork({ clear: true });
    const reservation = await em.findOne(Reservation, { key });
    if (!reservation || isTombstone(reservation)) return [];
    const lines = (await em.find(ReservationLine, { reservationId: reservation.id, warehouseId })).filter(
      (l) => remainderOf(l) > 0,
    );
    const lotById = await lotsOf(em, lines);
    const now = new Date();
    return fefo(lines, lotById).map((l) => {
      const lot = l.lotId ? lotById.get(l.lotId) : undefined;
      return {
        reservationLineId: l.id,
        productId: l.productId,
        warehouseId: l.warehouseId,
        lotId: l.lotId,
        lotNumber: lot?.lotNumber ?? null,
        expiresAt: lot?.expiresAt ?? null,
        expiryStatus: lot ? expiryStatusOf(daysToExpiry(lot.expiresAt, now)) : null,
        quantity: remainderOf(l),
      };
    });
  }

  /** The part in `tx`: see `commitPart`. Throws a HoldRefusal (rolled back) or a unique violation (a replay). */
  private async writePart(
    tx: EntityManager,
    ctx: InventoryContext,
    viewer: Viewer,
    input: CommitReservationPartInput,
    now: Date,
    warehouseOf: (id: string) => Warehouse | undefined,
  ): Promise<Omit<CommitPartResult, 'errors'>> {
    // Locked first: parts and releases of one reservation take turns.
    const reservation = await tx.findOne(Reservation, { key: input.key }, forUpdate(tx));
    if (!reservation) throw refuse(ErrorCode.NOT_FOUND, `Reservation "${input.key}" was not found`, 'key');
    if (isTombstone(reservation) || reservation.status === ReservationStatus.RELEASED) {
      const message = `Reservation "${input.key}" was released and can no longer ship`;
      throw refuse(KeyedHoldCode.RESERVATION_RELEASED, message, 'key');
    }
    const commitId = newId('rsc', now);
    await tx.insert(ReservationCommit, {
      id: commitId,
      reservationId: reservation.id,
      partKey: input.partKey,
      createdAt: now,
    });
    const lines = await lockedLines(tx, reservation.id);
    const lotById = await lotsOf(tx, lines);
    const takes = allocate(input.lines, lines, lotById);
    const perLine = sumBy(
      takes,
      (t) => t.line.id,
      (t) => t.quantity,
    );
    for (const [lineId, q] of perLine) {
      const where = { id: lineId, [raw('quantity - committed - released')]: { $gte: q } };
      const ok = await tx.nativeUpdate(
        ReservationLine,
        where as never,
        { committed: raw('committed + ?', [q]) } as never,
      );
      if (ok === 0)
        throw refuse(LOT_NOT_RESERVED, `Reservation line "${lineId}" has fewer than ${q} units left`, 'lines');
      lines.find((l) => l.id === lineId)!.committed += q;
    }
    await tx.insertMany(
      ReservationCommitLine,
      perLine.map(([lineId, quantity]) => ({
        commitId,
        reservationLineId: lineId,
        lotId: lines.find((l) => l.id === lineId)!.lotId,
        quantity,
      })),
    );
    const units = takes.map((t) => ({ ...t.line, quantity: t.quantity }));
    await shipUnits(tx, viewer, input.partKey, units, now, warehouseOf);
    const before = reservation.status;
    if (lines.every((l) => remainderOf(l) === 0))
      Object.assign(reservation, { status: ReservationStatus.COMMITTED, updatedAt: now });
    const lots = committedLots(takes, lotById);
    await insertAudit(tx, ctx, {
      operation: 'commitReservationPart',
      action: 'COMMIT',
      entityType: 'Reservation',
      entityId: reservation.id,
      before: { status: before },
      after: { status: reservation.status, partKey: input.partKey, lots },
    });
    return { reservation, lots };
  }

  /**
   * The part already committed under the input's part key, if any: answered when it was for the
   * same reservation and units (per product and warehouse, and at least the units of each named
   * lot), else IDEMPOTENCY_KEY_REUSED.
   */
  private async replayPart(
    ctx: InventoryContext,
    input: CommitReservationPartInput,
  ): Promise<Omit<CommitPartResult, 'errors'> | null> {
    const em = ctx.em.fork({ clear: true });
    const commit = await em.findOne(ReservationCommit, { partKey: input.partKey });
    if (!commit) return null;
    const reservation = await em.findOneOrFail(Reservation, { id: commit.reservationId });
    const parts = await em.find(ReservationCommitLine, { commitId: commit.id });
    const lines = await em.find(ReservationLine, { id: { $in: parts.map((p) => p.reservationLineId) } });
    const lineById = new Map(lines.map((l) => [l.id, l]));
    const takes = parts.map((p) => ({ line: lineById.get(p.reservationLineId)!, quantity: p.quantity }));
    const stored = new Map(
      sumBy(
        takes,
        (t) => `${t.line.productId}|${t.line.warehouseId}`,
        (t) => t.quantity,
      ),
    );
    const storedLots = new Map(
      sumBy(
        takes,
        (t) => t.line.lotId,
        (t) => t.quantity,
      ),
    );
    const asked = sumBy(
      input.lines,
      (l) => `${l.productId}|${l.warehouseId}`,
      (l) => l.quantity,
    );
    const askedLots = sumBy(
      input.lines,
      (l) => l.lotId ?? null,
      (l) => l.quantity,
    );
    const same =
      reservation.key === input.key &&
      asked.length === stored.size &&
      asked.every(([k, q]) => stored.get(k) === q) &&
      askedLots.every(([lotId, q]) => (storedLots.get(lotId) ?? 0) >= q);
    if (!same) {
      const message = `Part key "${input.partKey}" was already used for a different part`;
      throw refuse(KeyedHoldCode.IDEMPOTENCY_KEY_REUSED, message, 'partKey');
    }
    return { reservation, lots: committedLots(takes, await lotsOf(em, lines)) };
  }
}
