import { demoCatalog, type DemoProduct, type DemoTaxClass } from './catalog.js';
import { demoNetwork, type DemoDealer, type DemoUser } from './network.js';
import { intBetween, pick, seededId, seededRandom } from './random.js';
import { regionPath } from './regions.js';

/** An order's status as the orders subgraph stores it (the demo's orders end in one of these). */
export type DemoOrderStatus = 'PENDING_REVIEW' | 'APPROVED' | 'REJECTED' | 'CANCELLED' | 'SHIPPED' | 'COMPLETED';
/** The kinds of timeline entries the demo writes. */
export type DemoOrderEventType = 'PLACED' | 'APPROVED' | 'REJECTED' | 'CANCELLED' | 'SHIPPED' | 'COMPLETED';
/** A demo shipment's status: seeded shipments still pick, have shipped or were delivered. */
export type DemoShipmentStatus = 'PICKING' | 'SHIPPED' | 'DELIVERED';

const S = {
  PENDING_REVIEW: 'PENDING_REVIEW',
  APPROVED: 'APPROVED',
  REJECTED: 'REJECTED',
  CANCELLED: 'CANCELLED',
  SHIPPED: 'SHIPPED',
  COMPLETED: 'COMPLETED',
} as const satisfies Record<DemoOrderStatus, DemoOrderStatus>;
const E = { ...S, PLACED: 'PLACED' } as const satisfies Record<DemoOrderEventType, DemoOrderEventType>;
const SH = { PICKING: 'PICKING', SHIPPED: 'SHIPPED', DELIVERED: 'DELIVERED' } as const;

/**
 * A shipment of a demo order (智能分单): the facts every seeder agrees on. The orders subgraph
 * stores it; inventory holds the reservation and finance the credit of the ones still PICKING.
 */
