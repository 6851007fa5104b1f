import {
  answerRefusals,
  domainError,
  ErrorCode,
  findPlain,
  forUpdate,
  holdCommitter,
  HoldRaceLost,
  HoldRefusal,
  holdRequestErrors,
  insertAudits,
  KeyedHoldCode,
  KeyedHoldTable,
  newestFirstPage,
  newId,
  type DomainError,
  type Page,
  type RequestAudit,
  Role,
  sqlCase,
  TOMBSTONE_OWNER,
  type Viewer,
  writeByKey,
  type HoldAuditNote,
} from '@dnp/subgraph-kit';
import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { Lot } from '../entities/lot.entity.js';
import { Reservation, ReservationLine, ReservationStatus } from '../entities/reservation.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { MovementReason } from '../entities/stock-movement.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import type { ReservationFilter, ReserveStockInput } from '../schema/reservation.input.js';
import {
  planAllocation,
  rankWarehouses,
  sellerWarehouses,
  type PlannedLine,
  type Shortage,
} from './stock-allocation.service.js';
import { INSUFFICIENT_STOCK } from './stock-adjustment.service.js';
import { recordStockChanges } from './inventory-events.js';
import { forShare, insertLedger, levelsOf, sumBy, unreserveUnits, type StockUnits } from './stock-ledger.js';
import { Warehouse } from '../entities/warehouse.entity.js';

/** Most lines one reservation may have. */
export const MAX_RESERVE_LINES = 200;
/** Most units one line may ask for. */
export const MAX_RESERVE_QUANTITY = 100_000;
/** Most products one group-committed batch of reservations plans and writes together. */
const MAX_BATCH_PRODUCTS = 100;

/** Error code of a key used again for a different request. */
export const IDEMPOTENCY_KEY_REUSED = KeyedHoldCode.IDEMPOTENCY_KEY_REUSED;
/** Error code of releasing a reservation that has shipped. */
export const RESERVATION_COMMITTED = 'RESERVATION_COMMITTED';
/** Error code of committing a reservation that was given back, or reserving under a released key. */
export const RESERVATION_RELEASED = KeyedHoldCode.RESERVATION_RELEASED;

const REGION_ID = /^reg_[A-Za-z0-9_]{1,36}$/;
const PRODUCT_ID = /^prd_[A-Za-z0-9]{1,36}$/;
const MAX_REGION_DEPTH = 16;

/** Reservations as the kit's keyed holds: ACTIVE, then RELEASED (given back) or COMMITTED (shipped). */
export const RESERVATIONS = new KeyedHoldTable<Reservation, ReservationStatus>({
  entity: Reservation,
  idPrefix: 'rsv',
  entityType: 'Reservation',
  noun: 'reservation',
  states: {
    live: ReservationStatus.ACTIVE,
    released: ReservationStatus.RELEASED,
    settled: ReservationStatus.COMMITTED,
  },
  releasedCode: RESERVATION_RELEASED,
  settledCode: RESERVATION_COMMITTED,
  operations: { release: 'releaseReservation', settle: 'commitReservation' },
  settleAction: 'COMMIT',
  words: { settled: 'has shipped', settle: 'ship' },
});

/** What reserveStock did: the reservation (new, or the existing one for the key), or why nothing was reserved. */
export interface ReserveResult {
  reservation: Reservation | null;
  errors: DomainError[];
}

/** What releaseReservation did: `released` is true once the units are back (now or before). */
export interface ReleaseResult {
  released: boolean;
  reservation: Reservation | null;
  errors: DomainError[];
}

/** What commitReservation did: the committed reservation, or why it cannot ship. */
export interface CommitResult {
  reservation: Reservation | null;
  errors: DomainError[];
}

/** A request, validated: the products with their summed quantities, and each product's first line's index. */
interface Demand {
  quantities: Map<string, number>;
  firstIndex: Map<string, number>;
}

/** One reserveStock call waiting for a group commit (see `ReservationService.writeReservations`). */
interface ReserveJob {
  ctx: InventoryContext;
  input: ReserveStockInput;
  demand: Demand;
  warehouses: Warehouse[];
  now: Date;
}

/** A reservation as written: the row and its lines. */
interface Reserved {
  reservation: Reservation;
  lines: ReservationLine[];
}

/**
 * `reserved = reserved + q` for each (id, q) of `sums` in one UPDATE of `table`, guarded per
 * row by `reserved + q + quarantined <= capColumn` (the WHERE sees the row before the change), so
 * quarantined units are never reserved; `extraSet`
 * and its parameters go after. HoldRaceLost unless every row changed.
 */
