import {
  canRead,
  cursorDate,
  decodeCursor,
  ForbiddenError,
  pageSize,
  scopeFilter,
  toPage,
  type Page,
} from '@dnp/subgraph-kit';
import { ReturnLine } from '../entities/return-line.entity.js';
import { ReturnRequest } from '../entities/return-request.entity.js';
import type { OrdersContext } from '../orders-context.js';
import type { ReturnFilter } from '../schema/return.input.js';
import { findReturn, returnRow } from './return-review.service.js';
import { OrderService } from './order.service.js';

/** Arguments of the returns list. */
export interface ReturnListArgs {
  first?: number | null;
  after?: string | null;
  filter?: ReturnFilter | null;
}

const orders = new OrderService();

/**
 * Return reads, scoped like orders (a dealer its own and its sub-dealers', a manager its region, HQ
 * everything) and for warehouse operators the returns coming to their warehouses.
 */
export class ReturnReadService {
  /** One return; NOT_FOUND when unknown or outside the viewer's scope. */
  findOne(ctx: OrdersContext, id: string): Promise<ReturnRequest> {
    return findReturn(ctx, id);
  }

  /** Resolves a ReturnRequest entity reference for the gateway; null when unknown or out of scope. */
  async reference(ctx: OrdersContext, id: string): Promise<ReturnRequest | null> {
    ctx.requireViewer();
    const ret = await ctx.em.fork().findOne(ReturnRequest, { id });
    return ret && canRead(ctx.scope, returnRow(ret)) ? ret : null;
  }

  /** The viewer's returns, newest first (keyset on requested_at, id), filtered. */
  async list(ctx: OrdersContext, args: ReturnListArgs): Promise<Page<ReturnRequest>> {
    ctx.requireViewer();
    if (ctx.scope.kind === 'none') throw new ForbiddenError('Your role has no access to returns');
    const limit = pageSize(args.first);
    const scope = scopeFilter(ctx.scope, {
      dealerId: 'dealerId',
      regionPath: 'dealerRegionPath',
      warehouseId: 'warehouseId',
    });
    if (!scope) return toPage([], limit, Boolean(args.after), 0, () => []);
    const f = args.filter ?? {};
    // The filter narrows the scope and never replaces it: spread over the scope, a filter's dealerId
    // or warehouseId would read other dealers' or warehouses' returns.
    const where: Record<string, unknown> = {
      $and: [
        scope,
        {
          ...(f.status?.length ? { status: { $in: f.status } } : {}),
          ...(f.dealerId ? { dealerId: f.dealerId } : {}),
          ...(f.orderId ? { orderId: f.orderId } : {}),
          ...(f.source ? { source: f.source } : {}),
          ...(f.warehouseId ? { warehouseId: f.warehouseId } : {}),
        },
      ],
    };
    const em = ctx.em.fork();
    let keyset: Record<string, unknown> = {};
    if (args.after) {
      const [at, id] = decodeCursor(args.after, 2);
      const after = cursorDate(at);
      keyset = { $or: [{ requestedAt: { $lt: after } }, { requestedAt: after, id: { $lt: String(id) } }] };
    }
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([])
        : em.find(ReturnRequest, { $and: [where, keyset] } as never, {
            orderBy: { requestedAt: 'desc', id: 'desc' },
            limit: limit + 1,
          }),
      em.count(ReturnRequest, where as never),
    ]);
    return toPage(rows, limit, Boolean(args.after), total, (r) => [r.requestedAt.toISOString(), r.id]);
  }

  /** Order.returns: the order's returns (the order was read through its scope), oldest first. */
  async ofOrder(ctx: OrdersContext, orderId: string): Promise<ReturnRequest[]> {
    await orders.findOne(ctx, orderId);
    return ctx.em.fork().find(ReturnRequest, { orderId }, { orderBy: { requestedAt: 'asc', id: 'asc' } });
  }

  /** A return's lines in order. */
  lines(ctx: OrdersContext, returnId: string): Promise<ReturnLine[]> {
    return ctx.em.fork().find(ReturnLine, { returnId }, { orderBy: { lineNo: 'asc' } });
  }
}
