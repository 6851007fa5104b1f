import { demoNetwork } from '@dnp/demo-data';
import { type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryLoaders } from '../inventory-context.js';
import { inventorySubgraph } from '../subgraph.js';
import { LotService } from './lot.service.js';
import { StockLevelService } from './stock-level.service.js';
import { StockMovementService } from './stock-movement.service.js';
import { warehouseScope } from './inventory-events.js';
import { WarehouseService } from './warehouse.service.js';

const network = demoNetwork();
const userViewer = (userId: string): Viewer => {
  const u = network.users.find((x) => x.id === userId)!;
  return {
    userId: u.id,
    role: u.role as Viewer['role'],
    dealerId: u.dealerId ?? undefined,
    regionId: u.regionId ?? undefined,
    ...(u.warehouseIds ? { warehouseIds: [...u.warehouseIds] } : {}),
  };
};
const hq = userViewer('usr_hq_admin');
const east = userViewer('usr_east_manager');
const south = userViewer('usr_south_manager');
const jsAdmin = userViewer('usr_js_admin'); // provincial agent with its own warehouse
const njStaff = userViewer('usr_nj_staff'); // city dealer without a warehouse
const operator = userViewer('usr_wh_east_op'); // works in the HQ and East China regional warehouses
const jsWarehouse = network.warehouses.find((w) => w.dealerId === jsAdmin.dealerId)!.id;
const otherDealerWarehouse = network.warehouses.find((w) => w.kind === 'DEALER' && w.dealerId !== jsAdmin.dealerId)!.id;

let db: TestSubgraph<InventoryLoaders>;
const warehouses = new WarehouseService();
const stockLevels = new StockLevelService();
const lots = new LotService();
const movements = new StockMovementService();

beforeAll(async () => {
  db = await openTestSubgraph(inventorySubgraph, { seed: true });
});
afterAll(() => db.close());

const ids = async (viewer: Viewer) => (await warehouses.list(db.context(viewer))).map((w) => w.id);