async function addReserved(
  tx: EntityManager,
  table: string,
  capColumn: string,
  sums: readonly [string, number][],
  extraSet: string,
  extraParams: unknown[],
  productId: string | null,
): Promise<void> {
  if (!sums.length) return;
  const units = sqlCase('id', sums);
  const ids = sums.map(([id]) => id);
  const sql =
    `update ${table} set reserved = reserved + ${units.sql}${extraSet}` +
    ` where id in (${ids.map(() => '?').join(', ')}) and reserved + ${units.sql} + quarantined <= ${capColumn}`;
  const params = [...units.params, ...extraParams, ...ids, ...units.params];
  const res = await tx.getConnection().execute(sql, params, 'run', tx.getTransactionContext());
  if (Number(res.affectedRows) !== sums.length) throw new HoldRaceLost(productId);
}

/** Error code of a two-tier reservation whose seller runs no active warehouse. */
export const SELLER_HAS_NO_WAREHOUSE = 'SELLER_HAS_NO_WAREHOUSE';

/** The refusal of a seller without an active DEALER warehouse. */
function noSellerWarehouse(sellerDealerId: string): HoldRefusal {
  const message = `Dealer "${sellerDealerId}" runs no active warehouse to sell from`;
  return new HoldRefusal([domainError(SELLER_HAS_NO_WAREHOUSE, message, 'sourceDealerId')]);
}

/**
 * The ids of `ids` whose warehouses are active now, each read with a shared lock (MariaDB): a
 * deactivation waits for the reservations planned on the warehouse, and sees their units.
 */
async function activeWarehouseIds(tx: EntityManager, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await tx.find(Warehouse, { id: { $in: [...ids] }, active: true }, {
    ...forShare(tx),
    fields: ['id'],
    disableIdentityMap: true,
  } as never);
  return new Set(rows.map((w) => w.id));
}

/** What remains of each line: its units neither committed nor released. */
export function remaindersOf(lines: readonly ReservationLine[]): StockUnits[] {
  return lines.map((l) => ({ ...l, quantity: l.quantity - l.committed - l.released })).filter((u) => u.quantity > 0);
}

/** The lines of a reservation, read with a lock (the latest committed counts, on MariaDB too). */
export function lockedLines(tx: EntityManager, reservationId: string): Promise<ReservationLine[]> {
  const orderBy = { id: 'asc' } as const;
  return tx.find(ReservationLine, { reservationId }, { ...forUpdate(tx), orderBy, disableIdentityMap: true } as never);
}

/**
 * Stock reservations for the order saga (service only): reserve all lines or none, release
 * (compensation), commit (shipping); the keyed-hold protocol is the kit's (`writeByKey`,
 * `KeyedHoldTable`). Every change of stock is a conditional UPDATE whose guard sits in the
 * statement, so two reservations can never take the same unit, on SQLite and MariaDB alike.
 */
export class ReservationService {
  /**
   * Concurrent reservations made together: one transaction, one read of the rows, multi-row
   * inserts and one conditional update per stock row for the whole batch (group commit).
   */
  private readonly reserveTogether = holdCommitter<ReserveJob, Reserved>(
    (jobs) => this.writeReservations(jobs),
    (job) => this.attempt(job),
    // Products per part: bounds the rows and parameters of the batch's statements.
    { weight: (job) => job.demand.quantities.size, maxWeight: MAX_BATCH_PRODUCTS },
  );

  /**
   * Reserves the input's lines under its idempotency key, all or nothing. SERVICE only
   * (FORBIDDEN otherwise). Bad input, a reused key and too little stock come back as result
   * errors with nothing written. The same key again answers with the existing reservation.
   */
  async reserve(ctx: InventoryContext, input: ReserveStockInput, now: Date = new Date()): Promise<ReserveResult> {
    ctx.requireRole(Role.SERVICE);
    const { row, errors } = await answerRefusals(async () => {
      const demand = this.validate(input);
      const all = await ctx.loaders.allWarehouses();
      const seller = input.sourceDealerId ?? null;
      const warehouses = seller ? sellerWarehouses(all, seller) : rankWarehouses(all, input.regionPath);
      const job: ReserveJob = { ctx, input, demand, warehouses, now };
      return writeByKey({
        attempt: async (together) => {
          if (seller && !warehouses.length) throw noSellerWarehouse(seller);
          const { reservation, lines } = together ? await this.reserveTogether(job) : await this.attempt(job);
          ctx.loaders.linesByReservation.prime(reservation.id, lines);
          return reservation;
        },
        replay: () => this.existing(ctx, input, demand),
        // A shortage is planned before the insert: for a key already used, its own units may be what is missing.
        replayRefusals: true,
        // Still losing after several re-plans: report what a fresh read shows.
        gaveUp: async (lost) => {
          const shortages = await this.shortagesNow(ctx, demand, warehouses, now, lost?.subject ?? null);
          return this.shortageErrors(shortages, demand);
        },
      });
    });
    return { reservation: row, errors };
  }

