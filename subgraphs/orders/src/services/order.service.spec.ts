import { demoNetwork } from '@dnp/demo-data';
import { encodeCursor, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Order, OrderStatus } from '../entities/order.entity.js';
import type { OrdersLoaders } from '../orders-context.js';
import { OrderSort } from '../schema/order.input.js';
import { ordersSubgraph } from '../subgraph.js';
import { OrderService } from './order.service.js';

// The subgraph schema is built by CommonJS @apollo/subgraph; execute it with the same graphql instance.
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const { dealers } = demoNetwork();
const nj = dealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const east: Viewer = {
  userId: 'usr_east_manager',
  role: Role.REGION_MANAGER,
  regionId: 'reg_east',
  regionPath: ['reg_cn', 'reg_east'],
};
const south: Viewer = {
  userId: 'usr_south_manager',
  role: Role.REGION_MANAGER,
  regionId: 'reg_south',
  regionPath: ['reg_cn', 'reg_south'],
};
const njAdmin: Viewer = { userId: 'usr_nj_admin', role: Role.DEALER_ADMIN, dealerId: nj.id, regionId: nj.regionId };

let db: TestSubgraph<OrdersLoaders>;
let all: Order[];
const service = new OrderService();

beforeAll(async () => {
  db = await openTestSubgraph(ordersSubgraph, { seed: true });
  all = await db.orm.em.fork().find(Order, {});
});
afterAll(() => db.close());

