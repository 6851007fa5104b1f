import {
  addDays,
  daysBetween,
  domainError,
  isBusinessDate,
  NotFoundError,
  UserInputError,
  type DomainError,
  type ReportPager,
} from '@dnp/subgraph-kit';
import type { InventoryContext } from '../inventory-context.js';
import { WarehouseService } from './warehouse.service.js';

/** Longest range one inventory report covers (a year and a day, so a leap year fits). */
export const INVENTORY_REPORT_MAX_DAYS = 366;
/** Most rows one GraphQL page of the report holds (an export pages 5 000 at a time). */
export const INVENTORY_REPORT_PAGE_MAX = 500;

/** The report's arguments once checked. */
export interface InventoryReportFilter {
  warehouseId: string;
  /** First business day, `YYYY-MM-DD`. */
  from: string;
  /** Last business day, inclusive. */
  to: string;
}

/** One product's flow in one warehouse over the range. */
export interface InventoryReportRow {
  warehouseId: string;
  productId: string;
  /** On hand at the close of the day before `from`. */
  openingUnits: number;
  inUnits: number;
  outUnits: number;
  /** On hand at the close of `to`. */
  closingUnits: number;
  /** (opening + closing) / 2. */
  averageUnits: number;
  /** Out units over average stock in the range (库存周转率); null when the average is 0. */
  turnover: number | null;
  /** Closing units over the range's average daily out units (库存可售天数); null with no out units. */
  daysOfStock: number | null;
}

/** A page of the report. */
export interface InventoryReportPage {
  filter: InventoryReportFilter;
  days: number;
  rows: InventoryReportRow[];
  totalCount: number;
}

const warehouses = new WarehouseService();

/** Rounds to two decimals (ratios are shown, not summed). */
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The inventory report (rr §9): per product of one warehouse, opening, in, out and closing units over a range
 * of business days, with turnover and days of stock, read from `stock_flow_day` only. The warehouse must be
 * one the viewer sees (as every warehouse read); products in product id order.
 */
export class InventoryReportService {
  /** Checks the arguments and the warehouse's scope: a DomainError (field named) when they do not hold. */
  async check(ctx: InventoryContext, raw: Partial<Record<keyof InventoryReportFilter, unknown>>) {
    const { warehouseId, from, to } = raw;
    if (typeof warehouseId !== 'string' || !(await warehouses.isVisible(ctx, warehouseId))) {
      return domainError('WAREHOUSE_UNKNOWN', 'No warehouse of yours has this id', 'warehouseId');
    }
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (typeof value !== 'string' || !isBusinessDate(value)) {
        return domainError('DATE_INVALID', `${field}: a date YYYY-MM-DD`, field);
      }
    }
    const days = daysBetween(from as string, to as string) + 1;
    if (days < 1) return domainError('PERIOD_INVALID', '"to" is before "from"', 'to');
    if (days > INVENTORY_REPORT_MAX_DAYS) {
      return domainError('PERIOD_RANGE_TOO_LONG', `At most ${INVENTORY_REPORT_MAX_DAYS} days`, 'to');
    }
    return { warehouseId, from: from as string, to: to as string } satisfies InventoryReportFilter;
  }

  /** One page of the report; BAD_USER_INPUT (with the field) for bad arguments, as the other reads. */
  async report(
    ctx: InventoryContext,
    args: InventoryReportFilter & { first?: number | null; offset?: number | null },
  ): Promise<InventoryReportPage> {
    const first = args.first ?? 100;
    const offset = args.offset ?? 0;
    if (!Number.isInteger(first) || first < 0 || first > INVENTORY_REPORT_PAGE_MAX) {
      throw new UserInputError(`"first" must be between 0 and ${INVENTORY_REPORT_PAGE_MAX}`, 'first');
    }
    if (!Number.isInteger(offset) || offset < 0) throw new UserInputError('"offset" must be 0 or more', 'offset');
    const filter = await this.check(ctx, args);
    if (isDomainError(filter)) {
      // Outside the scope reads as unknown, as every warehouse read answers it.
      if (filter.field === 'warehouseId') throw new NotFoundError('Warehouse', args.warehouseId);
      throw new UserInputError(filter.message, filter.field ?? undefined);
    }
    const [rows, totalCount] = await Promise.all([this.rows(ctx, filter, offset, first), this.count(ctx, filter)]);
    return { filter, days: daysBetween(filter.from, filter.to) + 1, rows, totalCount };
  }

  /** Products with any flow up to `to` (they have a closing then). */
  async count(ctx: InventoryContext, f: InventoryReportFilter): Promise<number> {
    const [row] = (await ctx.em
      .getConnection()
      .execute('select count(distinct product_id) as n from stock_flow_day where warehouse_id = ? and day <= ?', [
        f.warehouseId,
        f.to,
      ])) as { n: number | string }[];
    return Number(row?.n ?? 0);
  }

  /** Rows `offset` to `offset + limit` in product id order. */
  async rows(ctx: InventoryContext, f: InventoryReportFilter, offset: number, limit: number) {
    if (!limit) return [];
    const conn = ctx.em.getConnection();
    const products = (
      (await conn.execute(
        // Whole numbers checked by the callers, written in: not every driver binds LIMIT parameters.
        'select distinct product_id from stock_flow_day where warehouse_id = ? and day <= ? ' +
          `order by product_id limit ${Math.trunc(limit)} offset ${Math.trunc(offset)}`,
        [f.warehouseId, f.to],
      )) as { product_id: string }[]
    ).map((r) => r.product_id);
    if (!products.length) return [];
    const marks = products.map(() => '?').join(', ');
    const flows = (await conn.execute(
      `select product_id, sum(in_units) as i, sum(out_units) as o from stock_flow_day where warehouse_id = ? ` +
        `and day >= ? and day <= ? and product_id in (${marks}) group by product_id`,
      [f.warehouseId, f.from, f.to, ...products],
    )) as { product_id: string; i: number | string; o: number | string }[];
    const closingAt = async (day: string) => {
      const rows = (await conn.execute(
        `select s.product_id, s.closing_units from stock_flow_day s where s.warehouse_id = ? ` +
          `and s.product_id in (${marks}) and s.day = (select max(t.day) from stock_flow_day t ` +
          `where t.warehouse_id = s.warehouse_id and t.product_id = s.product_id and t.day <= ?)`,
        [f.warehouseId, ...products, day],
      )) as { product_id: string; closing_units: number | string }[];
      return new Map(rows.map((r) => [r.product_id, Number(r.closing_units)]));
    };
    const [opening, closing] = [await closingAt(addDays(f.from, -1)), await closingAt(f.to)];
    const flowOf = new Map(flows.map((r) => [r.product_id, { i: Number(r.i), o: Number(r.o) }]));
    const days = daysBetween(f.from, f.to) + 1;
    return products.map((productId) => rowOf(f.warehouseId, productId, days, opening, closing, flowOf));
  }
}

