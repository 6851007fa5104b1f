import {
  AppError,
  canRead,
  decodeCursor,
  ErrorCode,
  NotFoundError,
  pageSize,
  scopeSql as kitScopeSql,
  toPage,
  type DataScope,
  type Page,
  type ScopedRow,
} from '@dnp/subgraph-kit';
import { Shipment, ShipmentStatus } from '../entities/shipment.entity.js';
import { fulfilment } from '../fulfilment/fulfilment-context.js';
import type { OrdersContext } from '../orders-context.js';
import type { ExpiryStatus, PickListLine } from '../schema/shipment.type.js';
import type { ShipmentFilter } from '../schema/shipment.input.js';
import { and, dbDate, orderScope, placeholders, type SqlPart } from './order-scope.js';

/** Arguments of a shipment list. */
export interface ShipmentListArgs {
  first?: number | null;
  after?: string | null;
  filter?: ShipmentFilter | null;
}

const STATUSES = new Set<string>(Object.values(ShipmentStatus));

/** A shipment as scopes see it: its dealer, the dealer's region, its warehouse and its seller (two-tier). */
export function shipmentRow(
  s: Pick<Shipment, 'dealerId' | 'dealerRegionPath' | 'warehouseId'> & { sellerDealerId?: string | null },
): ScopedRow {
  return {
    dealerId: s.dealerId,
    regionPath: s.dealerRegionPath,
    warehouseId: s.warehouseId,
    sellerDealerId: s.sellerDealerId ?? null,
  };
}

/** The scope as a condition on `shipment`: dealer, region path and (for operators) warehouse columns. */
function shipmentScopeSql(scope: DataScope): SqlPart | null {
  return kitScopeSql(scope, {
    dealerId: 'dealer_id',
    regionPath: 'dealer_region_path',
    warehouseId: 'warehouse_id',
    seller: 'seller_dealer_id',
  });
}

/**
 * Shipment reads within the viewer's scope: HQ and finance clerks all, region managers their
 * dealers', dealer users their dealer's, warehouse operators their warehouses'.
 */
export class ShipmentReadService {
  /** One shipment; NOT_FOUND when unknown or outside the viewer's scope. */
  async findOne(ctx: OrdersContext, id: string): Promise<Shipment> {
    const scope = orderScope(ctx);
    const shipment = await ctx.loaders.shipmentById.load(id);
    if (!shipment || !canRead(scope, shipmentRow(shipment))) throw new NotFoundError('Shipment', id);
    return shipment;
  }

  /** Resolves a Shipment entity reference; null when unknown or out of scope. */
  async reference(ctx: OrdersContext, id: string): Promise<Shipment | null> {
    const shipment = await ctx.loaders.shipmentById.load(id);
    return shipment && canRead(orderScope(ctx), shipmentRow(shipment)) ? shipment : null;
  }

  /** Shipments in scope, newest first (created_at, id), filtered. */
  list(ctx: OrdersContext, args: ShipmentListArgs): Promise<Page<Shipment>> {
    const filter = args.filter ?? {};
    const statuses = [...new Set(filter.status ?? [])];
    if (statuses.some((s) => !STATUSES.has(s))) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Unknown shipment status');
    const conditions: (SqlPart | null)[] = [];
    if (statuses.length) conditions.push({ text: `status in (${placeholders(statuses.length)})`, params: statuses });
    if (filter.orderId) conditions.push({ text: 'order_id = ?', params: [filter.orderId] });
    if (filter.dealerId) conditions.push({ text: 'dealer_id = ?', params: [filter.dealerId] });
    if (filter.warehouseId) conditions.push({ text: 'warehouse_id = ?', params: [filter.warehouseId] });
    return this.page(ctx, args, conditions, 'desc');
  }

  /** A warehouse's queue: its PICKING shipments, first made first (FIFO), within the viewer's scope. */
  queue(ctx: OrdersContext, warehouseId: string, first?: number | null, after?: string | null) {
    const conditions = [
      { text: 'warehouse_id = ?', params: [warehouseId] },
      { text: 'status = ?', params: [ShipmentStatus.PICKING] },
    ];
    return this.page(ctx, { first, after }, conditions, 'asc');
  }

  /**
   * The pick list of a PICKING shipment from inventory (acting as the service, after this read's
   * own scope check): HQ, the warehouse's operators and the dealer region's managers; others, and
   * shipments not PICKING, an empty list.
   */
  async pickList(ctx: OrdersContext, shipment: Shipment): Promise<PickListLine[]> {
    const scope = ctx.scope;
    const allowed =
      scope.kind === 'all' ||
      scope.kind === 'warehouse' ||
      (scope.kind === 'region' && canRead(scope, shipmentRow(shipment)));
    if (!allowed || !canRead(scope, shipmentRow(shipment)) || shipment.status !== ShipmentStatus.PICKING) return [];
    if (ctx.viewer?.role === 'FINANCE_CLERK') return [];
    const entries = await fulfilment().services.pickList(shipment.orderId, shipment.warehouseId);
    return entries.map((e) => ({
      productId: e.productId,
      lotId: e.lotId,
      lotNumber: e.lotNumber,
      expiresAt: e.expiresAt ? new Date(e.expiresAt) : null,
      expiryStatus: (e.expiryStatus as ExpiryStatus | null) ?? null,
      quantity: e.quantity,
    }));
  }

  /**
   * True when every SHIP task of the order is DONE (Order.fulfilmentSettled: the reconcilers). A
   * FAILED one keeps the order unsettled: its part may still have to be committed by hand.
   */
  fulfilmentSettled(ctx: OrdersContext, orderId: string): Promise<boolean> {
    return ctx.loaders.fulfilmentSettledByOrder.load(orderId);
  }

  private async page(
    ctx: OrdersContext,
    args: { first?: number | null; after?: string | null },
    conditions: (SqlPart | null)[],
    dir: 'asc' | 'desc',
  ): Promise<Page<Shipment>> {
    const where = and([shipmentScopeSql(orderScope(ctx)), ...conditions]);
    const limit = pageSize(args.first);
    let keyset: SqlPart | null = null;
    if (args.after) {
      const [at, id] = decodeCursor(args.after, 2);
      const date = typeof at === 'string' ? new Date(at) : null;
      if (!date || Number.isNaN(date.getTime()) || typeof id !== 'string')
        throw new AppError(ErrorCode.INVALID_CURSOR, '"after" is not a cursor this list issued', { field: 'after' });
      const op = dir === 'asc' ? '>' : '<';
      const v = dbDate(ctx.em, date);
      keyset = { text: `created_at ${op} ? or (created_at = ? and id ${op} ?)`, params: [v, v, id] };
    }
    const rowsWhere = and([where, keyset]);
    const conn = ctx.em.getConnection();
    const [rows, count] = await Promise.all([
      limit === 0
        ? Promise.resolve([])
        : conn.execute<Record<string, unknown>[]>(
            `select * from shipment where ${rowsWhere.text} order by created_at ${dir}, id ${dir} limit ?`,
            [...rowsWhere.params, limit + 1],
            'all',
          ),
      conn.execute<Record<string, unknown>[]>(
        `select count(*) as n from shipment where ${where.text}`,
        where.params,
        'all',
      ),
    ]);
    const shipments = (rows as Record<string, unknown>[]).map((row) => {
      const s = ctx.em.map(Shipment, row as never);
      ctx.loaders.shipmentById.prime(s.id, s);
      return s;
    });
    return toPage(shipments, limit, Boolean(args.after), Number(count[0]?.n ?? 0), (s) => [
      (s.createdAt ?? new Date(0)).toISOString(),
      s.id,
    ]);
  }
}
