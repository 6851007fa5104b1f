import { AuditEntry, EventType, OutboxEvent, type DomainEvent } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnownRegion } from '../entities/known-region.entity.js';
import { Warehouse, WarehouseKind } from '../entities/warehouse.entity.js';
import type { InventoryLoaders } from '../inventory-context.js';
import { inventorySubgraph } from '../subgraph.js';
import { admissionConsumer, regionsConsumer } from './inventory-consumers.js';

let db: TestSubgraph<InventoryLoaders>;
let seq = 0;

beforeAll(async () => {
  db = await openTestSubgraph(inventorySubgraph, { seed: true });
});
afterAll(() => db.close());

const event = (type: string, payload: Record<string, unknown>): DomainEvent => ({
  id: `evt_t${++seq}`,
  type,
  source: type.split('.')[0]!,
  occurredAt: new Date().toISOString(),
  subjectId: String(payload.dealerId ?? payload.regionId),
  scope: {},
  payload,
});
const admitted = (dealerId: string, createWarehouse: boolean, over: Record<string, unknown> = {}) =>
  event(EventType.DEALER_ADMITTED, {
    ...{ dealerId, code: 'D-NEW 01', name: '新经销商', level: 'REGIONAL_DEALER', grade: 'C', parentId: null },
    ...{ regionId: 'reg_js_nj', regionPath: '/reg_cn/reg_east/reg_js/reg_js_nj/', dealerPath: `/${dealerId}/` },
    ...{ initialCreditLimitMinor: 5_000_000, termDays: 30, createWarehouse, warehouseName: null },
    ...over,
  });
const apply = (consumer: typeof admissionConsumer, e: DomainEvent) =>
  db.orm.em.fork().transactional((tx) => consumer.handle(tx, e));

describe('inventory:admission', () => {
  it("opens the admitted dealer's warehouse once, with its event and audit entry, only when asked", async () => {
    await apply(admissionConsumer, admitted('dlr_adm_1', false));
    expect(await db.orm.em.fork().count(Warehouse, { dealerId: 'dlr_adm_1' })).toBe(0);

    await apply(admissionConsumer, admitted('dlr_adm_2', true, { warehouseName: '南京新仓' }));
    const [row] = await db.orm.em.fork().find(Warehouse, { dealerId: 'dlr_adm_2' });
    expect(row).toMatchObject({
      ...{ code: 'WH-D-NEW-01', name: '南京新仓', kind: WarehouseKind.DEALER, active: true },
      regionPath: '/reg_cn/reg_east/reg_js/reg_js_nj/',
    });
    const events = await db.orm.em.fork().count(OutboxEvent, { subjectId: row!.id, type: EventType.WAREHOUSE_CHANGED });
    expect(events).toBe(1);
    expect(await db.orm.em.fork().findOne(AuditEntry, { entityId: row!.id })).toMatchObject({
      actorId: 'inventory:admission',
      operation: 'dealerAdmitted',
    });

    // The same dealer again (another event id): nothing more. Another dealer with the same code: the next code.
    await apply(admissionConsumer, admitted('dlr_adm_2', true));
    expect(await db.orm.em.fork().count(Warehouse, { dealerId: 'dlr_adm_2' })).toBe(1);
    await apply(admissionConsumer, admitted('dlr_adm_3', true));
    const third = await db.orm.em.fork().findOneOrFail(Warehouse, { dealerId: 'dlr_adm_3' });
    expect(third.code).toBe('WH-D-NEW-01-2');
  });
});

describe('inventory:regions', () => {
  it('learns new regions and moves a subtree with its warehouses', async () => {
    const created = { regionId: 'reg_js_new', parentId: 'reg_js', path: '/reg_cn/reg_east/reg_js/reg_js_new/' };
    await apply(regionsConsumer, event(EventType.REGION_CHANGED, { ...created, depth: 4, change: 'CREATED' }));
    expect(await db.orm.em.fork().findOne(KnownRegion, { regionId: 'reg_js_new' })).toMatchObject({
      path: created.path,
    });
    // Jiangsu moves under South China: its cities, and the warehouses there, follow.
    const moved = { regionId: 'reg_js', parentId: 'reg_south', path: '/reg_cn/reg_south/reg_js/' };
    await apply(regionsConsumer, event(EventType.REGION_CHANGED, { ...moved, depth: 3, change: 'MOVED' }));
    const em = db.orm.em.fork();
    expect((await em.findOneOrFail(KnownRegion, { regionId: 'reg_js_nj' })).path).toBe(
      '/reg_cn/reg_south/reg_js/reg_js_nj/',
    );
    const inJs = await em.find(Warehouse, { regionPath: { $like: '%/reg_js/%' } });
    expect(inJs.length).toBeGreaterThan(0);
    expect(inJs.every((w) => w.regionPath.startsWith('/reg_cn/reg_south/reg_js/'))).toBe(true);
  });
});