  /**
   * Gives back what remains of a reservation (the saga's compensation, the cancel of an order's
   * rest, the reconciler). Idempotent: releasing again answers `released: true`; an unknown key
   * answers `released: false` without error and leaves a tombstone (the kit's keyed-hold
   * protocol), so a reservation with that key arriving later is refused with
   * RESERVATION_RELEASED. A reservation of which a part shipped ends COMMITTED (§5: nothing
   * remains and something shipped); one that has nothing left answers `released: true` as is.
   */
  async release(ctx: InventoryContext, key: string, now: Date = new Date()): Promise<ReleaseResult> {
    ctx.requireRole(Role.SERVICE);
    const warehouseById = new Map((await ctx.loaders.allWarehouses()).map((w) => [w.id, w]));
    let partlyShipped = false;
    const moved = this.withLines(ctx, async (tx, lines, reservation) => {
      const perLevel = await unreserveUnits(tx, `reservation "${key}"`, remaindersOf(lines), now, false);
      await tx.nativeUpdate(ReservationLine, { reservationId: reservation.id }, {
        released: raw('quantity - committed'),
      } as never);
      for (const line of lines) line.released = line.quantity - line.committed;
      if (perLevel.length)
        await recordStockChanges(tx, await levelsOf(tx, perLevel), (id) => warehouseById.get(id), now);
      partlyShipped = lines.some((l) => l.committed > 0);
      if (!partlyShipped) return undefined;
      // The kit moved it to RELEASED; with a part shipped it ends COMMITTED, in the same transaction,
      // and the audit entry says so: the remainder went back, the shipped units stay committed.
      await tx.nativeUpdate(Reservation, { id: reservation.id }, { status: ReservationStatus.COMMITTED });
      const sum = (f: (l: ReservationLine) => number) => lines.reduce((n, l) => n + f(l), 0);
      const after = {
        status: ReservationStatus.COMMITTED,
        released: sum((l) => l.released),
        committed: sum((l) => l.committed),
      };
      return { action: 'RELEASE_REMAINDER', after };
    });
    const { released, row, errors } = await RESERVATIONS.release(ctx, key, now, moved.effect);
    if (row && partlyShipped) row.status = ReservationStatus.COMMITTED;
    moved.prime(row);
    // Committed means nothing remains: the remainder is released (there is none), not refused.
    if (row?.status === ReservationStatus.COMMITTED) return { released: true, reservation: row, errors: [] };
    return { released, reservation: row, errors };
  }

  /**
   * Ships what remains of a reservation: on hand and reserved drop together (stock level and
   * lot), with one SHIPMENT ledger entry per line, so the ledger still adds up to on hand.
   * Idempotent; NOT_FOUND for an unknown key, RESERVATION_RELEASED for a released one.
   */
  async commit(ctx: InventoryContext, key: string, now: Date = new Date()): Promise<CommitResult> {
    const viewer = ctx.requireRole(Role.SERVICE);
    const warehouseById = new Map((await ctx.loaders.allWarehouses()).map((w) => [w.id, w]));
    const moved = this.withLines(ctx, async (tx, lines, reservation) => {
      const units = remaindersOf(lines);
      await tx.nativeUpdate(ReservationLine, { reservationId: reservation.id }, {
        committed: raw('quantity - released'),
      } as never);
      for (const line of lines) line.committed = line.quantity - line.released;
      await shipUnits(tx, viewer, key, units, now, (id) => warehouseById.get(id));
    });
    const { row, errors } = await RESERVATIONS.settle(ctx, key, now, moved.effect);
    moved.prime(row);
    return { reservation: row, errors };
  }

