import { demoNetwork } from '@dnp/demo-data';
import { businessDate, parseMinor, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NON_SALE_STATUSES, Order, OrderStatus } from '../entities/order.entity.js';
import type { OrdersLoaders } from '../orders-context.js';
import { RegionLevelFilter, TrendGranularity, type SalesPoint } from '../schema/sales.type.js';
import { ordersSubgraph } from '../subgraph.js';
import { orderDay } from '../saga/order-number.js';
import { addMonths, periodLabel, periodStart } from './periods.js';
import { SalesService } from './sales.service.js';

const { dealers } = demoNetwork();
const nj = dealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const east: Viewer = {
  userId: 'usr_east_manager',
  role: Role.REGION_MANAGER,
  regionId: 'reg_east',
  regionPath: ['reg_cn', 'reg_east'],
};
const njAdmin: Viewer = { userId: 'usr_nj_admin', role: Role.DEALER_ADMIN, dealerId: nj.id, regionId: nj.regionId };
const DAY = 86_400_000;
const SH = 'Asia/Shanghai';

let db: TestSubgraph<OrdersLoaders>;
let sales: Order[];
const service = new SalesService();

beforeAll(async () => {
  db = await openTestSubgraph(ordersSubgraph, { seed: true });
  sales = (await db.orm.em.fork().find(Order, {})).filter((o) => !NON_SALE_STATUSES.includes(o.status));
});
afterAll(() => db.close());

const minor = (points: { amount: { amount: string } }[]) => points.reduce((a, p) => a + parseMinor(p.amount.amount), 0);
const count = (points: SalesPoint[]) => points.reduce((a, p) => a + p.orderCount, 0);
const inRange = (from: Date, to: Date, pick: (o: Order) => boolean = () => true) =>
  sales.filter((o) => o.placedAt >= from && o.placedAt <= to && pick(o));
const sum = (orders: Order[]) => orders.reduce((a, o) => a + o.totalMinor, 0);

describe('periods', () => {
  const week = (iso: string) => periodStart(TrendGranularity.WEEK, new Date(iso), SH);
  it('labels ISO weeks by their Thursday’s year and starts them on a Beijing Monday', () => {
    expect(periodLabel(TrendGranularity.WEEK, week('2026-11-21T10:00:00Z'), SH)).toBe('2026-W47');
    expect(week('2026-11-21T10:00:00Z').toISOString()).toBe('2026-11-15T16:00:00.000Z');
    expect(periodLabel(TrendGranularity.WEEK, week('2027-01-01T00:00:00Z'), SH)).toBe('2026-W53');
    expect(periodLabel(TrendGranularity.WEEK, week('2024-12-31T00:00:00Z'), SH)).toBe('2025-W01');
    expect(periodLabel(TrendGranularity.MONTH, new Date('2026-11-21T10:00:00Z'), SH)).toBe('2026-11');
    expect(addMonths(new Date('2026-03-31T08:00:00Z'), -1).toISOString()).toBe('2026-02-28T08:00:00.000Z');
  });

  it('buckets 23:30 and 00:30 Beijing time on either side of a day, month and year end', () => {
    const label = (g: TrendGranularity, iso: string) => periodLabel(g, new Date(iso), SH);
    expect(label(TrendGranularity.DAY, '2026-11-21T15:30:00Z')).toBe('2026-11-21');
    expect(label(TrendGranularity.DAY, '2026-11-21T16:30:00Z')).toBe('2026-11-22');
    expect(label(TrendGranularity.MONTH, '2026-11-30T15:30:00Z')).toBe('2026-11');
    expect(label(TrendGranularity.MONTH, '2026-11-30T16:30:00Z')).toBe('2026-12');
    expect(label(TrendGranularity.MONTH, '2026-12-31T16:30:00Z')).toBe('2027-01');
    expect(periodStart(TrendGranularity.MONTH, new Date('2026-12-31T16:30:00Z'), SH).toISOString()).toBe(
      '2026-12-31T16:00:00.000Z',
    );
  });

  it('dates an order number by the Beijing day it was placed', () => {
    expect(orderDay(new Date('2026-12-31T15:30:00Z'), SH)).toBe('20261231');
    expect(orderDay(new Date('2026-12-31T16:30:00Z'), SH)).toBe('20270101');
  });
});

