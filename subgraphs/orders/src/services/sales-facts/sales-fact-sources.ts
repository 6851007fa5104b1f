import { partValue, splitVat, TaxClass, VAT_RATE_BP } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { placeholders, toDate, toNumber } from '../order-scope.js';

/** The seller key of the brand's own sales (a parent dealer's sales carry its dealer id). */
export const BRAND_SELLER = 'brand';

/** One source line's contribution to the sales aggregates, before it is put in its periods. */
export interface SalesFactDelta {
  /** When it counted: the shipment's shipping instant or the return's credit instant. */
  at: Date;
  sellerKey: string;
  dealerId: string;
  regionPath: string;
  productId: string;
  categoryPath: string;
  brandId: string;
  orders: number;
  orderLines: number;
  units: number;
  grossMinor: number;
  netMinor: number;
}

type Row = Record<string, unknown>;

function query(em: EntityManager, sql: string, params: unknown[]): Promise<Row[]> {
  return em.getConnection().execute(sql, params, 'all', em.getTransactionContext());
}

/** The tax-exclusive part of a gross amount at a line's VAT class. */
function netOf(grossMinor: number, taxClass: unknown): number {
  const rate = VAT_RATE_BP[taxClass as TaxClass] ?? VAT_RATE_BP[TaxClass.STANDARD];
  return grossMinor < 0 ? -splitVat(-grossMinor, rate).net : splitVat(grossMinor, rate).net;
}

// "Shipped before this one": an earlier shipping instant, or the same instant and a smaller id, so
// the consumer (in any delivery order) and the rebuild agree on which shipment came first.
const EARLIER = '(s2.shipped_at < s.shipped_at or (s2.shipped_at = s.shipped_at and s2.id < s.id))';

/**
 * The facts of shipped shipments, valued from their own lines: each line's gross fixed when it
 * shipped (the parts rule; a legacy line without one takes its proportional share), its VAT split
 * at the line's class. An order counts in `orders` once, on its first shipment's first line, and in
 * `orderLines` once per line, where that line first shipped.
 */
export async function shipmentFacts(em: EntityManager, shipmentIds: readonly string[]): Promise<SalesFactDelta[]> {
  if (!shipmentIds.length) return [];
  const rows = await query(
    em,
    `select s.id as shipment_id, s.shipped_at, o.seller_dealer_id, o.dealer_id, o.dealer_region_path,
            sl.order_line_id, sl.quantity, sl.gross_minor, ol.product_id, ol.quantity as line_quantity,
            ol.line_total_minor, ol.tax_class, p.category_path, p.brand_id,
            case when exists (select 1 from shipment s2 where s2.order_id = s.order_id
                              and s2.shipped_at is not null and ${EARLIER}) then 0 else 1 end as first_shipment,
            case when exists (select 1 from shipment_line sl2 join shipment s2 on s2.id = sl2.shipment_id
                              where sl2.order_line_id = sl.order_line_id
                              and s2.shipped_at is not null and ${EARLIER}) then 0 else 1 end as first_part
       from shipment s
       join sales_order o on o.id = s.order_id
       join shipment_line sl on sl.shipment_id = s.id
       join order_line ol on ol.id = sl.order_line_id
       left join sales_product p on p.product_id = ol.product_id
      where s.id in (${placeholders(shipmentIds.length)}) and s.shipped_at is not null and sl.quantity > 0
      order by s.id, sl.order_line_id`,
    [...shipmentIds],
  );
  const counted = new Set<string>();
  return rows.map((r) => {
    const quantity = toNumber(r.quantity);
    const gross =
      r.gross_minor == null
        ? partValue(toNumber(r.line_total_minor), toNumber(r.line_quantity), 0, quantity)
        : toNumber(r.gross_minor);
    // The first line (by id) of an order's first shipment carries the order's count.
    const firstOfOrder = toNumber(r.first_shipment) === 1 && !counted.has(String(r.shipment_id));
    counted.add(String(r.shipment_id));
    return {
      ...factKeys(r),
      at: toDate(r.shipped_at)!,
      orders: firstOfOrder ? 1 : 0,
      orderLines: toNumber(r.first_part),
      units: quantity,
      grossMinor: gross,
      netMinor: netOf(gross, r.tax_class),
    };
  });
}

/**
 * The facts of credited returns, negative: each credited line's units (received goods, accepted
 * short units) and the gross fixed when it was credited. Returns never change the order counts.
 */
export async function returnFacts(em: EntityManager, returnIds: readonly string[]): Promise<SalesFactDelta[]> {
  if (!returnIds.length) return [];
  const rows = await query(
    em,
    `select r.credited_at, o.seller_dealer_id, o.dealer_id, o.dealer_region_path, rl.kind,
            rl.accepted_quantity, rl.received_quantity, rl.gross_minor, ol.product_id, ol.tax_class,
            p.category_path, p.brand_id
       from return_request r
       join sales_order o on o.id = r.order_id
       join return_line rl on rl.return_id = r.id
       join order_line ol on ol.id = rl.order_line_id
       left join sales_product p on p.product_id = ol.product_id
      where r.id in (${placeholders(returnIds.length)}) and r.credited_at is not null and rl.gross_minor is not null
      order by r.id, rl.line_no`,
    [...returnIds],
  );
  return rows.map((r) => {
    const units = toNumber(r.kind === 'SHORT' ? r.accepted_quantity : r.received_quantity);
    const gross = toNumber(r.gross_minor);
    return {
      ...factKeys(r),
      at: toDate(r.credited_at)!,
      orders: 0,
      orderLines: 0,
      units: -units,
      grossMinor: -gross,
      netMinor: netOf(-gross, r.tax_class),
    };
  });
}

function factKeys(
  r: Row,
): Pick<SalesFactDelta, 'sellerKey' | 'dealerId' | 'regionPath' | 'productId' | 'categoryPath' | 'brandId'> {
  return {
    sellerKey: r.seller_dealer_id == null ? BRAND_SELLER : String(r.seller_dealer_id),
    dealerId: String(r.dealer_id),
    regionPath: String(r.dealer_region_path),
    productId: String(r.product_id),
    categoryPath: r.category_path == null ? '' : String(r.category_path),
    brandId: r.brand_id == null ? '' : String(r.brand_id),
  };
}