export interface DemoShipment {
  id: string;
  /** Order number + '-' + seq. */
  number: string;
  orderId: string;
  warehouseId: string;
  dealerId: string;
  dealerRegionPath: string;
  seq: number;
  status: DemoShipmentStatus;
  consignee: { name: string; contact: string; phone: string };
  /** When it was made: the order's approval. */
  createdAt: Date;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  trackingNumber: string | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Dealer price per grade in percent of the list price; the pricing subgraph's demo price lists use
 * the same.
 */
export const GRADE_PERCENT: Record<DemoDealer['grade'], number> = { A: 82, B: 86, C: 90, D: 95 };

/**
 * A dealer's unit price in fen: list price × grade percent, rounded half up to 10 fen in integer
 * arithmetic, exactly as pricing computes it, so seeded orders match the demo price lists.
 */
export function dealerUnitPrice(listPriceMinor: number, grade: DemoDealer['grade']): number {
  return Math.round((listPriceMinor * GRADE_PERCENT[grade]) / 1000) * 10;
}

export interface DemoOrderBook {
  orders: {
    id: string;
    orderNumber: string;
    dealerId: string;
    dealerRegionId: string;
    dealerRegionPath: string;
    /** The buyer's level when it ordered (the distribution flow report reads it). */
    dealerLevel: DemoDealer['level'];
    status: DemoOrderStatus;
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
    approvedAt: Date | null;
    firstShippedAt: Date | null;
    completedAt: Date | null;
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
    taxClass: DemoTaxClass;
    shippedQuantity: number;
    shippedGrossMinor: number;
  }[];
  shipments: DemoShipment[];
  shipmentLines: { shipmentId: string; orderLineId: string; quantity: number; productId: string }[];
  events: {
    id: string;
    orderId: string;
    type: DemoOrderEventType;
    fromStatus: DemoOrderStatus | null;
    toStatus: DemoOrderStatus | null;
    actorUserId: string | null;
    actorName: string;
    comment: string | null;
    at: Date;
    messageCode: string | null;
    messageArgs: string | null;
  }[];
}

/** How much more often a dealer of each level orders than a regional dealer. */
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
 * Final status of an order of the last two weeks, by age in days: the first row whose `maxAgo`
 * covers the age; a draw in [0, 1) takes the first status whose share bound lies above it.
 */
const RECENT_STATUS: { maxAgo: number; shares: [number, DemoOrderStatus][] }[] = [
  {
    maxAgo: 2,
    shares: [
      [0.45, S.PENDING_REVIEW],
      [0.85, S.APPROVED],
      [1, S.SHIPPED],
    ],
  },
  {
    maxAgo: 6,
    shares: [
      [0.12, S.PENDING_REVIEW],
      [0.4, S.APPROVED],
      [1, S.SHIPPED],
    ],
  },
  {
    maxAgo: 14,
    shares: [
      [0.05, S.APPROVED],
      [0.6, S.SHIPPED],
      [1, S.COMPLETED],
    ],
  },
];

/** A delay of the timeline: `(base + draw × spread) × unit` ms after the previous entry. */
interface Delay {
  base: number;
  spread: number;
  unit: number;
}

/** How long after the previous timeline entry each one comes. */
const DELAYS = {
  reject: { base: 0.5, spread: 6, unit: HOUR },
  autoApprove: { base: 1, spread: 4, unit: 60_000 },
  manualApprove: { base: 1, spread: 7, unit: HOUR },
  cancel: { base: 0.5, spread: 20, unit: HOUR },
  ship: { base: 6, spread: 34, unit: HOUR },
  complete: { base: 24, spread: 72, unit: HOUR },
} satisfies Record<string, Delay>;

type OrderRow = DemoOrderBook['orders'][number];
type LineRow = DemoOrderBook['lines'][number];
type EventRow = DemoOrderBook['events'][number];
type Actor = { id: string | null; name: string };

/** What every order is built from: one random source, the demo network and catalogue, the rows so far. */
interface SeedWorld {
  rand: () => number;
  now: Date;
  products: DemoProduct[];
  warehouseIds: Set<string>;
  pickDealer: () => DemoDealer;
  usersOf: Map<string, DemoUser[]>;
  hqAdmin: DemoUser;
  managerOf: Map<string, DemoUser>;
  paths: Map<string, string[]>;
  out: DemoOrderBook;
}

/**
 * The demo order history: about `target` orders over the 12 months before `now`, from every
 * ACTIVE dealer of the demo network, with lines, shipments and timelines. Deterministic for a
 * given UTC date (orders later than `now` on that day are dropped).
 */
export function demoOrderBook(asOf: Date, target = 3000): DemoOrderBook {
  const now = new Date(Math.floor(asOf.getTime() / 1000) * 1000);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const world = seedWorld(now, today);
  const { rand, out } = world;
  const days = orderDays(today);
  const daySum = days.reduce((a, d) => a + d.weight, 0);
  for (const day of days) {
    const expected = (target * day.weight) / daySum;
    const count = Math.floor(expected) + (rand() < expected % 1 ? 1 : 0);
    // Business hours in China (09:00–19:00 UTC+8), so UTC and Beijing dates agree.
    const times = Array.from({ length: count }, () => day.start + HOUR + Math.floor(rand() * 10 * 3600) * 1000).sort(
      (a, b) => a - b,
    );
    let seq = 0;
    for (const t of times) {
      const order = buildOrder(world, new Date(t), day.ago);
      if (order.placedAt.getTime() <= now.getTime()) {
        const date = new Date(t).toISOString().slice(0, 10).replaceAll('-', '');
        order.orderNumber = `SO${date}${String(++seq).padStart(4, '0')}`;
      }
    }
  }
  return keptRows(out, now);
}

/** The random source (seeded by the date) and the network and catalogue as the orders need them. */
function seedWorld(now: Date, today: number): SeedWorld {
  const rand = seededRandom(Number(new Date(today).toISOString().slice(0, 10).replaceAll('-', '')) ^ 0x5eed);
  const { regions, dealers, users, warehouses } = demoNetwork();
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
  return {
    rand,
    now,
    products: demoCatalog().products,
    warehouseIds: new Set(warehouses.map((w) => w.id)),
    pickDealer,
    usersOf,
    hqAdmin: users.find((u) => u.role === 'HQ_ADMIN')!,
    managerOf: new Map(users.filter((u) => u.role === 'REGION_MANAGER').map((u) => [u.regionId!, u])),
    paths: new Map(active.map((d) => [d.id, regionPath(regions, d.regionId)])),
    out: { orders: [], lines: [], shipments: [], shipmentLines: [], events: [] },
  };
}

/** The 366 days up to today with their expected share of orders: weekday-heavy, recent months a little busier. */
function orderDays(today: number): { ago: number; start: number; weight: number }[] {
  return Array.from({ length: 366 }, (_, i) => {
    const ago = 365 - i;
    const start = today - ago * DAY;
    return { ago, start, weight: WEEKDAY_WEIGHT[new Date(start).getUTCDay()]! * (0.8 + 0.4 * (1 - ago / 365)) };
  });
}

/** The rows without today's orders after `now` (generated to keep the day's sequence stable, then dropped). */
function keptRows(out: DemoOrderBook, now: Date): DemoOrderBook {
  const kept = new Set(out.orders.filter((o) => o.placedAt.getTime() <= now.getTime()).map((o) => o.id));
  const numbers = new Map(out.orders.map((o) => [o.id, o.orderNumber]));
  const shipments = out.shipments
    .filter((s) => kept.has(s.orderId))
    .map((s) => ({ ...s, number: `${numbers.get(s.orderId)}-${s.seq}` }));
  const keptShipments = new Set(shipments.map((s) => s.id));
  return {
    orders: out.orders.filter((o) => kept.has(o.id)),
    lines: out.lines.filter((l) => kept.has(l.orderId)),
    shipments,
    shipmentLines: out.shipmentLines.filter((l) => keptShipments.has(l.shipmentId)),
    events: out.events.filter((e) => kept.has(e.orderId)),
  };
}

/** One order placed at `placedAt`, `ago` days before today, with its lines, timeline and shipments. */
function buildOrder(world: SeedWorld, placedAt: Date, ago: number): OrderRow {
  const { rand, out } = world;
  const dealer = world.pickDealer();
  const path = world.paths.get(dealer.id)!;
  const placer = pick(rand, world.usersOf.get(dealer.id)!);
  const orderId = seededId('ord', placedAt, rand);
  const lines = orderLines(world, dealer, orderId, placedAt);
  const subtotalMinor = lines.reduce((a, l) => a + l.lineTotalMinor, 0);
  // Spend-and-save (满减): some large orders got 2 % off, in whole yuan.
  const discountMinor =
    subtotalMinor >= 1_000_000 && rand() < 0.35 ? Math.floor((subtotalMinor * 0.02) / 100) * 100 : 0;
  const note = rand() < 0.1 ? pick(rand, NOTES) : null;
  const status = finalStatus(rand, ago);
  const manager = world.managerOf.get(path[1]!) ?? world.hqAdmin;
  const reviewer = rand() < 0.5 ? manager : world.hqAdmin;
  const timeline = new Timeline(world, orderId, placedAt);
  const at = orderTimeline(timeline, status, asUser(placer), asUser(reviewer), note);
  const facts = { orderId, dealerId: dealer.id, path, consignee: dealer };
  if (at.approved && status !== S.CANCELLED) orderShipments(world, facts, lines, at);
  const order: OrderRow = {
    id: orderId,
    orderNumber: '',
    dealerId: dealer.id,
    dealerRegionId: dealer.regionId,
    dealerRegionPath: `/${path.join('/')}/`,
    dealerLevel: dealer.level,
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
    updatedAt: timeline.events.at(-1)!.at,
    appliedPromotions: null,
    approvedAt: at.approved,
    firstShippedAt: at.shipped,
    completedAt: at.completed,
  };
  out.orders.push(order);
  out.lines.push(...lines);
  out.events.push(...timeline.events);
  return order;
}

/** 1–6 lines of distinct products at the dealer's price; small quantities more likely. */
function orderLines(world: SeedWorld, dealer: DemoDealer, orderId: string, placedAt: Date): LineRow[] {
  const { rand, products } = world;
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
  return [...chosen].map((pi, i) => {
    const p = products[pi]!;
    const quantity = 1 + Math.floor(Math.pow(rand(), bulk) * 60);
    const unitPriceMinor = dealerUnitPrice(p.listPriceMinor, dealer.grade);
    return {
      id: seededId('oln', placedAt, rand),
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
      taxClass: p.taxClass,
      shippedQuantity: 0,
      shippedGrossMinor: 0,
    };
  });
}

/** Final status by age: history is settled, the last two weeks are still moving (RECENT_STATUS). */
function finalStatus(rand: () => number, ago: number): DemoOrderStatus {
  const s = rand();
  if (s < 0.04) return S.CANCELLED;
  if (s < 0.06) return S.REJECTED;
  if (ago > 14) return S.COMPLETED;
  const m = rand();
  const { shares } = RECENT_STATUS.find((row) => ago <= row.maxAgo)!;
  return shares.find(([bound]) => m < bound)![1];
}

const asUser = (u: DemoUser): Actor => ({ id: u.id, name: u.displayName });
const system = (name: string): Actor => ({ id: null, name });

/** An order's timeline as it is written: entries in time order, never past `now` or backwards. */
class Timeline {
  readonly events: EventRow[] = [];
  private clock: number;