/** Every node of a list, following cursors. */
async function collect(viewer: Viewer, args: Parameters<OrderService['list']>[1]): Promise<Order[]> {
  const out: Order[] = [];
  let after: string | null = null;
  do {
    const page = await service.list(db.context(viewer), { ...args, first: args.first ?? 100, after });
    out.push(...page.edges.map((e) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return out;
}

describe('demo seed', () => {
  it('holds about 3000 orders of the last 12 months with every status', () => {
    expect(all.length).toBeGreaterThan(2700);
    expect(all.length).toBeLessThan(3300);
    const yearAgo = Date.now() - 366 * 86_400_000;
    expect(all.every((o) => o.placedAt.getTime() >= yearAgo && o.placedAt.getTime() <= Date.now())).toBe(true);
    expect(new Set(all.map((o) => o.status))).toEqual(
      // Seeded history ships every shipment whole: no order is left PARTIALLY_SHIPPED.
      new Set(
        Object.values(OrderStatus).filter((s) => s !== OrderStatus.PLACING && s !== OrderStatus.PARTIALLY_SHIPPED),
      ),
    );
    expect(
      all.every((o) => o.totalMinor === o.subtotalMinor - o.discountMinor && o.dealerRegionPath.startsWith('/reg_cn/')),
    ).toBe(true);
  });
});

describe('OrderService scoping', () => {
  it('shows a dealer user only its own dealer’s orders', async () => {
    const own = await collect(njAdmin, {});
    expect(own.length).toBe(all.filter((o) => o.dealerId === nj.id).length);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((o) => o.dealerId === nj.id)).toBe(true);
    // Asking for another dealer's orders narrows to nothing instead of widening the scope.
    const other = await service.list(db.context(njAdmin), { filter: { dealerId: 'dlr_0001' } });
    expect(other.totalCount).toBe(0);
  });

  it('answers NOT_FOUND for another dealer’s order, an unknown id and out-of-region orders', async () => {
    const own = all.find((o) => o.dealerId === nj.id)!;
    const foreign = all.find((o) => o.dealerId !== nj.id)!;
    expect((await service.findOne(db.context(njAdmin), own.id)).id).toBe(own.id);
    await expect(service.findOne(db.context(njAdmin), foreign.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.findOne(db.context(hq), 'ord_nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const eastOrder = all.find((o) => o.dealerRegionPath.startsWith('/reg_cn/reg_east/'))!;
    expect((await service.findOne(db.context(east), eastOrder.id)).id).toBe(eastOrder.id);
    await expect(service.findOne(db.context(south), eastOrder.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await service.reference(db.context(south), eastOrder.id)).toBeNull();
  });

  it('gives a region manager the orders of its region subtree, with or without a forwarded path', async () => {
    const expected = all.filter((o) => o.dealerRegionPath.includes('/reg_east/')).length;
    const page = await service.list(db.context(east), { first: 100 });
    expect(page.totalCount).toBe(expected);
    expect(page.edges.every((e) => e.node.dealerRegionPath.startsWith('/reg_cn/reg_east/'))).toBe(true);
    const noPath = await service.list(db.context({ ...east, regionPath: undefined }), { first: 1 });
    expect(noPath.totalCount).toBe(expected);
    const province = await service.list(
      db.context({ ...east, regionId: 'reg_js', regionPath: ['reg_cn', 'reg_east', 'reg_js'] }),
      { first: 1 },
    );
    expect(province.totalCount).toBe(all.filter((o) => o.dealerRegionPath.includes('/reg_js/')).length);
  });

  it('refuses anonymous callers and roles without an order scope', async () => {
    await expect(service.list(db.context(null), {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(service.findOne(db.context(null), all[0]!.id)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(service.list(db.context({ userId: 'p1', role: Role.PARTNER }), {})).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('OrderService.list', () => {
  it('pages newest first through a whole scope without gaps or repeats', async () => {
    const list = await collect(east, { first: 37 });
    expect(new Set(list.map((o) => o.id)).size).toBe(list.length);
    expect(list.length).toBe(all.filter((o) => o.dealerRegionPath.includes('/reg_east/')).length);
    const times = list.map((o) => o.placedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('sorts oldest first and by total, keeping the order across pages', async () => {
    const oldest = await collect(hq, { first: 50, sort: OrderSort.OLDEST, filter: { dealerId: nj.id } });
    const t = oldest.map((o) => o.placedAt.getTime());
    expect(t).toEqual([...t].sort((a, b) => a - b));
    const first = await service.list(db.context(hq), { first: 25, sort: OrderSort.TOTAL_DESC });
    const second = await service.list(db.context(hq), {
      first: 25,
      after: first.pageInfo.endCursor,
      sort: OrderSort.TOTAL_DESC,
    });
    const totals = [...first.edges, ...second.edges].map((e) => e.node.totalMinor);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(totals[0]).toBe(Math.max(...all.map((o) => o.totalMinor)));
    expect(second.pageInfo.hasPreviousPage).toBe(true);
  });

  it('filters by status, dealer, placing time and order number prefix', async () => {
    const pending = await service.list(db.context(hq), {
      first: 100,
      filter: { status: [OrderStatus.PENDING_REVIEW, OrderStatus.APPROVED] },
    });
    expect(pending.totalCount).toBe(
      all.filter((o) => o.status === OrderStatus.PENDING_REVIEW || o.status === OrderStatus.APPROVED).length,
    );
    expect(pending.edges.every((e) => [OrderStatus.PENDING_REVIEW, OrderStatus.APPROVED].includes(e.node.status))).toBe(
      true,
    );

    const from = new Date(Date.now() - 30 * 86_400_000);
    const to = new Date(Date.now() - 10 * 86_400_000);
    const ranged = await service.list(db.context(hq), { first: 1, filter: { placedFrom: from, placedTo: to } });
    expect(ranged.totalCount).toBe(all.filter((o) => o.placedAt >= from && o.placedAt <= to).length);

    const sample = all[Math.floor(all.length / 2)]!;
    const prefix = sample.orderNumber.slice(0, 10).toLowerCase();
    const found = await service.list(db.context(hq), { first: 100, filter: { search: prefix } });
    expect(found.totalCount).toBe(all.filter((o) => o.orderNumber.startsWith(prefix.toUpperCase())).length);
    expect(found.edges.map((e) => e.node.id)).toContain(sample.id);

    const none = await service.list(db.context(hq), { first: 5, filter: { status: [] } });
    expect(none.totalCount).toBe(all.length);
  });

  it('answers a zero-size page with the count only', async () => {
    const page = await service.list(db.context(njAdmin), { first: 0 });
    expect(page.edges).toEqual([]);
    expect(page.totalCount).toBeGreaterThan(0);
  });

  it('refuses oversized pages, forged cursors and contradictory filters', async () => {
    const ctx = () => db.context(hq);
    await expect(service.list(ctx(), { first: 101 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(service.list(ctx(), { first: -1 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(service.list(ctx(), { after: 'not-a-cursor' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    await expect(service.list(ctx(), { after: encodeCursor([12, 'ord_x']) })).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
    await expect(
      service.list(ctx(), { after: encodeCursor(['2026-01-01T00:00:00Z', 'ord_x']), sort: OrderSort.TOTAL_DESC }),
    ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    await expect(
      service.list(ctx(), { filter: { placedFrom: new Date('2026-02-01'), placedTo: new Date('2026-01-01') } }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(service.list(ctx(), { filter: { search: "SO2026' or 1=1" } })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(service.list(ctx(), { filter: { search: 'SO%' } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('Dealer.orders', () => {
  it('pages each dealer’s orders in one batch and scopes them like the top-level list', async () => {
    const ids = [...new Set(all.map((o) => o.dealerId))].slice(0, 8);
    const ctx = db.context(hq);
    const pages = await Promise.all(ids.map((id) => service.dealerOrders(ctx, id, { first: 3 })));
    pages.forEach((page, i) => {
      const mine = all
        .filter((o) => o.dealerId === ids[i])
        .sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime() || b.id.localeCompare(a.id));
      expect(page.totalCount).toBe(mine.length);
      expect(page.edges.map((e) => e.node.id)).toEqual(mine.slice(0, 3).map((o) => o.id));
      expect(page.pageInfo.hasNextPage).toBe(mine.length > 3);
    });
    const second = await service.dealerOrders(db.context(hq), ids[0]!, {
      first: 3,
      after: pages[0]!.pageInfo.endCursor,
    });
    const mine = all
      .filter((o) => o.dealerId === ids[0])
      .sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime() || b.id.localeCompare(a.id));
    expect(second.edges.map((e) => e.node.id)).toEqual(mine.slice(3, 6).map((o) => o.id));

    const njCtx = db.context(njAdmin);
    const [own, other] = await Promise.all([
      service.dealerOrders(njCtx, nj.id, { first: 5 }),
      service.dealerOrders(njCtx, 'dlr_0001', { first: 5 }),
    ]);
    expect(own.totalCount).toBe(all.filter((o) => o.dealerId === nj.id).length);
    expect(other.totalCount).toBe(0);
    expect(other.edges).toEqual([]);
  });
});

describe('no N+1 through the schema', () => {
  const query = `query($reps: [_Any!]!) {
    _entities(representations: $reps) {
      ... on Dealer {
        id
        salesStats { orderCount totalAmount { amount } last90DaysAmount { amount } lastOrderAt }
        orders(first: 3) {
          totalCount
          edges { node { id orderNumber total { amount } dealer { id }
            lines { sku product { id } unitPrice { amount } }
            shipments { warehouse { id } lines { quantity orderLine { sku } } }
            timeline { type actorName } } }
        }
      }
    }
  }`;

  async function statementsFor(dealerIds: string[]): Promise<number> {
    const { schema } = await ordersSubgraph.buildSchema();
    const reps = dealerIds.map((id) => ({ __typename: 'Dealer', id }));
    const before = db.counter.total;
    const result = await graphql({ schema, source: query, variableValues: { reps }, contextValue: db.context(hq) });
    expect(result.errors).toBeUndefined();
    expect((result.data as { _entities: unknown[] })._entities).toHaveLength(dealerIds.length);
    return db.counter.total - before;
  }

  it('costs the same statements for 5 dealers as for 50', async () => {
    const ids = [...new Set(all.map((o) => o.dealerId))];
    expect(ids.length).toBeGreaterThanOrEqual(50);
    const five = await statementsFor(ids.slice(0, 5));
    const fifty = await statementsFor(ids.slice(0, 50));
    expect(fifty).toBe(five);
    expect(five).toBeLessThanOrEqual(8);
  });

  it('resolves Order references within the viewer’s scope only', async () => {
    const { schema } = await ordersSubgraph.buildSchema();
    const own = all.find((o) => o.dealerId === nj.id)!;
    const foreign = all.find((o) => o.dealerId !== nj.id)!;
    const result = await graphql({
      schema,
      source: 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Order { id lines { lineNo } } } }',
      variableValues: {
        reps: [
          { __typename: 'Order', id: own.id },
          { __typename: 'Order', id: foreign.id },
        ],
      },
      contextValue: db.context(njAdmin),
    });
    expect(result.errors).toBeUndefined();
    expect((result.data as { _entities: unknown[] })._entities).toEqual([
      { id: own.id, lines: expect.any(Array) },
      null,
    ]);
  });
});
