import { EventType, isEventOfType, isSqlite, Role, type DomainEvent, type EventConsumer } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { KnownRegion } from '../entities/known-region.entity.js';
import { Warehouse, WarehouseKind } from '../entities/warehouse.entity.js';
import { insertWarehouse, WAREHOUSE_CODE } from './warehouse-admin.service.js';
import { dropCachedWarehouses } from './warehouse-cache.js';
import { stockFactsConsumer } from './stock-facts.consumer.js';

/** The identity the consumers' audit entries name. */
const actorOf = (consumer: string, event: DomainEvent) => ({
  viewer: { userId: consumer, role: Role.SERVICE },
  requestId: event.id,
});

/** A free warehouse code for a dealer code: "WH-<CODE>", else with "-2", "-3" … (28 characters at most after "WH-"). */
async function freeCode(tx: EntityManager, dealerCode: string): Promise<string> {
  const base = `WH-${dealerCode.toUpperCase().replace(/[^A-Z0-9-]/g, '-')}`.slice(0, 27);
  for (let n = 1; ; n++) {
    const code = n === 1 ? base : `${base.slice(0, 31 - String(n).length - 1)}-${n}`;
    if (WAREHOUSE_CODE.test(code) && !(await tx.count(Warehouse, { code }))) return code;
  }
}

/**
 * `inventory:admission`: an admitted dealer that asked for its own warehouse gets its DEALER
 * warehouse (in the dealer's region, named as asked), once: a dealer that already has a DEALER
 * warehouse, active or not, gets none (idempotent by dealer id, beside the event-id dedupe).
 * A region this subgraph has not heard of yet is taken from the event into region_ref.
 */
export const admissionConsumer: EventConsumer = {
  name: 'inventory:admission',
  types: [EventType.DEALER_ADMITTED],
  delivery: 'once',
  async handle(tx, event) {
    if (!isEventOfType(event, EventType.DEALER_ADMITTED)) return;
    const p = event.payload;
    if (!p.createWarehouse) return;
    if (await tx.count(Warehouse, { dealerId: p.dealerId, kind: WarehouseKind.DEALER })) return;
    if (!(await tx.count(KnownRegion, { regionId: p.regionId }))) {
      await tx.insert(KnownRegion, { regionId: p.regionId, path: p.regionPath });
    }
    const name = (p.warehouseName?.trim() || `${p.name}仓库`).slice(0, 160);
    const fields = {
      ...{ code: await freeCode(tx, p.code), name, nameEn: `${p.code} Warehouse`, kind: WarehouseKind.DEALER },
      ...{ regionId: p.regionId, regionPath: p.regionPath, dealerId: p.dealerId, address: null },
    };
    await insertWarehouse(tx, actorOf(this.name, event), 'dealerAdmitted', fields, new Date());
    dropCachedWarehouses(tx);
  },
};

/**
 * `inventory:regions`: keeps region_ref current from `dealers.region_changed`. A moved region
 * takes its subtree with it: every stored path under its old path, and the paths of warehouses
 * (and their alerts) located there, get the new prefix.
 */
export const regionsConsumer: EventConsumer = {
  name: 'inventory:regions',
  types: [EventType.REGION_CHANGED],
  delivery: 'once',
  async handle(tx, event) {
    if (!isEventOfType(event, EventType.REGION_CHANGED)) return;
    const p = event.payload;
    const known = await tx.findOne(KnownRegion, { regionId: p.regionId }, { disableIdentityMap: true });
    if (!known) {
      await tx.insert(KnownRegion, { regionId: p.regionId, path: p.path });
      return;
    }
    if (known.path === p.path) return;
    // MariaDB concatenates with concat(), SQLite with || (which MariaDB reads as OR).
    const mariadb = !isSqlite(tx);
    const prefix = (column: string) =>
      mariadb ? `${column} = concat(?, substr(${column}, ?))` : `${column} = (? || substr(${column}, ?))`;
    const params = [p.path, known.path.length + 1, `${known.path}%`];
    const conn = tx.getConnection();
    const run = (sql: string) => conn.execute(sql, params, 'run', tx.getTransactionContext());
    await run(`update region_ref set ${prefix('path')} where path like ?`);
    await run(`update warehouse set ${prefix('region_path')} where region_path like ?`);
    await run(`update inventory_alert set ${prefix('region_path')} where region_path like ?`);
    dropCachedWarehouses(tx);
  },
};

/** The consumers the inventory subgraph runs (its `background` hook). */
export const INVENTORY_CONSUMERS: readonly EventConsumer[] = [admissionConsumer, regionsConsumer, stockFactsConsumer()];