  constructor(
    readonly world: SeedWorld,
    private readonly orderId: string,
    placedAt: Date,
  ) {
    this.clock = placedAt.getTime();
  }

  /** A random delay of `delay`'s kind (one draw). */
  after(delay: Delay): number {
    return (delay.base + this.world.rand() * delay.spread) * delay.unit;
  }

  /** Adds an entry `after` ms after the previous one; returns its time. */
  add(
    type: DemoOrderEventType,
    from: DemoOrderStatus | null,
    to: DemoOrderStatus | null,
    after: number,
    actor: Actor,
    comment: string | null = null,
  ): Date {
    const { now, rand } = this.world;
    this.clock = Math.max(this.clock, Math.min(this.clock + Math.floor(after / 1000) * 1000, now.getTime()));
    const at = new Date(this.clock);
    // System texts carry a localizable code, as the saga writes them.
    const messageCode = actor.id === null && type === E.APPROVED ? 'AUTO_REVIEW_PASSED' : null;
    this.events.push({
      id: seededId('oev', at, rand),
      orderId: this.orderId,
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
  }
}

/** When an order was approved, shipped and delivered (null for the steps it never reached). */
interface Milestones {
  approved: Date | null;
  shipped: Date | null;
  completed: Date | null;
}

/** The timeline that leads to `status`: placed, then reviewed, cancelled, shipped, received. */
function orderTimeline(
  t: Timeline,
  status: DemoOrderStatus,
  placer: Actor,
  reviewer: Actor,
  note: string | null,
): Milestones {
  const { rand } = t.world;
  const at: Milestones = { approved: null, shipped: null, completed: null };
  const { PENDING_REVIEW, APPROVED, REJECTED, CANCELLED, SHIPPED, COMPLETED } = S;
  t.add(E.PLACED, null, PENDING_REVIEW, 0, placer, note);
  const cancelledAfterApproval = status === CANCELLED && rand() < 0.5;
  if (status === REJECTED) {
    const after = t.after(DELAYS.reject);
    t.add(E.REJECTED, PENDING_REVIEW, REJECTED, after, reviewer, pick(rand, REJECT_REASONS));
  } else if (status !== PENDING_REVIEW && (status !== CANCELLED || cancelledAfterApproval)) {
    const automatic = rand() < 0.7;
    const [delay, actor, comment] = automatic
      ? [DELAYS.autoApprove, system(AUTO_REVIEW), '库存、信用、区域授权校验通过']
      : [DELAYS.manualApprove, reviewer, '人工审核通过'];
    at.approved = t.add(E.APPROVED, PENDING_REVIEW, APPROVED, t.after(delay), actor, comment);
  }
  if (status === CANCELLED) {
    const from = cancelledAfterApproval ? APPROVED : PENDING_REVIEW;
    const after = t.after(DELAYS.cancel);
    t.add(E.CANCELLED, from, CANCELLED, after, placer, pick(rand, CANCEL_REASONS));
  }
  if (status === SHIPPED || status === COMPLETED)
    at.shipped = t.add(E.SHIPPED, APPROVED, SHIPPED, t.after(DELAYS.ship), system(WAREHOUSE_SYSTEM));
  if (status === COMPLETED)
    at.completed = t.add(E.COMPLETED, SHIPPED, COMPLETED, t.after(DELAYS.complete), placer, '已确认收货');
  return at;
}

/** Shipments (智能分单): from the dealer's regional warehouse, some lines from HQ. */
function orderShipments(
  world: SeedWorld,
  { orderId, dealerId, path, consignee }: { orderId: string; dealerId: string; path: string[]; consignee: DemoDealer },
  lines: LineRow[],
  at: Milestones,
): void {
  const { rand, out } = world;
  const regional = `wh_${path[1]!.replace(/^reg_/, '')}`;
  const home = world.warehouseIds.has(regional) ? regional : 'wh_hq';
  const groups = new Map<string, LineRow[]>();
  const split = lines.length > 1 && rand() < 0.3;
  for (const line of lines) {
    const wh = split && rand() < 0.4 ? 'wh_hq' : home;
    groups.set(wh, [...(groups.get(wh) ?? []), line]);
  }
  const status = at.completed ? SH.DELIVERED : at.shipped ? SH.SHIPPED : SH.PICKING;
  let seq = 0;
  for (const [warehouseId, group] of groups) {
    const id = seededId('shp', at.approved!, rand);
    const trackingNumber = at.shipped
      ? `SF${String(intBetween(rand, 100000, 999999))}${String(intBetween(rand, 100000, 999999))}`
      : null;
    const deliveredAt = at.completed
      ? new Date(Math.max(at.shipped!.getTime(), at.completed.getTime() - Math.floor(rand() * 12) * HOUR))
      : null;
    out.shipments.push({
      id,
      number: '',
      orderId,
      warehouseId,
      dealerId,
      dealerRegionPath: `/${path.join('/')}/`,
      seq: ++seq,
      status,
      consignee: { name: consignee.name, contact: consignee.contactName, phone: consignee.contactPhone },
      createdAt: at.approved!,
      shippedAt: at.shipped,
      deliveredAt,
      trackingNumber,
    });
    for (const line of group) {
      out.shipmentLines.push({
        shipmentId: id,
        orderLineId: line.id,
        quantity: line.quantity,
        productId: line.productId,
      });
      // Seeded history shipped each line whole: its cumulative columns say so.
      if (at.shipped) Object.assign(line, { shippedQuantity: line.quantity, shippedGrossMinor: line.lineTotalMinor });
    }
  }
}

/** An approved demo order still waiting to ship: what inventory holds stock for and finance credit. */
export interface DemoApprovedOrder {
  orderId: string;
  dealerId: string;
  totalMinor: number;
  approvedAt: Date;
  /** Units per warehouse and product its PICKING shipments carry (one line each). */
  picks: { warehouseId: string; productId: string; quantity: number }[];
}

/**
 * The APPROVED orders of `demoOrderBook(asOf)` in approval order (ties by id), with what their
 * PICKING shipments carry, so the inventory and finance seeders hold exactly what the orders
 * seeder's shipping queue will ship.
 */
export function demoApprovedOrders(asOf: Date, book: DemoOrderBook = demoOrderBook(asOf)): DemoApprovedOrder[] {
  const lineOf = new Map(book.lines.map((l) => [l.id, l]));
  const picking = new Map(book.shipments.filter((s) => s.status === 'PICKING').map((s) => [s.id, s]));
  const picksOf = new Map<string, DemoApprovedOrder['picks']>();
  for (const sl of book.shipmentLines) {
    const shipment = picking.get(sl.shipmentId);
    if (!shipment) continue;
    const picks = picksOf.get(shipment.orderId) ?? [];
    picks.push({
      warehouseId: shipment.warehouseId,
      productId: sl.productId,
      quantity: lineOf.get(sl.orderLineId)!.quantity,
    });
    picksOf.set(shipment.orderId, picks);
  }
  return book.orders
    .filter((o) => o.status === 'APPROVED' && picksOf.has(o.id))
    .map((o) => ({
      orderId: o.id,
      dealerId: o.dealerId,
      totalMinor: o.totalMinor,
      approvedAt: o.approvedAt!,
      picks: picksOf.get(o.id)!,
    }))
    .sort((a, b) => a.approvedAt.getTime() - b.approvedAt.getTime() || (a.orderId < b.orderId ? -1 : 1));
}