  /** One page of reservations, newest first (HQ and services only; FORBIDDEN otherwise). */
  async list(
    ctx: InventoryContext,
    args: { first?: number | null; after?: string | null; filter?: ReservationFilter | null },
  ): Promise<Page<Reservation>> {
    ctx.requireRole(Role.HQ_ADMIN, Role.SERVICE);
    // Tombstones (keys released before any reservation) held nothing for anyone: not listed.
    const where: FilterQuery<Reservation>[] = [{ dealerId: { $ne: TOMBSTONE_OWNER } }];
    if (args.filter?.dealerId) where.push({ dealerId: args.filter.dealerId });
    if (args.filter?.status) where.push({ status: args.filter.status });
    return newestFirstPage(ctx.em, Reservation, where, args);
  }

  /** The lines of a reservation (batched). */
  lines(ctx: InventoryContext, reservation: Reservation): Promise<ReservationLine[]> {
    return ctx.loaders.linesByReservation.load(reservation.id);
  }

  /**
   * The effect of a move of a reservation, given its lines (read in the move's transaction), and
   * `prime`, which hands the lines read to the request's loader once the move is done.
   */
  private withLines(
    ctx: InventoryContext,
    effect: (tx: EntityManager, lines: ReservationLine[], reservation: Reservation) => Promise<void | HoldAuditNote>,
  ) {
    let read: { id: string; lines: ReservationLine[] } | null = null;
    return {
      effect: async (tx: EntityManager, reservation: Reservation) => {
        const lines = await lockedLines(tx, reservation.id);
        const note = await effect(tx, lines, reservation);
        read = { id: reservation.id, lines };
        return note;
      },
      prime: (reservation: Reservation | null) => {
        if (reservation && read?.id === reservation.id) ctx.loaders.linesByReservation.prime(read.id, read.lines);
      },
    };
  }

