import {
  demoCatalog,
  demoNetwork,
  intBetween,
  pick,
  regionPath,
  seededRandom,
  type DemoDealer,
  type DemoUser,
} from '@dnp/demo-data';
import { OrderEventType } from '../entities/order-event.entity.js';
import { OrderStatus } from '../entities/order.entity.js';
import { ShipmentStatus } from '../entities/shipment.entity.js';
import { newId } from '@dnp/subgraph-kit';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Dealer price per grade in percent of the list price; the pricing subgraph's demo price lists use the same. */
export const GRADE_PERCENT: Record<DemoDealer['grade'], number> = { A: 82, B: 86, C: 90, D: 95 };

/**
 * A dealer's unit price in fen: list price × grade percent, rounded half up to 10 fen in integer
 * arithmetic, exactly as pricing computes it, so seeded orders match the demo price lists.
 */
export function dealerUnitPrice(listPriceMinor: number, grade: DemoDealer['grade']): number {
  return Math.round((listPriceMinor * GRADE_PERCENT[grade]) / 1000) * 10;
}

export interface DemoOrderRows {
  orders: {
    id: string;
    orderNumber: string;
    dealerId: string;
    dealerRegionId: string;
    dealerRegionPath: string;
    status: OrderStatus;
    currency: string;
    subtotalMinor: number;
    discountMinor: number;
    totalMinor: number;
    itemCount: number;
    note: string | null;
    placedByUserId: string;
    idempotencyKey: string | null;
    placedAt: Date;
    updatedAt: Date;
    appliedPromotions: string | null;
  }[];
  lines: {
    id: string;
    orderId: string;
    lineNo: number;
    productId: string;
    sku: string;
    productName: string;
    quantity: number;
    currency: string;
    unitPriceMinor: number;
    lineSubtotalMinor: number;
    discountMinor: number;
    lineTotalMinor: number;
    isGift: boolean;
    promotionId: string | null;
  }[];
  shipments: {
    id: string;
    orderId: string;
    warehouseId: string;
    status: ShipmentStatus;
    shippedAt: Date | null;
    deliveredAt: Date | null;
    trackingNumber: string | null;
  }[];
  shipmentLines: { shipmentId: string; orderLineId: string; quantity: number }[];
  events: {
    id: string;
    orderId: string;
    type: OrderEventType;
    fromStatus: OrderStatus | null;
    toStatus: OrderStatus | null;
    actorUserId: string | null;
    actorName: string;
    comment: string | null;
    at: Date;
    messageCode: string | null;
    messageArgs: string | null;
  }[];
}

const LEVEL_WEIGHT: Record<DemoDealer['level'], number> = {
  NATIONAL_AGENT: 4,
  PROVINCIAL_AGENT: 2.5,
  REGIONAL_DEALER: 1,
  RETAILER: 0.4,
};
const WEEKDAY_WEIGHT = [0.3, 1, 1, 1, 1, 1, 0.45]; // Sunday … Saturday
const LINE_COUNT_WEIGHTS = [0.22, 0.24, 0.2, 0.15, 0.11, 0.08];
const NOTES = [
  '请尽快发货',
  '周末不收货',
  '送货前请电话联系',
  '随货附增值税专用发票',
  '月底促销备货',
  '节前备货，请优先安排',
];
const REJECT_REASONS = ['信用额度不足，请先回款', '超出授权销售区域', '部分商品库存不足，请调整数量后重新下单'];
const CANCEL_REASONS = ['下错单，重新下单', '客户取消', '合并到下一张订单'];
const AUTO_REVIEW = '自动审单';
const WAREHOUSE_SYSTEM = '仓储系统';

/**
 * The demo order history: about `target` orders over the 12 months before `now`, from every
 * ACTIVE dealer of the demo network, with lines, shipments and timelines. Deterministic for a
 * given UTC date (orders later than `now` on that day are dropped).
 */
