import { Role } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExpiryStatus } from '../entities/lot.entity.js';
import type { InventoryLoaders } from '../inventory-context.js';
import { inventorySubgraph } from '../subgraph.js';
import { daysToExpiry, expiryStatusOf, LotService } from './lot.service.js';

const DAY = 86_400_000;
const SH = 'Asia/Shanghai';
const hq = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
let db: TestSubgraph<InventoryLoaders>;
const service = new LotService();

beforeAll(async () => {
  db = await openTestSubgraph(inventorySubgraph, { seed: true });
});
afterAll(() => db.close());

describe('expiry status', () => {
  it('uses the default 30/90/180-day thresholds', () => {
    const cases: [number, ExpiryStatus][] = [
      [-10, ExpiryStatus.RED],
      [0, ExpiryStatus.RED],
      [30, ExpiryStatus.RED],
      [31, ExpiryStatus.YELLOW],
      [90, ExpiryStatus.YELLOW],
      [91, ExpiryStatus.BLUE],
      [180, ExpiryStatus.BLUE],
      [181, ExpiryStatus.OK],
      [999, ExpiryStatus.OK],
    ];
    for (const [days, status] of cases) expect(expiryStatusOf(days), `${days} days`).toBe(status);
  });

  it('follows configured thresholds', () => {
    const t = { red: 7, yellow: 14, blue: 28 };
    expect(expiryStatusOf(7, t)).toBe(ExpiryStatus.RED);
    expect(expiryStatusOf(8, t)).toBe(ExpiryStatus.YELLOW);
    expect(expiryStatusOf(28, t)).toBe(ExpiryStatus.BLUE);
    expect(expiryStatusOf(29, t)).toBe(ExpiryStatus.OK);
  });

  it('counts business days to expiry in Beijing time, 0 on the day, negative once expired', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(daysToExpiry(new Date(now.getTime() + 30 * DAY), now, SH)).toBe(30);
    expect(daysToExpiry(new Date(now.getTime() + 30 * DAY + 1000), now, SH)).toBe(30);
    expect(daysToExpiry(new Date(now.getTime() - 2 * DAY), now, SH)).toBe(-2);
    // 23:30 Beijing time: a lot expiring at 00:30 has a day left, one at 23:45 expires today.
    const lateEvening = new Date('2026-06-01T15:30:00Z');
    expect(daysToExpiry(new Date('2026-06-01T16:30:00Z'), lateEvening, SH)).toBe(1);
    expect(daysToExpiry(new Date('2026-06-01T15:45:00Z'), lateEvening, SH)).toBe(0);
  });
});

describe('LotService.list', () => {
  it("filters by expiry status consistently with each lot's own status", async () => {
    const now = new Date();
    let total = 0;
    for (const status of Object.values(ExpiryStatus)) {
      const page = await service.list(db.context(hq), { first: 100, filter: { expiryStatus: status } }, now);
      expect(page.totalCount, status).toBeGreaterThan(0);
      total += page.totalCount;
      for (const e of page.edges) expect(service.expiryStatus(e.node, now)).toBe(status);
    }
    expect(total).toBe((await service.list(db.context(hq), { first: 0 }, now)).totalCount);
  });

  it('lists first-expiry-first across pages', async () => {
    const first = await service.list(db.context(hq), { first: 50, filter: { warehouseId: 'wh_hq' } });
    const second = await service.list(db.context(hq), {
      first: 50,
      after: first.pageInfo.endCursor,
      filter: { warehouseId: 'wh_hq' },
    });
    const dates = [...first.edges, ...second.edges].map((e) => e.node.expiresAt.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
    expect(new Set([...first.edges, ...second.edges].map((e) => e.node.id)).size).toBe(100);
  });

  it('filters by product', async () => {
    const page = await service.list(db.context(hq), { first: 100, filter: { productId: 'prd_00001' } });
    expect(page.totalCount).toBeGreaterThanOrEqual(1);
    expect(page.edges.every((e) => e.node.productId === 'prd_00001')).toBe(true);
  });
});