function rowOf(
  warehouseId: string,
  productId: string,
  days: number,
  opening: Map<string, number>,
  closing: Map<string, number>,
  flows: Map<string, { i: number; o: number }>,
): InventoryReportRow {
  const openingUnits = opening.get(productId) ?? 0;
  const closingUnits = closing.get(productId) ?? 0;
  const { i: inUnits, o: outUnits } = flows.get(productId) ?? { i: 0, o: 0 };
  const averageUnits = (openingUnits + closingUnits) / 2;
  return {
    ...{ warehouseId, productId, openingUnits, inUnits, outUnits, closingUnits, averageUnits },
    turnover: averageUnits > 0 ? round2(outUnits / averageUnits) : null,
    daysOfStock: outUnits > 0 ? round2(closingUnits / (outUnits / days)) : null,
  };
}

function isDomainError(value: unknown): value is DomainError {
  return Boolean(value && typeof value === 'object' && 'code' in value && 'field' in value);
}

const service = new InventoryReportService();

/** `inventoryReport` as an export (`startInventoryReportExport`): filters `{ warehouseId, from, to }`. */
export const inventoryReportPager: ReportPager<InventoryReportFilter, InventoryReportRow> = {
  name: 'inventoryReport',
  columns: [
    { header: 'warehouseId', value: (r) => r.warehouseId },
    { header: 'productId', value: (r) => r.productId },
    { header: 'openingUnits', value: (r) => r.openingUnits },
    { header: 'inUnits', value: (r) => r.inUnits },
    { header: 'outUnits', value: (r) => r.outUnits },
    { header: 'closingUnits', value: (r) => r.closingUnits },
    { header: 'averageUnits', value: (r) => r.averageUnits },
    { header: 'turnover', value: (r) => r.turnover },
    { header: 'daysOfStock', value: (r) => r.daysOfStock },
  ],
  parse: (ctx, raw) => service.check(ctx as InventoryContext, raw as Record<string, unknown>),
  count: (ctx, f) => service.count(ctx as InventoryContext, f),
  page: (ctx, f, offset, limit) => service.rows(ctx as InventoryContext, f, offset, limit),
};