  private validate(input: ReserveStockInput): Demand {
    const errors = holdRequestErrors(input);
    const bad = (message: string, field: string) => errors.push(domainError(ErrorCode.BAD_USER_INPUT, message, field));
    if (!input.regionPath?.length || input.regionPath.length > MAX_REGION_DEPTH)
      bad(`regionPath must list 1 to ${MAX_REGION_DEPTH} region ids, root first`, 'regionPath');
    else if (input.regionPath.some((id) => !REGION_ID.test(id)))
      bad('regionPath must hold region ids ("reg_…")', 'regionPath');
    const lines = input.lines ?? [];
    if (lines.length < 1 || lines.length > MAX_RESERVE_LINES)
      bad(`lines must have 1 to ${MAX_RESERVE_LINES} entries`, 'lines');
    const quantities = new Map<string, number>();
    const firstIndex = new Map<string, number>();
    lines.forEach((line, i) => {
      if (!PRODUCT_ID.test(line.productId)) bad(`"${line.productId}" is not a product id`, `lines[${i}].productId`);
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_RESERVE_QUANTITY) {
        bad(
          `quantity must be a whole number from 1 to ${MAX_RESERVE_QUANTITY.toLocaleString('en')}`,
          `lines[${i}].quantity`,
        );
      }
      quantities.set(line.productId, (quantities.get(line.productId) ?? 0) + line.quantity);
      if (!firstIndex.has(line.productId)) firstIndex.set(line.productId, i);
    });
    if (errors.length) throw new HoldRefusal(errors);
    return { quantities, firstIndex };
  }

  /**
   * The reservation already made under the input's key, if any: returned unchanged when it was
   * made for the same dealer and the same summed quantities (whatever its status now), else
   * IDEMPOTENCY_KEY_REUSED; RESERVATION_RELEASED when the key was released before (a tombstone).
   */
  private async existing(ctx: InventoryContext, input: ReserveStockInput, demand: Demand): Promise<Reservation | null> {
    let lines: ReservationLine[] = [];
    const reservation = await RESERVATIONS.replay(ctx, input.key, async (prior, em) => {
      const orderBy = { productId: 'asc', id: 'asc' } as const;
      lines = await em.find(ReservationLine, { reservationId: prior.id }, { orderBy });
      const sums = new Map<string, number>();
      for (const line of lines) sums.set(line.productId, (sums.get(line.productId) ?? 0) + line.quantity);
      return (
        prior.dealerId === input.dealerId &&
        sums.size === demand.quantities.size &&
        [...demand.quantities].every(([p, q]) => sums.get(p) === q)
      );
    });
    if (reservation) ctx.loaders.linesByReservation.prime(reservation.id, lines);
    return reservation;
  }

  /** One try in its own transaction (`writeReservations` for one): throws its refusal, or HoldRaceLost to re-plan. */
  private async attempt(job: ReserveJob): Promise<Reserved> {
    const [result] = await this.writeReservations([job]);
    if (result instanceof HoldRefusal) throw result;
    return result!;
  }

  /**
   * Reserves for the jobs in one transaction (one job, or a group commit's batch). The jobs are
   * planned in order against one read of their stock rows, each seeing the units the ones before
   * it took; a job the rows cannot cover is refused (its HoldRefusal); the others' reservations go in
   * first (a key used before fails here, or waits for its twin on MariaDB), then their lines and
   * audit entries, then one conditional update of all stock levels and one of all lots
   * (`takeUnits`; the hot rows stay locked only from there to the commit). When a batch cannot
   * be written as a whole (a key used before, a race lost to another writer, a deadlock)
   * `reserveTogether` runs every job alone (`attempt`), which sorts out which is which.
   */
  private writeReservations(jobs: readonly ReserveJob[]): Promise<(Reserved | HoldRefusal)[]> {
    return jobs[0]!.ctx.em.fork({ clear: true }).transactional(async (tx) => {
      const productIds = [...new Set(jobs.flatMap((j) => [...j.demand.quantities.keys()]))];
      const warehouseById = new Map(jobs.flatMap((j) => j.warehouses).map((w) => [w.id, w]));
      // The cached list may be a few seconds old: a warehouse deactivated since is not planned on.
      const active = await activeWarehouseIds(tx, [...warehouseById.keys()].sort());
      const where = { productId: { $in: productIds }, warehouseId: { $in: [...warehouseById.keys()] } };
      // Plain rows: the plan adds each job's units to them, which must not be flushed.
      const [levels, lots] = await Promise.all([
        findPlain(tx, StockLevel, where),
        findPlain(tx, Lot, { ...where, quantity: { $gt: 0 } }),
      ]);
      const levelById = new Map(levels.map((l) => [l.id, l]));
      const lotById = new Map(lots.map((l) => [l.id, l]));

      const results: (Reserved | HoldRefusal)[] = [];
      const planned: PlannedLine[] = [];
      const audits: RequestAudit[] = [];
      for (const job of jobs) {
        const candidates = job.warehouses.filter((w) => active.has(w.id));
        const plan = planAllocation(job.demand.quantities, candidates, levels, lots, job.now);
        if (plan.shortages.length) {
          results.push(new HoldRefusal(this.shortageErrors(plan.shortages, job.demand)));
          continue;
        }
        for (const l of plan.lines) {
          levelById.get(l.levelId)!.reserved += l.quantity;
          if (l.lotId) lotById.get(l.lotId)!.reserved += l.quantity;
        }
        planned.push(...plan.lines);
        const made = this.reservationRows(job, plan.lines);
        results.push(made);
        audits.push({ ctx: job.ctx, input: this.reservationAudit(made) });
      }
      const made = results.filter((r): r is Reserved => !(r instanceof HoldRefusal));
      if (!made.length) return results;
      await tx.insertMany(
        Reservation,
        made.map((r) => r.reservation),
      );
      await tx.insertMany(
        ReservationLine,
        made.flatMap((r) => r.lines),
      );
      await insertAudits(tx, audits);
      const now = jobs[0]!.now;
      await this.takeUnits(tx, planned, now);
      const changed = await findPlain(tx, StockLevel, { id: { $in: [...new Set(planned.map((l) => l.levelId))] } });
      await recordStockChanges(tx, changed, (id) => warehouseById.get(id), now);
      return results;
    });
  }

  /** The reservation row and its lines for a planned job (not written). */
  private reservationRows(job: Pick<ReserveJob, 'input' | 'now'>, planned: readonly PlannedLine[]): Reserved {
    const { input, now } = job;
    const reservation = Object.assign(new Reservation(), {
      id: newId('rsv', now),
      key: input.key,
      dealerId: input.dealerId,
      status: ReservationStatus.ACTIVE,
      createdAt: now,
      updatedAt: now,
    });
    const lines = planned.map(
      (l) =>
        // Plain rows: only inserted and handed to the lines loader.
        ({
          id: newId('rsl', now),
          reservationId: reservation.id,
          productId: l.productId,
          warehouseId: l.warehouseId,
          lotId: l.lotId,
          quantity: l.quantity,
          committed: 0,
          released: 0,
        }) as ReservationLine,
    );
    return { reservation, lines };
  }

  /** The audit entry of a new reservation. */
  private reservationAudit({ reservation, lines }: Reserved) {
    return {
      operation: 'reserveStock',
      action: 'CREATE',
      entityType: 'Reservation',
      entityId: reservation.id,
      after: {
        key: reservation.key,
        dealerId: reservation.dealerId,
        status: reservation.status,
        lines: lines.map((l) => ({
          productId: l.productId,
          warehouseId: l.warehouseId,
          lotId: l.lotId,
          quantity: l.quantity,
        })),
      },
    };
  }

  /**
   * Adds planned units to the reserved counts: one conditional UPDATE for all stock levels and
   * one for all lots (summed per row), each row refusing to go past what is on hand; HoldRaceLost
   * when a row did not take its units (another writer got there first; the transaction is rolled back).
   */
  private async takeUnits(tx: EntityManager, planned: readonly PlannedLine[], now: Date): Promise<void> {
    const productOf = (rows: readonly { productId: string }[]) =>
      new Set(rows.map((r) => r.productId)).size === 1 ? rows[0]!.productId : null;
    const date = tx.getPlatform().processDateProperty(now);
    await addReserved(
      tx,
      'stock_level',
      'on_hand',
      sumBy(
        planned,
        (l) => l.levelId,
        (l) => l.quantity,
      ),
      ', version = version + 1, updated_at = ?',
      [date],
      productOf(planned),
    );
    const lotted = planned.filter((l) => l.lotId);
    await addReserved(
      tx,
      'lot',
      'quantity',
      sumBy(
        lotted,
        (l) => l.lotId,
        (l) => l.quantity,
      ),
      '',
      [],
      productOf(lotted),
    );
  }

  /** Reads the stock levels and lots of the demanded products in the candidate warehouses and plans. */
  private async plan(em: EntityManager, demand: Demand, warehouses: ReturnType<typeof rankWarehouses>, now: Date) {
    const productIds = [...demand.quantities.keys()];
    const warehouseIds = warehouses.map((w) => w.id);
    if (!warehouseIds.length) return planAllocation(demand.quantities, warehouses, [], [], now);
    const where = { productId: { $in: productIds }, warehouseId: { $in: warehouseIds } };
    const [levels, lots] = await Promise.all([
      em.find(StockLevel, where),
      em.find(Lot, { ...where, quantity: { $gt: 0 } }),
    ]);
    return planAllocation(demand.quantities, warehouses, levels, lots, now);
  }

  /** After repeated lost races: the shortages a fresh read shows, or the contended product. */
  private async shortagesNow(
    ctx: InventoryContext,
    demand: Demand,
    warehouses: ReturnType<typeof rankWarehouses>,
    now: Date,
    lostOn: string | null,
  ): Promise<Shortage[]> {
    const plan = await this.plan(ctx.em.fork({ clear: true }), demand, warehouses, now);
    if (plan.shortages.length) return plan.shortages;
    const productId = lostOn ?? [...demand.quantities.keys()][0]!;
    const requested = demand.quantities.get(productId)!;
    return [{ productId, requested, available: 0 }];
  }

  private shortageErrors(shortages: Shortage[], demand: Demand): DomainError[] {
    return shortages.map((s) =>
      domainError(
        INSUFFICIENT_STOCK,
        `Not enough stock of product "${s.productId}": requested ${s.requested}, available ${s.available}`,
        `lines[${demand.firstIndex.get(s.productId) ?? 0}]`,
      ),
    );
  }
}

/**
 * The shipping effect of a commit (whole or a part): on hand and reserved down together on
 * levels and lots, one SHIPMENT ledger entry per unit line referencing `reference`, and
 * `inventory.stock_changed` per level.
 */
export async function shipUnits(
  tx: EntityManager,
  viewer: Viewer,
  reference: string,
  units: readonly StockUnits[],
  now: Date,
  warehouseOf: (id: string) => Warehouse | undefined,
): Promise<void> {
  const changed = await unreserveUnits(tx, `reservation "${reference}"`, units, now, true);
  if (!changed.length) return;
  const levels = await levelsOf(tx, changed);
  const entries = units.map((u) => ({
    ...u,
    delta: -u.quantity,
    quarantineDelta: 0,
    reason: MovementReason.SHIPMENT,
    reference,
  }));
  await insertLedger(tx, levels, entries, viewer.userId, now);
  await recordStockChanges(tx, levels, warehouseOf, now);
}