describe('WarehouseService scoping', () => {
  it('shows HQ every warehouse, HQ first', async () => {
    const all = await ids(hq);
    expect(all).toHaveLength(network.warehouses.length);
    expect(all[0]).toBe('wh_hq');
  });

  it('shows a region manager the warehouses located in their region subtree', async () => {
    const eastIds = await ids(east);
    expect(eastIds).toContain('wh_east');
    expect(eastIds).toContain('wh_hq'); // the HQ warehouse is in Shanghai, inside East China
    expect(eastIds).toContain(jsWarehouse);
    expect(eastIds).not.toContain('wh_south');
    const southIds = await ids(south);
    expect(southIds).toContain('wh_south');
    expect(southIds).not.toContain('wh_hq');
    expect(
      southIds.every(
        (id) =>
          network.warehouses.find((w) => w.id === id)!.regionId.match(/^reg_(south|gd|fj|gx)/) || id === 'wh_south',
      ),
    ).toBe(true);
  });

  it("shows dealer users the HQ and regional warehouses plus their own, never another dealer's", async () => {
    const mine = await ids(jsAdmin);
    expect(mine).toHaveLength(9);
    expect(mine).toContain(jsWarehouse);
    expect(mine).not.toContain(otherDealerWarehouse);
    expect(await ids(njStaff)).toHaveLength(8);
    await expect(warehouses.findOne(db.context(jsAdmin), otherDealerWarehouse)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await warehouses.findOne(db.context(jsAdmin), jsWarehouse)).id).toBe(jsWarehouse);
    expect(
      await warehouses.forDealer(
        db.context(jsAdmin),
        network.warehouses.find((w) => w.id === otherDealerWarehouse)!.dealerId!,
      ),
    ).toEqual([]);
  });

  it('refuses anonymous callers', async () => {
    await expect(warehouses.list(db.context(null))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(stockLevels.list(db.context(null), {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it("lists a region's warehouses by subtree", async () => {
    expect((await warehouses.forRegion(db.context(hq), 'reg_js')).map((w) => w.id).sort()).toEqual(
      ['wh_east', jsWarehouse].sort(),
    );
    expect((await warehouses.forRegion(db.context(hq), 'reg_cn')).length).toBe(network.warehouses.length);
  });
});

describe('stock, lot and ledger lists follow the same scope', () => {
  it("limits stock levels to the viewer's warehouses and answers NOT_FOUND for others", async () => {
    const dealerPage = await stockLevels.list(db.context(jsAdmin), { first: 100 });
    const visible = new Set(await ids(jsAdmin));
    expect(dealerPage.edges.every((e) => visible.has(e.node.warehouseId))).toBe(true);
    await expect(
      stockLevels.list(db.context(jsAdmin), { filter: { warehouseId: otherDealerWarehouse } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const own = await stockLevels.list(db.context(jsAdmin), { first: 5, filter: { warehouseId: jsWarehouse } });
    expect(own.totalCount).toBe(80);
    const all = await stockLevels.list(db.context(hq), { first: 0 });
    const southOnly = await stockLevels.list(db.context(south), { first: 0 });
    expect(southOnly.totalCount).toBeLessThan(all.totalCount);
  });

  it("hides other warehouses' stock from the per-warehouse connection", async () => {
    const other = (await db.context(hq).loaders.warehouseById.load(otherDealerWarehouse))!;
    const page = await stockLevels.warehousePage(db.context(jsAdmin), other, { first: 5 });
    expect(page.totalCount).toBe(0);
    expect(page.edges).toEqual([]);
  });

  it('limits lots the same way', async () => {
    const southLots = await lots.list(db.context(south), { first: 100 });
    expect(southLots.edges.every((e) => e.node.warehouseId === 'wh_south')).toBe(true);
    await expect(lots.list(db.context(south), { filter: { warehouseId: 'wh_hq' } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('shows the ledger to HQ and managers (their warehouses) only', async () => {
    const mgr = await movements.list(db.context(south), { first: 100 });
    expect(mgr.totalCount).toBeGreaterThan(0);
    const southIds = new Set(await ids(south));
    expect(mgr.edges.every((e) => southIds.has(e.node.warehouseId))).toBe(true);
    expect((await movements.list(db.context(hq), { first: 0 })).totalCount).toBeGreaterThan(mgr.totalCount);
    await expect(movements.list(db.context(jsAdmin), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(movements.list(db.context(null), {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(movements.list(db.context(south), { filter: { warehouseId: 'wh_hq' } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('pages through the ledger newest first without gaps or repeats', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    let last = Infinity;
    for (let i = 0; i < 5; i++) {
      const page = await movements.list(db.context(hq), { first: 50, after, filter: { warehouseId: 'wh_hq' } });
      for (const e of page.edges) {
        expect(seen.has(e.node.id)).toBe(false);
        seen.add(e.node.id);
        expect(e.node.createdAt.getTime()).toBeLessThanOrEqual(last);
        last = e.node.createdAt.getTime();
      }
      after = page.pageInfo.endCursor;
    }
    expect(seen.size).toBe(250);
  });
});

describe('a warehouse operator sees the stock of its warehouses and nothing else', () => {
  const mine = new Set(['wh_hq', 'wh_east']);

  it('lists, finds and pages only its warehouses', async () => {
    expect((await ids(operator)).sort()).toEqual([...mine].sort());
    await expect(warehouses.findOne(db.context(operator), 'wh_south')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(warehouses.findOne(db.context(operator), jsWarehouse)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await warehouses.forDealer(db.context(operator), jsAdmin.dealerId!)).toEqual([]);
    const south = (await db.context(hq).loaders.warehouseById.load('wh_south'))!;
    expect((await stockLevels.warehousePage(db.context(operator), south, { first: 5 })).totalCount).toBe(0);
  });

  it('reads stock levels, lots and the ledger of its warehouses only; NOT_FOUND for another', async () => {
    const levels = await stockLevels.list(db.context(operator), { first: 100 });
    expect(levels.totalCount).toBeGreaterThan(0);
    expect(levels.edges.every((e) => mine.has(e.node.warehouseId))).toBe(true);
    const hqTotal = (await stockLevels.list(db.context(hq), { first: 0, filter: { warehouseId: 'wh_hq' } })).totalCount;
    const eastTotal = (await stockLevels.list(db.context(hq), { first: 0, filter: { warehouseId: 'wh_east' } }))
      .totalCount;
    expect(levels.totalCount).toBe(hqTotal + eastTotal);
    await expect(stockLevels.list(db.context(operator), { filter: { warehouseId: 'wh_south' } })).rejects.toMatchObject(
      { code: 'NOT_FOUND' },
    );
    const southLevel = (await stockLevels.list(db.context(hq), { first: 1, filter: { warehouseId: 'wh_south' } }))
      .edges[0]!.node;
    expect(await stockLevels.byIds(db.context(operator), [southLevel.id, levels.edges[0]!.node.id])).toEqual([
      null,
      expect.objectContaining({ id: levels.edges[0]!.node.id }),
    ]);
    const myLots = await lots.list(db.context(operator), { first: 100 });
    expect(myLots.totalCount).toBeGreaterThan(0);
    expect(myLots.edges.every((e) => mine.has(e.node.warehouseId))).toBe(true);
    await expect(lots.list(db.context(operator), { filter: { warehouseId: jsWarehouse } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const ledger = await movements.list(db.context(operator), { first: 100 });
    expect(ledger.totalCount).toBeGreaterThan(0);
    expect(ledger.edges.every((e) => mine.has(e.node.warehouseId))).toBe(true);
    await expect(movements.list(db.context(operator), { filter: { warehouseId: 'wh_south' } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it("sees a product's stock in its warehouses only, and nothing without a claim", async () => {
    const product = (await stockLevels.list(db.context(hq), { first: 1, filter: { warehouseId: 'wh_south' } }))
      .edges[0]!.node.productId;
    const levels = await stockLevels.forProduct(db.context(operator), product);
    expect(levels.length).toBeGreaterThan(0);
    expect(levels.every((l) => mine.has(l.warehouseId))).toBe(true);
    expect((await stockLevels.forProduct(db.context(hq), product)).some((l) => l.warehouseId === 'wh_south')).toBe(
      true,
    );
    const unassigned = { ...operator, warehouseIds: [] };
    expect(await ids(unassigned)).toEqual([]);
    expect((await stockLevels.list(db.context(unassigned), { first: 5 })).totalCount).toBe(0);
    expect(await stockLevels.forProduct(db.context(unassigned), product)).toEqual([]);
  });
});

describe('event scope of a warehouse', () => {
  it('names the warehouse, so the gateway lets only its operators through', () => {
    expect(warehouseScope({ id: 'wh_east', dealerId: null, regionPath: '/reg_cn/reg_east/reg_js/' })).toEqual({
      regionPath: ['reg_cn', 'reg_east', 'reg_js'],
      warehouseIds: ['wh_east'],
    });
  });
});
