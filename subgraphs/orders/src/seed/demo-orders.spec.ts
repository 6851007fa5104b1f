import { demoCatalog, demoNetwork } from '@dnp/demo-data';
import { describe, expect, it } from 'vitest';
import { OrderStatus } from '../entities/order.entity.js';
import { dealerUnitPrice, demoOrders } from './demo-orders.js';

const asOf = new Date('2026-11-21T12:00:00Z');

function groupBy<T>(list: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

describe('demoOrders', () => {
  const rows = demoOrders(asOf);

  it('is deterministic for a given date', () => {
    const again = demoOrders(new Date('2026-11-21T12:00:00Z'));
    expect(again.orders.map((o) => o.id)).toEqual(rows.orders.map((o) => o.id));
    expect(again.lines.length).toBe(rows.lines.length);
  });

  it('orders only from ACTIVE dealers, priced at the grade’s dealer price, with consistent totals', () => {
    const { dealers } = demoNetwork();
    const products = new Map(demoCatalog().products.map((p) => [p.id, p]));
    const byId = new Map(dealers.map((d) => [d.id, d]));
    expect(rows.orders.every((o) => byId.get(o.dealerId)?.status === 'ACTIVE')).toBe(true);
    // The distribution flow report groups by the level snapshotted on the order, as placeOrder writes it.
    expect(rows.orders.filter((o) => o.dealerLevel !== byId.get(o.dealerId)!.level)).toEqual([]);
    const orders = new Map(rows.orders.map((o) => [o.id, o]));
    for (const line of rows.lines) {
      const grade = byId.get(orders.get(line.orderId)!.dealerId)!.grade;
      expect(line.unitPriceMinor).toBe(dealerUnitPrice(products.get(line.productId)!.listPriceMinor, grade));
      expect(line.quantity).toBeGreaterThanOrEqual(1);
      expect(line.quantity).toBeLessThanOrEqual(60);
    }
    const linesOf = groupBy(rows.lines, (l) => l.orderId);
    for (const o of rows.orders) {
      const lines = linesOf.get(o.id) ?? [];
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines.length).toBeLessThanOrEqual(6);
      expect(o.subtotalMinor).toBe(lines.reduce((a, l) => a + l.lineTotalMinor, 0));
    }
    expect(dealerUnitPrice(4850, 'A')).toBe(3980); // 3977 → 3980, half up to 10 fen
  });

  it('settles history and keeps the last two weeks moving, with shipments and timelines to match', () => {
    const twoWeeksAgo = asOf.getTime() - 14 * 86_400_000;
    const old = rows.orders.filter((o) => o.placedAt.getTime() < twoWeeksAgo - 86_400_000);
    expect(
      old.every((o) => [OrderStatus.COMPLETED, OrderStatus.CANCELLED, OrderStatus.REJECTED].includes(o.status)),
    ).toBe(true);
    const recent = new Set(rows.orders.filter((o) => o.placedAt.getTime() >= twoWeeksAgo).map((o) => o.status));
    for (const s of [OrderStatus.PENDING_REVIEW, OrderStatus.APPROVED, OrderStatus.SHIPPED])
      expect(recent.has(s)).toBe(true);
    const shipmentsOf = new Map<string, number>();
    for (const s of rows.shipments) shipmentsOf.set(s.orderId, (shipmentsOf.get(s.orderId) ?? 0) + 1);
    const eventsOf = groupBy(rows.events, (e) => e.orderId);
    for (const o of rows.orders) {
      const shipped = [OrderStatus.APPROVED, OrderStatus.SHIPPED, OrderStatus.COMPLETED].includes(o.status);
      expect(shipmentsOf.has(o.id)).toBe(shipped);
      const events = eventsOf.get(o.id)!;
      expect(events[0]!.type).toBe('PLACED');
      expect(events.at(-1)!.toStatus).toBe(
        o.status === OrderStatus.PENDING_REVIEW ? OrderStatus.PENDING_REVIEW : o.status,
      );
      expect(events.every((e, i) => i === 0 || e.at >= events[i - 1]!.at)).toBe(true);
    }
    expect(new Set(rows.shipments.map((s) => s.warehouseId)).size).toBeGreaterThan(5);
    expect(
      rows.shipments.every(
        (s) =>
          s.warehouseId === 'wh_hq' ||
          /^wh_(east|south|north|central|southwest|northwest|northeast)$/.test(s.warehouseId),
      ),
    ).toBe(true);
    expect(rows.orders.every((o) => o.placedAt <= asOf)).toBe(true);
  });
});
