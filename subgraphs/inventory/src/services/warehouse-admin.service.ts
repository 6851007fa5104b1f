import {
  assertCanActOn,
  domainError,
  ErrorCode,
  EventType,
  forUpdate,
  newId,
  recordAudit,
  recordEvent,
  Role,
  type DomainError,
} from '@dnp/subgraph-kit';
import { raw, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { InventoryAlert } from '../entities/inventory-alert.entity.js';
import { KnownRegion } from '../entities/known-region.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { Warehouse, WarehouseKind } from '../entities/warehouse.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import type { CreateWarehouseInput, UpdateWarehouseInput } from '../schema/warehouse-admin.input.js';
import { dealerStatus } from './dealer-status.js';
import { warehouseScope } from './inventory-events.js';
import { StockRefusal } from './stock-refusal.js';
import { dropCachedWarehouses } from './warehouse-cache.js';

/** Warehouse codes (统一编码): "WH-" and 2 to 28 capital letters, digits or hyphens. */
export const WAREHOUSE_CODE = /^WH-[A-Z0-9-]{2,28}$/;
const MAX_NAME = 160;
const MAX_ADDRESS = 300;
const MAX_REASON = 500;

/** Refusal codes of warehouse administration (each writes nothing). */
export const WarehouseCode = {
  WAREHOUSE_CODE_TAKEN: 'WAREHOUSE_CODE_TAKEN',
  REGION_UNKNOWN: 'REGION_UNKNOWN',
  DEALER_REQUIRED: 'DEALER_REQUIRED',
  DEALER_NOT_ACTIVE: 'DEALER_NOT_ACTIVE',
  DEALER_HAS_WAREHOUSE: 'DEALER_HAS_WAREHOUSE',
  WAREHOUSE_HAS_RESERVATIONS: 'WAREHOUSE_HAS_RESERVATIONS',
  VERSION_CONFLICT: 'VERSION_CONFLICT',
  REASON_REQUIRED: 'REASON_REQUIRED',
  WAREHOUSE_INACTIVE: 'WAREHOUSE_INACTIVE',
} as const;

/** What a warehouse change did: the warehouse as stored now, or why nothing changed. */
export interface WarehouseResult {
  warehouse: Warehouse | null;
  errors: DomainError[];
}

/** The fields of a new warehouse, checked (createWarehouse, the admission consumer). */
export interface NewWarehouse {
  code: string;
  name: string;
  nameEn: string;
  kind: WarehouseKind;
  regionId: string;
  dealerId: string | null;
  address: string | null;
}

/** Runs a change; a StockRefusal thrown inside (its transaction rolled back) becomes the answer's error. */
async function refusing(run: () => Promise<Warehouse>): Promise<WarehouseResult> {
  try {
    return { warehouse: await run(), errors: [] };
  } catch (err) {
    if (!(err instanceof StockRefusal)) throw err;
    return { warehouse: null, errors: [domainError(err.code, err.message, err.field)] };
  }
}

const bad = (message: string, field: string) => new StockRefusal(ErrorCode.BAD_USER_INPUT, message, field);

/** A trimmed name of 1 to MAX_NAME characters, or BAD_USER_INPUT. */
function nameOf(value: string, field: string): string {
  const name = value.trim();
  if (!name || name.length > MAX_NAME) throw bad(`${field} must be 1 to ${MAX_NAME} characters`, field);
  return name;
}

/** A trimmed address (null when blank) of at most MAX_ADDRESS characters, or BAD_USER_INPUT. */
function addressOf(value: string | null | undefined): string | null {
  const address = value?.trim() || null;
  if (address && address.length > MAX_ADDRESS)
    throw bad(`address must be at most ${MAX_ADDRESS} characters`, 'address');
  return address;
}

/** The stored path of a region (region_ref), or REGION_UNKNOWN. */
export async function regionPathOf(em: EntityManager, regionId: string): Promise<string> {
  const region = await em.findOne(KnownRegion, { regionId }, { disableIdentityMap: true });
  if (!region) throw new StockRefusal(WarehouseCode.REGION_UNKNOWN, `Region "${regionId}" is not known`, 'regionId');
  return region.path;
}

/** Whose row a warehouse is, for the act-for check. */
function ownerOf(w: Warehouse) {
  return { dealerId: w.dealerId, regionPath: w.regionPath, warehouseId: w.id };
}

/** The warehouse's event in `tx`: `inventory.warehouse_changed` with the row as it is after the change. */
function recordWarehouseChange(
  tx: EntityManager,
  w: Warehouse,
  change: 'CREATED' | 'UPDATED' | 'DEACTIVATED' | 'REACTIVATED',
  now: Date,
): void {
  recordEvent(tx, {
    type: EventType.WAREHOUSE_CHANGED,
    subjectId: w.id,
    scope: warehouseScope(w),
    occurredAt: now,
    payload: {
      warehouseId: w.id,
      code: w.code,
      kind: w.kind,
      regionId: w.regionId,
      regionPath: w.regionPath,
      dealerId: w.dealerId,
      active: w.active,
      change,
    },
  });
}

/** DEALER_HAS_WAREHOUSE when the dealer runs an active DEALER warehouse other than `exceptId` (locked on MariaDB). */
async function assertNoOtherDealerWarehouse(tx: EntityManager, dealerId: string, exceptId: string | null) {
  const rows = await tx.find(Warehouse, { dealerId, kind: WarehouseKind.DEALER, active: true }, {
    ...forUpdate(tx),
    disableIdentityMap: true,
  } as never);
  const other = rows.find((w) => w.id !== exceptId);
  if (other) {
    throw new StockRefusal(
      WarehouseCode.DEALER_HAS_WAREHOUSE,
      `Dealer "${dealerId}" already runs the active warehouse ${other.code}`,
      'dealerId',
    );
  }
}

/**
 * Inserts a new, active warehouse in `tx` (its rules already checked) with its CREATED event and
 * audit entry under `actor` (the viewer of a request, or the consumer that opened it).
 */
export async function insertWarehouse(
  tx: EntityManager,
  actor: Pick<InventoryContext, 'viewer' | 'requestId'>,
  operation: string,
  fields: NewWarehouse & { regionPath: string },
  now: Date,
): Promise<Warehouse> {
  const row = tx.create(Warehouse, {
    id: newId('wh', now),
    ...fields,
    active: true,
    version: 1,
    deactivatedAt: null,
    deactivatedReason: null,
    createdAt: now,
  });
  recordWarehouseChange(tx, row, 'CREATED', now);
  recordAudit(tx, actor, { operation, action: 'CREATE', entityType: 'Warehouse', entityId: row.id, after: fields });
  await tx.flush();
  return row;
}

/**
 * Warehouse administration by HQ (§6.2 of the network-administration plan): open, edit,
 * deactivate and reactivate. Every change is one transaction with its audit entry and its
 * `inventory.warehouse_changed` event; a refusal writes nothing. The process's cached warehouse
 * list is dropped after each change, so reservations and receipts here see it at once.
 */
export class WarehouseAdminService {
  /**
   * Opens a warehouse. HQ_ADMIN only. WAREHOUSE_CODE_TAKEN, REGION_UNKNOWN, DEALER_REQUIRED (a
   * DEALER warehouse without a dealer), DEALER_NOT_ACTIVE (asked of dealers), DEALER_HAS_WAREHOUSE.
   */
  async create(ctx: InventoryContext, input: CreateWarehouseInput, now = new Date()): Promise<WarehouseResult> {
    ctx.requireRole(Role.HQ_ADMIN);
    return refusing(async () => {
      const fields = this.checkNew(input);
      if (fields.dealerId) await this.assertDealerActive(fields.dealerId);
      return this.open(ctx, fields, now);
    });
  }

  /**
   * Writes a checked new warehouse (the dealer's status already asked): its region's path from
   * region_ref, the code and one-warehouse-per-dealer rules in the transaction, audit and event.
   */
  async open(ctx: InventoryContext, fields: NewWarehouse, now = new Date()): Promise<Warehouse> {
    const taken = () => new StockRefusal(WarehouseCode.WAREHOUSE_CODE_TAKEN, `Code ${fields.code} is taken`, 'code');
    const warehouse = await ctx.em
      .fork({ clear: true })
      .transactional(async (tx) => {
        const regionPath = await regionPathOf(tx, fields.regionId);
        assertCanActOn(ctx.scope, { dealerId: fields.dealerId, regionPath }, 'warehouse');
        if (await tx.count(Warehouse, { code: fields.code })) throw taken();
        if (fields.dealerId) await assertNoOtherDealerWarehouse(tx, fields.dealerId, null);
        return insertWarehouse(tx, ctx, 'createWarehouse', { ...fields, regionPath }, now);
      })
      .catch((err: unknown) => {
        // Two creates of one code at once: the unique index lets one win.
        throw err instanceof UniqueConstraintViolationException ? taken() : err;
      });
    dropCachedWarehouses(ctx.em);
    return warehouse;
  }

  /**
   * Changes names, address or region (HQ_ADMIN only): VERSION_CONFLICT unless `expectedVersion`
   * is the stored one, REGION_UNKNOWN for a region not in region_ref. A region move rewrites the
   * region path of the warehouse and of its alerts (the region scopes read them).
   */
  async update(ctx: InventoryContext, input: UpdateWarehouseInput, now = new Date()): Promise<WarehouseResult> {
    ctx.requireRole(Role.HQ_ADMIN);
    return refusing(async () => {
      const set: Partial<Warehouse> = {};
      if (input.name != null) set.name = nameOf(input.name, 'name');
      if (input.nameEn != null) set.nameEn = nameOf(input.nameEn, 'nameEn');
      if (input.address !== undefined) set.address = addressOf(input.address);
      const warehouse = await ctx.em.fork({ clear: true }).transactional(async (tx) => {
        const before = await this.locked(tx, input.id);
        assertCanActOn(ctx.scope, ownerOf(before), 'warehouse');
        if (input.regionId != null && input.regionId !== before.regionId) {
          set.regionId = input.regionId;
          set.regionPath = await regionPathOf(tx, input.regionId);
        }
        await this.bump(tx, before, input.expectedVersion, set);
        if (set.regionPath)
          await tx.nativeUpdate(InventoryAlert, { warehouseId: before.id }, { regionPath: set.regionPath });
        const after = { ...before, ...set, version: before.version + 1 } as Warehouse;
        recordWarehouseChange(tx, after, 'UPDATED', now);
        this.audit(tx, ctx, 'updateWarehouse', before, after, Object.keys(set) as (keyof Warehouse)[]);
        await tx.flush();
        return after;
      });
      dropCachedWarehouses(ctx.em);
      return warehouse;
    });
  }

  /**
   * Deactivates or reactivates a warehouse (HQ_ADMIN only), with a reason. A deactivated
   * warehouse keeps its history and stock but takes no new reservations or receipts; it cannot
   * be deactivated while units in it are reserved (live reservations, PICKING shipments):
   * WAREHOUSE_HAS_RESERVATIONS. Reactivating a dealer's warehouse while the dealer runs another
   * active one: DEALER_HAS_WAREHOUSE. Asking for the state it is in changes nothing.
   */
  async setActive(
    ctx: InventoryContext,
    id: string,
    active: boolean,
    reason: string,
    now = new Date(),
  ): Promise<WarehouseResult> {
    ctx.requireRole(Role.HQ_ADMIN);
    return refusing(async () => {
      const why = reason.trim();
      if (!why) throw new StockRefusal(WarehouseCode.REASON_REQUIRED, 'Say why', 'reason');
      if (why.length > MAX_REASON) throw bad(`reason must be at most ${MAX_REASON} characters`, 'reason');
      const warehouse = await ctx.em.fork({ clear: true }).transactional(async (tx) => {
        const before = await this.locked(tx, id);
        assertCanActOn(ctx.scope, ownerOf(before), 'warehouse');
        if (before.active === active) return before;
        if (!active) await this.assertNothingReserved(tx, before);
        if (active && before.dealerId) await assertNoOtherDealerWarehouse(tx, before.dealerId, before.id);
        const set: Partial<Warehouse> = active
          ? { active, deactivatedAt: null, deactivatedReason: null }
          : { active, deactivatedAt: now, deactivatedReason: why };
        await this.bump(tx, before, before.version, set);
        const after = { ...before, ...set, version: before.version + 1 } as Warehouse;
        recordWarehouseChange(tx, after, active ? 'REACTIVATED' : 'DEACTIVATED', now);
        this.audit(tx, ctx, 'setWarehouseActive', before, { ...after, reason: why } as Warehouse, [
          'active',
          'reason' as keyof Warehouse,
        ]);
        await tx.flush();
        return after;
      });
      dropCachedWarehouses(ctx.em);
      return warehouse;
    });
  }

  /** The checked fields of a createWarehouse input (BAD_USER_INPUT, DEALER_REQUIRED). */
  checkNew(input: CreateWarehouseInput): NewWarehouse {
    const code = input.code.trim();
    if (!WAREHOUSE_CODE.test(code)) throw bad('code must be "WH-" then 2 to 28 of A-Z, 0-9 and -', 'code');
    const dealerId = input.dealerId?.trim() || null;
    if (input.kind === WarehouseKind.DEALER && !dealerId) {
      throw new StockRefusal(
        WarehouseCode.DEALER_REQUIRED,
        'A DEALER warehouse needs the dealer running it',
        'dealerId',
      );
    }
    if (input.kind !== WarehouseKind.DEALER && dealerId) throw bad('Only a DEALER warehouse has a dealer', 'dealerId');
    return {
      code,
      name: nameOf(input.name, 'name'),
      nameEn: nameOf(input.nameEn, 'nameEn'),
      kind: input.kind,
      regionId: input.regionId,
      dealerId,
      address: addressOf(input.address),
    };
  }

  /** DEALER_NOT_ACTIVE unless dealers answers ACTIVE for the dealer (unknown there: NOT_FOUND). */
  private async assertDealerActive(dealerId: string): Promise<void> {
    const status = await dealerStatus().statusOf(dealerId);
    if (status == null) throw new StockRefusal(ErrorCode.NOT_FOUND, `Dealer "${dealerId}" was not found`, 'dealerId');
    if (status !== 'ACTIVE') {
      throw new StockRefusal(
        WarehouseCode.DEALER_NOT_ACTIVE,
        `Dealer "${dealerId}" is ${status}: only an active dealer gets a warehouse`,
        'dealerId',
      );
    }
  }

  /** The warehouse, locked for the change (MariaDB), or NOT_FOUND. */
  private async locked(tx: EntityManager, id: string): Promise<Warehouse> {
    const row = await tx.findOne(Warehouse, { id }, { ...forUpdate(tx), disableIdentityMap: true });
    if (!row) throw new StockRefusal(ErrorCode.NOT_FOUND, `Warehouse "${id}" was not found`, 'id');
    return row;
  }

  /** Sets `set` and bumps the version, guarded by `version`: VERSION_CONFLICT when another change came first. */
  private async bump(tx: EntityManager, before: Warehouse, version: number, set: Partial<Warehouse>) {
    const changed = await tx.nativeUpdate(Warehouse, { id: before.id, version }, {
      ...set,
      version: raw('version + 1'),
    } as never);
    if (changed !== 1) {
      throw new StockRefusal(
        WarehouseCode.VERSION_CONFLICT,
        `Warehouse ${before.code} is at version ${before.version}, not ${version}: reload and edit again`,
        'expectedVersion',
      );
    }
  }

  /** WAREHOUSE_HAS_RESERVATIONS when any unit in the warehouse is reserved (orders waiting or picking). */
  private async assertNothingReserved(tx: EntityManager, warehouse: Warehouse): Promise<void> {
    const held = await tx.count(StockLevel, { warehouseId: warehouse.id, reserved: { $gt: 0 } });
    if (held) {
      throw new StockRefusal(
        WarehouseCode.WAREHOUSE_HAS_RESERVATIONS,
        `Warehouse ${warehouse.code} holds reserved units of ${held} products: ship or release them first`,
        'id',
      );
    }
  }

  private audit(
    tx: EntityManager,
    ctx: InventoryContext,
    operation: string,
    before: Warehouse,
    after: Warehouse,
    keys: (keyof Warehouse)[],
  ): void {
    const pick = (w: Warehouse) => Object.fromEntries([...keys, 'version'].map((k) => [k, w[k as keyof Warehouse]]));
    recordAudit(tx, ctx, {
      operation,
      action: 'UPDATE',
      entityType: 'Warehouse',
      entityId: before.id,
      before: pick(before),
      after: pick(after),
    });
  }
}