describe('SalesService.salesTrend', () => {
  it('fills the default ranges with consecutive periods whose sums match the orders in range', async () => {
    const now = new Date();
    for (const [granularity, periods] of [
      [TrendGranularity.DAY, 30],
      [TrendGranularity.WEEK, 26],
      [TrendGranularity.MONTH, 12],
    ] as const) {
      const points = await service.salesTrend(db.context(hq), { granularity }, now);
      expect(points).toHaveLength(periods);
      expect(new Set(points.map((p) => p.label)).size).toBe(periods);
      expect(points.at(-1)!.periodStart.getTime()).toBe(periodStart(granularity, now, SH).getTime());
      const orders = inRange(points[0]!.periodStart, now);
      expect(count(points)).toBe(orders.length);
      expect(minor(points)).toBe(sum(orders));
    }
  });

  it('buckets an explicit range (partial first and last periods) to the same total, zeros included', async () => {
    const from = new Date(Date.now() - 95 * DAY + 5 * 3_600_000);
    const to = new Date(Date.now() - 3 * DAY);
    const points = await service.salesTrend(db.context(hq), { granularity: TrendGranularity.DAY, from, to });
    expect(points).toHaveLength(
      Math.round(
        (periodStart(TrendGranularity.DAY, to, SH).getTime() - periodStart(TrendGranularity.DAY, from, SH).getTime()) /
          DAY,
      ) + 1,
    );
    const orders = inRange(from, to);
    expect(count(points)).toBe(orders.length);
    expect(minor(points)).toBe(sum(orders));
    // Weekends are quieter and some are empty: they must still be listed.
    expect(points.every((p) => p.label === businessDate(p.periodStart, SH))).toBe(true);
    const weekly = await service.salesTrend(db.context(hq), { granularity: TrendGranularity.WEEK, from, to });
    expect(minor(weekly)).toBe(sum(orders));
  });

  it('limits a region manager to its region', async () => {
    const now = new Date();
    const points = await service.salesTrend(db.context(east), { granularity: TrendGranularity.MONTH }, now);
    const orders = inRange(points[0]!.periodStart, now, (o) => o.dealerRegionPath.startsWith('/reg_cn/reg_east/'));
    expect(minor(points)).toBe(sum(orders));
  });

  it('refuses reversed or too long ranges, dealers and anonymous callers', async () => {
    const now = Date.now();
    await expect(
      service.salesTrend(db.context(hq), {
        granularity: TrendGranularity.DAY,
        from: new Date(now),
        to: new Date(now - DAY),
      }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(
      service.salesTrend(db.context(hq), { granularity: TrendGranularity.DAY, from: new Date(now - 401 * DAY) }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(
      await service.salesTrend(db.context(hq), {
        granularity: TrendGranularity.DAY,
        from: new Date(now - 400 * DAY),
        to: new Date(now),
      }),
    ).toHaveLength(401);
    // Only days are capped at 400; a longer weekly trend is fine.
    const weeks = await service.salesTrend(db.context(hq), {
      granularity: TrendGranularity.WEEK,
      from: new Date(now - 401 * DAY),
      to: new Date(now),
    });
    expect(weeks).toHaveLength(
      (periodStart(TrendGranularity.WEEK, new Date(now), SH).getTime() -
        periodStart(TrendGranularity.WEEK, new Date(now - 401 * DAY), SH).getTime()) /
        (7 * DAY) +
        1,
    );
    await expect(service.salesTrend(db.context(njAdmin), { granularity: TrendGranularity.DAY })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(service.salesTrend(db.context(null), { granularity: TrendGranularity.DAY })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});

describe('SalesService.salesByRegion', () => {
  it('groups by sales region and by province, largest first, matching the order totals', async () => {
    const to = new Date();
    const from = addMonths(to, -12);
    const regions = await service.salesByRegion(db.context(hq), { level: RegionLevelFilter.SALES_REGION, from, to });
    expect(regions.map((r) => r.region.id).sort()).toEqual([
      'reg_central',
      'reg_east',
      'reg_north',
      'reg_northeast',
      'reg_northwest',
      'reg_south',
      'reg_southwest',
    ]);
    const amounts = regions.map((r) => parseMinor(r.amount.amount));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect(minor(regions)).toBe(sum(inRange(from, to)));
    const eastRow = regions.find((r) => r.region.id === 'reg_east')!;
    expect(eastRow.orderCount).toBe(
      inRange(from, to, (o) => o.dealerRegionPath.startsWith('/reg_cn/reg_east/')).length,
    );

    const provinces = await service.salesByRegion(db.context(east), { level: RegionLevelFilter.PROVINCE });
    expect(new Set(provinces.map((r) => r.region.id))).toEqual(
      new Set(['reg_js', 'reg_zj', 'reg_sh', 'reg_ah', 'reg_sd']),
    );
    const js = provinces.find((r) => r.region.id === 'reg_js')!;
    expect(parseMinor(js.amount.amount)).toBe(
      sum(inRange(from, to, (o) => o.dealerRegionPath.startsWith('/reg_cn/reg_east/reg_js/'))),
    );
  });

  it('refuses a reversed range and dealer users', async () => {
    await expect(
      service.salesByRegion(db.context(hq), { from: new Date(), to: new Date(Date.now() - DAY) }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(service.salesByRegion(db.context(njAdmin), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('SalesService.orderStatusCounts', () => {
  it('lists every status with the counts of the viewer’s scope', async () => {
    const all = await db.orm.em.fork().find(Order, {});
    const counts = await service.orderStatusCounts(db.context(hq));
    expect(counts.map((c) => c.status)).toEqual(Object.values(OrderStatus));
    for (const c of counts) expect(c.count).toBe(all.filter((o) => o.status === c.status).length);
    const eastCounts = await service.orderStatusCounts(db.context(east));
    expect(eastCounts.reduce((a, c) => a + c.count, 0)).toBe(
      all.filter((o) => o.dealerRegionPath.includes('/reg_east/')).length,
    );
  });
});

describe('SalesService.statsForDealers (Dealer.salesStats)', () => {
  it('sums the last 12 months and 90 days per dealer, without cancelled or rejected orders', async () => {
    const now = new Date();
    const [stats] = await service.statsForDealers(db.context(hq), [nj.id], now);
    const mine = sales.filter((o) => o.dealerId === nj.id);
    const year = mine.filter((o) => o.placedAt >= addMonths(now, -12));
    expect(stats!.orderCount).toBe(year.length);
    expect(parseMinor(stats!.totalAmount.amount)).toBe(sum(year));
    expect(parseMinor(stats!.last90DaysAmount.amount)).toBe(
      sum(mine.filter((o) => o.placedAt.getTime() >= now.getTime() - 90 * DAY)),
    );
    expect(stats!.lastOrderAt?.getTime()).toBe(Math.max(...mine.map((o) => o.placedAt.getTime())));
    const [none] = await service.statsForDealers(db.context(hq), ['dlr_nope'], now);
    expect(none).toMatchObject({ orderCount: 0, totalAmount: { amount: '0.00', currency: 'CNY' }, lastOrderAt: null });
  });

  it('counts only orders in the viewer’s scope', async () => {
    const ctx = db.context(njAdmin);
    const [own, other] = await Promise.all([service.dealerStats(ctx, nj.id), service.dealerStats(ctx, 'dlr_0001')]);
    expect(own.orderCount).toBeGreaterThan(0);
    expect(other.orderCount).toBe(0);
  });

  it('answers 50 dealers with the same single statement as 5', async () => {
    const ids = dealers.map((d) => d.id);
    const statements = async (n: number) => {
      const ctx = db.context(hq);
      const before = db.counter.total;
      const stats = await Promise.all(ids.slice(0, n).map((id) => service.dealerStats(ctx, id)));
      expect(stats).toHaveLength(n);
      return db.counter.total - before;
    };
    expect(await statements(5)).toBe(1);
    expect(await statements(50)).toBe(1);
  });
});
