import {
  addDays,
  decodeCursor,
  monthRange,
  Role,
  startOfBusinessDay,
  toPage,
  UserInputError,
  type Page,
} from '@dnp/subgraph-kit';
import { config } from '../config.js';
import { ShipmentStatus } from '../entities/shipment.entity.js';
import type { OrdersContext } from '../orders-context.js';
import { and, dashboardScope, dbDate, placeholders, scopeSql, toNumber, type SqlPart } from './order-scope.js';

/** One cell of the distribution flow: who sold to which level in the month. */
export interface DistributionFlowFigures {
  /** The seller's level when the order was placed, or "BRAND". */
  sellerLevel: string;
  /** The buyer's level when the order was placed ("UNKNOWN" for orders placed before levels were kept). */
  buyerLevel: string;
  orders: number;
  units: number;
  valueMinor: number;
}

/** One dealer's purchases in a window (dealers' grade evaluation reads them). */
export interface DealerPurchaseTotalFigures {
  dealerId: string;
  /** Shipped gross less credited gross, never below zero, in minor units. */
  purchasesMinor: number;
  orders: number;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const SHIPPED = [ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED];
/** dealerPurchaseTotals pages: the evaluation reads every dealer, so pages are larger than the UI's. */
const PURCHASE_PAGE_MAX = 1000;

/**
 * Shipped parts, from shipment lines: each part is worth its share of the line total (the parts rule
 * rounds per part; summed here, rounding differs by at most a fen per part).
 */
const SHIPPED_PARTS = `from shipment s
  join sales_order o on o.id = s.order_id
  join shipment_line sl on sl.shipment_id = s.id
  join order_line ol on ol.id = sl.order_line_id`;
const PART_VALUE =
  'sum(case when ol.quantity > 0 then sl.quantity * ol.line_total_minor * 1.0 / ol.quantity else 0 end)';

/**
 * The distribution flow (two-tier, §10): per month, what the brand sells to each level (sell-in)
 * and each level to the level below (sell-through), from the shipments that left in the month.
 */
export class DistributionService {
  /**
   * distributionFlow: HQ and services everything, a region manager its subtree; `regionId` narrows to
   * dealers in that region. Rows per (seller level | BRAND, buyer level): orders with a part shipped
   * in the month, units and value shipped in it.
   */
  async flow(ctx: OrdersContext, period: string, regionId?: string | null): Promise<DistributionFlowFigures[]> {
    const scope = dashboardScope(ctx);
    if (regionId != null && !ID.test(regionId)) throw new UserInputError('regionId must be a region id', 'regionId');
    const [from, to] = monthRange(period, config.BUSINESS_TIME_ZONE);
    const where = and([
      shippedBetween(ctx, from, to),
      scopeSql(scope, 'o'),
      regionId ? { text: 'o.dealer_region_path like ?', params: [`%/${regionId}/%`] } : null,
    ]);
    const rows = await ctx.em.getConnection().execute(
      `select coalesce(o.seller_level, 'BRAND') as seller_level, coalesce(o.dealer_level, 'UNKNOWN') as buyer_level,
        count(distinct o.id) as orders, sum(sl.quantity) as units, ${PART_VALUE} as value
        ${SHIPPED_PARTS} where ${where.text}
        group by coalesce(o.seller_level, 'BRAND'), coalesce(o.dealer_level, 'UNKNOWN')
        order by seller_level, buyer_level`,
      where.params,
      'all',
    );
    return rows.map((r: Record<string, unknown>) => ({
      sellerLevel: String(r.seller_level),
      buyerLevel: String(r.buyer_level),
      orders: toNumber(r.orders),
      units: toNumber(r.units),
      valueMinor: Math.round(toNumber(r.value)),
    }));
  }

  /**
   * dealerPurchaseTotals (SERVICE, §22): per dealer, the gross shipped in business days [from, to]
   * from any seller, less the gross credited (so far) for returns of those same shipments; by dealer id.
   */
  async purchaseTotals(
    ctx: OrdersContext,
    window: { from: string; to: string; first?: number | null; after?: string | null },
  ): Promise<Page<DealerPurchaseTotalFigures>> {
    ctx.requireRole(Role.SERVICE);
    const limit = window.first ?? 500;
    if (!Number.isInteger(limit) || limit < 0 || limit > PURCHASE_PAGE_MAX)
      throw new UserInputError(`"first" must be an integer between 0 and ${PURCHASE_PAGE_MAX}`, 'first');
    if (window.from > window.to) throw new UserInputError('from must not be after to', 'from');
    const start = startOfBusinessDay(window.from, config.BUSINESS_TIME_ZONE);
    const end = startOfBusinessDay(addDays(window.to, 1), config.BUSINESS_TIME_ZONE);
    const after = window.after ? String(decodeCursor(window.after, 1)[0]) : null;
    const shipped = shippedBetween(ctx, start, end);
    const conn = ctx.em.getConnection();
    const page = and([shipped, after ? { text: 'o.dealer_id > ?', params: [after] } : null]);
    const [rows, count] = await Promise.all([
      conn.execute(
        `select o.dealer_id, count(distinct o.id) as orders, ${PART_VALUE} as gross ${SHIPPED_PARTS}
          where ${page.text} group by o.dealer_id order by o.dealer_id limit ?`,
        [...page.params, limit + 1],
        'all',
      ),
      conn.execute(
        `select count(distinct o.dealer_id) as n ${SHIPPED_PARTS} where ${shipped.text}`,
        shipped.params,
        'get',
      ),
    ]);
    const ids = rows.slice(0, limit).map((r: Record<string, unknown>) => String(r.dealer_id));
    const credited = await creditedAgainst(ctx, ids, shipped);
    const figures: DealerPurchaseTotalFigures[] = rows.map((r: Record<string, unknown>) => ({
      dealerId: String(r.dealer_id),
      orders: toNumber(r.orders),
      purchasesMinor: Math.max(0, Math.round(toNumber(r.gross)) - (credited.get(String(r.dealer_id)) ?? 0)),
    }));
    const total = toNumber((count as Record<string, unknown> | undefined)?.n);
    return toPage(figures, limit, !!after, total, (f) => [f.dealerId]);
  }
}

/** Shipment parts that left in [from, to). */
function shippedBetween(ctx: OrdersContext, from: Date, to: Date): SqlPart {
  return {
    text: `s.status in (${placeholders(SHIPPED.length)}) and s.shipped_at >= ? and s.shipped_at < ?`,
    params: [...SHIPPED, dbDate(ctx.em, from), dbDate(ctx.em, to)],
  };
}

/**
 * Gross credited per dealer for returned lines of the `shipped` shipments (credit note issued, whenever):
 * a purchase and its return count in the same window, so a return credited later lowers the month it
 * was bought in, and never a month whose shipments it did not come from.
 */
async function creditedAgainst(ctx: OrdersContext, ids: string[], shipped: SqlPart): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await ctx.em.getConnection().execute(
    `select r.dealer_id, sum(rl.gross_minor) as credited from return_line rl
      join return_request r on r.id = rl.return_id
      join shipment s on s.id = rl.shipment_id
      where ${shipped.text} and r.credited_at is not null and rl.gross_minor is not null
        and r.dealer_id in (${placeholders(ids.length)}) group by r.dealer_id`,
    [...shipped.params, ...ids],
    'all',
  );
  return new Map(rows.map((r: Record<string, unknown>) => [String(r.dealer_id), toNumber(r.credited)]));
}