export function demoOrders(asOf: Date, target = 3000): DemoOrderRows {
  const now = new Date(Math.floor(asOf.getTime() / 1000) * 1000);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const rand = seededRandom(Number(new Date(today).toISOString().slice(0, 10).replaceAll('-', '')) ^ 0x5eed);
  const { regions, dealers, users, warehouses } = demoNetwork();
  const { products } = demoCatalog();
  const warehouseIds = new Set(warehouses.map((w) => w.id));

  const active = dealers.filter((d) => d.status === 'ACTIVE');
  const dealerWeights = active.map((d) => LEVEL_WEIGHT[d.level] * (0.5 + rand()));
  const weightSum = dealerWeights.reduce((a, b) => a + b, 0);
  const pickDealer = () => {
    let r = rand() * weightSum;
    for (let i = 0; i < active.length; i++) if ((r -= dealerWeights[i]!) <= 0) return active[i]!;
    return active.at(-1)!;
  };
  const usersOf = new Map<string, DemoUser[]>();
  for (const u of users) if (u.dealerId) usersOf.set(u.dealerId, [...(usersOf.get(u.dealerId) ?? []), u]);
  const hqAdmin = users.find((u) => u.role === 'HQ_ADMIN')!;
  const managerOf = new Map(users.filter((u) => u.role === 'REGION_MANAGER').map((u) => [u.regionId!, u]));
  const paths = new Map(active.map((d) => [d.id, regionPath(regions, d.regionId)]));

  // Expected orders per day: weekday-heavy, and the recent months a little busier.
  const days = Array.from({ length: 366 }, (_, i) => {
    const ago = 365 - i;
    const start = today - ago * DAY;
    return { ago, start, weight: WEEKDAY_WEIGHT[new Date(start).getUTCDay()]! * (0.8 + 0.4 * (1 - ago / 365)) };
  });
  const daySum = days.reduce((a, d) => a + d.weight, 0);

  const out: DemoOrderRows = { orders: [], lines: [], shipments: [], shipmentLines: [], events: [] };
  for (const day of days) {
    const expected = (target * day.weight) / daySum;
    const count = Math.floor(expected) + (rand() < expected % 1 ? 1 : 0);
    // Business hours in China (09:00–19:00 UTC+8), so UTC and Beijing dates agree.
    const times = Array.from({ length: count }, () => day.start + HOUR + Math.floor(rand() * 10 * 3600) * 1000).sort(
      (a, b) => a - b,
    );
    let seq = 0;
    for (const t of times) {
      const order = buildOrder(new Date(t), day.ago);
      if (order.placedAt.getTime() <= now.getTime()) {
        order.orderNumber = `SO${new Date(t).toISOString().slice(0, 10).replaceAll('-', '')}${String(++seq).padStart(4, '0')}`;
      }
    }
  }
  // Orders of today that lie after `now` were generated (to keep the sequence stable) but are dropped.
  const kept = new Set(out.orders.filter((o) => o.placedAt.getTime() <= now.getTime()).map((o) => o.id));
  const shipments = out.shipments.filter((s) => kept.has(s.orderId));
  const keptShipments = new Set(shipments.map((s) => s.id));
  return {
    orders: out.orders.filter((o) => kept.has(o.id)),
    lines: out.lines.filter((l) => kept.has(l.orderId)),
    shipments,
    shipmentLines: out.shipmentLines.filter((l) => keptShipments.has(l.shipmentId)),
    events: out.events.filter((e) => kept.has(e.orderId)),
  };

  function buildOrder(placedAt: Date, ago: number) {
    const dealer = pickDealer();
    const path = paths.get(dealer.id)!;
    const placer = pick(rand, usersOf.get(dealer.id)!);
    const orderId = newId('ord', placedAt, rand);

    // Lines: distinct products, small quantities more likely.
    let r = rand();
    let lineCount = 1;
    for (const w of LINE_COUNT_WEIGHTS) {
      if ((r -= w) <= 0) break;
      lineCount++;
    }
    lineCount = Math.min(lineCount, 6);
    const chosen = new Set<number>();
    while (chosen.size < lineCount) chosen.add(intBetween(rand, 0, products.length - 1));
    const bulk = dealer.level === 'NATIONAL_AGENT' || dealer.level === 'PROVINCIAL_AGENT' ? 1.2 : 2;
    const lines = [...chosen].map((pi, i) => {
      const p = products[pi]!;
      const quantity = 1 + Math.floor(Math.pow(rand(), bulk) * 60);
      const unitPriceMinor = dealerUnitPrice(p.listPriceMinor, dealer.grade);
      return {
        id: newId('oln', placedAt, rand),
        orderId,
        lineNo: i + 1,
        productId: p.id,
        sku: p.sku,
        productName: p.name,
        quantity,
        currency: 'CNY',
        unitPriceMinor,
        lineSubtotalMinor: unitPriceMinor * quantity,
        discountMinor: 0,
        lineTotalMinor: unitPriceMinor * quantity,
        isGift: false,
        promotionId: null,
      };
    });
    const subtotalMinor = lines.reduce((a, l) => a + l.lineTotalMinor, 0);
    // Spend-and-save (满减): some large orders got 2 % off, in whole yuan.
    const discountMinor =
      subtotalMinor >= 1_000_000 && rand() < 0.35 ? Math.floor((subtotalMinor * 0.02) / 100) * 100 : 0;
    const note = rand() < 0.1 ? pick(rand, NOTES) : null;

    // Final status by age: history is settled, the last two weeks are still moving.
    const s = rand();
    let status: OrderStatus;
    if (s < 0.04) status = OrderStatus.CANCELLED;
    else if (s < 0.06) status = OrderStatus.REJECTED;
    else if (ago > 14) status = OrderStatus.COMPLETED;
    else {
      const m = rand();
      if (ago <= 2)
        status = m < 0.45 ? OrderStatus.PENDING_REVIEW : m < 0.85 ? OrderStatus.APPROVED : OrderStatus.SHIPPED;
      else if (ago <= 6)
        status = m < 0.12 ? OrderStatus.PENDING_REVIEW : m < 0.4 ? OrderStatus.APPROVED : OrderStatus.SHIPPED;
      else status = m < 0.05 ? OrderStatus.APPROVED : m < 0.6 ? OrderStatus.SHIPPED : OrderStatus.COMPLETED;
    }

    // Timeline: each status change with its actor; times never run past `now` or backwards.
    const manager = managerOf.get(path[1]!) ?? hqAdmin;
    const reviewer = rand() < 0.5 ? manager : hqAdmin;
    const events: DemoOrderRows['events'] = [];
    let clock = placedAt.getTime();
    const event = (
      type: OrderEventType,
      from: OrderStatus | null,
      to: OrderStatus | null,
      after: number,
      actor: { id: string | null; name: string },
      comment: string | null = null,
    ) => {
      clock = Math.max(clock, Math.min(clock + Math.floor(after / 1000) * 1000, now.getTime()));
      const at = new Date(clock);
      // System texts carry a localizable code, as the saga writes them.
      const messageCode = actor.id === null && type === OrderEventType.APPROVED ? 'AUTO_REVIEW_PASSED' : null;
      events.push({
        id: newId('oev', at, rand),
        orderId,
        type,
        fromStatus: from,
        toStatus: to,
        actorUserId: actor.id,
        actorName: actor.name,
        comment,
        at,
        messageCode,
        messageArgs: null,
      });
      return at;
    };
    const asUser = (u: DemoUser) => ({ id: u.id, name: u.displayName });
    const system = (name: string) => ({ id: null, name });

    event(OrderEventType.PLACED, null, OrderStatus.PENDING_REVIEW, 0, asUser(placer), note);
    const cancelledAfterApproval = status === OrderStatus.CANCELLED && rand() < 0.5;
    let approvedAt: Date | null = null;
    let shippedAt: Date | null = null;
    let completedAt: Date | null = null;
    if (status === OrderStatus.REJECTED) {
      event(
        OrderEventType.REJECTED,
        OrderStatus.PENDING_REVIEW,
        OrderStatus.REJECTED,
        (0.5 + rand() * 6) * HOUR,
        asUser(reviewer),
        pick(rand, REJECT_REASONS),
      );
    } else if (status !== OrderStatus.PENDING_REVIEW && (status !== OrderStatus.CANCELLED || cancelledAfterApproval)) {
      approvedAt =
        rand() < 0.7
          ? event(
              OrderEventType.APPROVED,
              OrderStatus.PENDING_REVIEW,
              OrderStatus.APPROVED,
              (1 + rand() * 4) * 60_000,
              system(AUTO_REVIEW),
              '库存、信用、区域授权校验通过',
            )
          : event(
              OrderEventType.APPROVED,
              OrderStatus.PENDING_REVIEW,
              OrderStatus.APPROVED,
              (1 + rand() * 7) * HOUR,
              asUser(reviewer),
              '人工审核通过',
            );
    }
    if (status === OrderStatus.CANCELLED) {
      const from = cancelledAfterApproval ? OrderStatus.APPROVED : OrderStatus.PENDING_REVIEW;
      event(
        OrderEventType.CANCELLED,
        from,
        OrderStatus.CANCELLED,
        (0.5 + rand() * 20) * HOUR,
        asUser(placer),
        pick(rand, CANCEL_REASONS),
      );
    }
    if (status === OrderStatus.SHIPPED || status === OrderStatus.COMPLETED) {
      shippedAt = event(
        OrderEventType.SHIPPED,
        OrderStatus.APPROVED,
        OrderStatus.SHIPPED,
        (6 + rand() * 34) * HOUR,
        system(WAREHOUSE_SYSTEM),
      );
    }
    if (status === OrderStatus.COMPLETED) {
      completedAt = event(
        OrderEventType.COMPLETED,
        OrderStatus.SHIPPED,
        OrderStatus.COMPLETED,
        (24 + rand() * 72) * HOUR,
        asUser(placer),
        '已确认收货',
      );
    }

    // Shipments (智能分单): from the dealer's regional warehouse, some lines from HQ.
    if (approvedAt && status !== OrderStatus.CANCELLED) {
      const regional = `wh_${path[1]!.replace(/^reg_/, '')}`;
      const home = warehouseIds.has(regional) ? regional : 'wh_hq';
      const groups = new Map<string, typeof lines>();
      const split = lines.length > 1 && rand() < 0.3;
      for (const line of lines) {
        const wh = split && rand() < 0.4 ? 'wh_hq' : home;
        groups.set(wh, [...(groups.get(wh) ?? []), line]);
      }
      const shipmentStatus = completedAt
        ? ShipmentStatus.DELIVERED
        : shippedAt
          ? ShipmentStatus.SHIPPED
          : ShipmentStatus.PENDING;
      for (const [warehouseId, group] of groups) {
        const id = newId('shp', approvedAt, rand);
        const tracking = shippedAt
          ? `SF${String(intBetween(rand, 100000, 999999))}${String(intBetween(rand, 100000, 999999))}`
          : null;
        const deliveredAt = completedAt
          ? new Date(Math.max(shippedAt!.getTime(), completedAt.getTime() - Math.floor(rand() * 12) * HOUR))
          : null;
        out.shipments.push({
          id,
          orderId,
          warehouseId,
          status: shipmentStatus,
          shippedAt,
          deliveredAt,
          trackingNumber: tracking,
        });
        for (const line of group)
          out.shipmentLines.push({ shipmentId: id, orderLineId: line.id, quantity: line.quantity });
      }
    }

    const order: DemoOrderRows['orders'][number] = {
      id: orderId,
      orderNumber: '',
      dealerId: dealer.id,
      dealerRegionId: dealer.regionId,
      dealerRegionPath: `/${path.join('/')}/`,
      status,
      currency: 'CNY',
      subtotalMinor,
      discountMinor,
      totalMinor: subtotalMinor - discountMinor,
      itemCount: lines.reduce((a, l) => a + l.quantity, 0),
      note,
      placedByUserId: placer.id,
      idempotencyKey: null,
      placedAt,
      updatedAt: events.at(-1)!.at,
      appliedPromotions: null,
    };
    out.orders.push(order);
    out.lines.push(...lines);
    out.events.push(...events);
    return order;
  }
}
