import {
  AppError,
  decodeCursor,
  ErrorCode,
  Money,
  NotFoundError,
  pageSize,
  toPage,
  UserInputError,
  type Page,
} from '@dnp/subgraph-kit';
import { Order, OrderStatus } from '../entities/order.entity.js';
import type { OrderListArgs, OrdersContext } from '../orders-context.js';
import type { OrderPromotionData } from '../saga/saga-rows.js';
import { OrderSort } from '../schema/order.input.js';
import { and, dbDate, inScope, orderScope, placeholders, scopeSql, type SqlPart } from './order-scope.js';

const SEARCH_PATTERN = /^[A-Z0-9]{1,20}$/;
const STATUSES = new Set<string>(Object.values(OrderStatus));

/** Sort definitions: the column keyed on, its direction, and how its cursor value is read back. */
const SORTS: Record<OrderSort, { column: 'placed_at' | 'total_minor'; dir: 'asc' | 'desc'; kind: 'date' | 'int' }> = {
  [OrderSort.NEWEST]: { column: 'placed_at', dir: 'desc', kind: 'date' },
  [OrderSort.OLDEST]: { column: 'placed_at', dir: 'asc', kind: 'date' },
  [OrderSort.TOTAL_DESC]: { column: 'total_minor', dir: 'desc', kind: 'int' },
};

interface PreparedList {
  limit: number;
  sort: (typeof SORTS)[OrderSort];
  /** Scope and filter: what totalCount counts. */
  where: SqlPart;
  /** The keyset position after the cursor, if any. */
  keyset: SqlPart | null;
  orderBy: string;
}

/** A promotion applied to an order, as the order stored it (the resolver answers it as OrderPromotion). */
export interface AppliedOrderPromotion {
  promotionId: string;
  name: string;
  discount: Money;
  giftValue: Money;
}

/** Order reads: single orders and keyset-paginated lists, always within the viewer's scope. */
export class OrderService {
  /** The promotions stored on the order when it was placed (none for seeded history and orders without promotions). */
  appliedPromotions(order: Order): AppliedOrderPromotion[] {
    if (!order.appliedPromotions) return [];
    return (JSON.parse(order.appliedPromotions) as OrderPromotionData[]).map((p) => ({
      promotionId: p.promotionId,
      name: p.name,
      discount: Money.fromMinor(p.discountMinor, order.currency),
      giftValue: Money.fromMinor(p.giftValueMinor, order.currency),
    }));
  }

  /** One order by id; NOT_FOUND when it does not exist or lies outside the viewer's scope. */
  async findOne(ctx: OrdersContext, id: string): Promise<Order> {
    const scope = orderScope(ctx);
    const order = await ctx.loaders.orderById.load(id);
    // Out-of-scope orders answer exactly like unknown ones, so ids reveal nothing.
    if (!order || !inScope(scope, order)) throw new NotFoundError('Order', id);
    return order;
  }

  /** Resolves an Order entity reference for the gateway; null when unknown or out of scope. */
  async reference(ctx: OrdersContext, id: string): Promise<Order | null> {
    const scope = orderScope(ctx);
    const order = await ctx.loaders.orderById.load(id);
    return order && inScope(scope, order) ? order : null;
  }

  /** One page of the orders the viewer may see, filtered and sorted. Two statements: the page and the count. */
  async list(ctx: OrdersContext, args: OrderListArgs): Promise<Page<Order>> {
    const p = this.prepare(ctx, args);
    const rowsWhere = and([p.where, p.keyset]);
    const [rows, count] = await Promise.all([
      p.limit === 0
        ? Promise.resolve([])
        : this.query(ctx, `select * from sales_order where ${rowsWhere.text} order by ${p.orderBy} limit ?`, [
            ...rowsWhere.params,
            p.limit + 1,
          ]),
      this.query(ctx, `select count(*) as n from sales_order where ${p.where.text}`, p.where.params),
    ]);
    return toPage(this.hydrate(ctx, rows), p.limit, Boolean(args.after), Number(count[0]?.n ?? 0), (o) =>
      this.cursorOf(p, o),
    );
  }

  /** The orders of one dealer (Dealer.orders), batched across dealers through the request's loader. */
  dealerOrders(ctx: OrdersContext, dealerId: string, args: OrderListArgs): Promise<Page<Order>> {
    return ctx.loaders.ordersByDealer.load({ dealerId, args });
  }

  /**
   * Pages of several dealers' orders with the same arguments in two statements: a window
   * function numbers each dealer's rows so the first `limit + 1` per dealer come back at once.
   */
  async listForDealers(ctx: OrdersContext, dealerIds: readonly string[], args: OrderListArgs): Promise<Page<Order>[]> {
    const p = this.prepare(ctx, args);
    const ids = [...new Set(dealerIds)];
    const inDealers: SqlPart = { text: `dealer_id in (${placeholders(ids.length)})`, params: ids };
    const rowsWhere = and([p.where, p.keyset, inDealers]);
    const countWhere = and([p.where, inDealers]);
    const [rows, counts] = await Promise.all([
      p.limit === 0
        ? Promise.resolve([])
        : this.query(
            ctx,
            `select * from (select sales_order.*, row_number() over (partition by dealer_id order by ${p.orderBy}) ` +
              `as rn from sales_order where ${rowsWhere.text}) ranked where rn <= ? order by dealer_id, rn`,
            [...rowsWhere.params, p.limit + 1],
          ),
      this.query(
        ctx,
        `select dealer_id, count(*) as n from sales_order where ${countWhere.text} group by dealer_id`,
        countWhere.params,
      ),
    ]);
    const byDealer = new Map<string, Order[]>();
    for (const order of this.hydrate(ctx, rows)) {
      const list = byDealer.get(order.dealerId);
      if (list) list.push(order);
      else byDealer.set(order.dealerId, [order]);
    }
    const totals = new Map(counts.map((c) => [String(c.dealer_id), Number(c.n)]));
    return dealerIds.map((id) =>
      toPage(byDealer.get(id) ?? [], p.limit, Boolean(args.after), totals.get(id) ?? 0, (o) => this.cursorOf(p, o)),
    );
  }

  /** Validates the arguments and turns them into SQL. */
  private prepare(ctx: OrdersContext, args: OrderListArgs): PreparedList {
    const scope = orderScope(ctx);
    const limit = pageSize(args.first);
    const sort = SORTS[args.sort ?? OrderSort.NEWEST];
    const filter = args.filter ?? {};
    const conditions: (SqlPart | null)[] = [scopeSql(scope)];

    const statuses = [...new Set(filter.status ?? [])];
    if (statuses.some((s) => !STATUSES.has(s))) throw new UserInputError('Unknown order status', 'filter.status');
    if (statuses.length) conditions.push({ text: `status in (${placeholders(statuses.length)})`, params: statuses });
    if (filter.dealerId) conditions.push({ text: 'dealer_id = ?', params: [filter.dealerId] });
    for (const seller of new Set([args.sellerDealerId, filter.sellerDealerId].filter((id) => id != null)))
      conditions.push({ text: 'seller_dealer_id = ?', params: [seller] });
    for (const [name, value] of [
      ['placedFrom', filter.placedFrom],
      ['placedTo', filter.placedTo],
    ] as const) {
      if (value != null && Number.isNaN(value.getTime()))
        throw new UserInputError(`${name} is not a valid date`, `filter.${name}`);
    }
    if (filter.placedFrom && filter.placedTo && filter.placedFrom > filter.placedTo) {
      throw new UserInputError('placedFrom must not be after placedTo', 'filter.placedFrom');
    }
    if (filter.placedFrom) conditions.push({ text: 'placed_at >= ?', params: [dbDate(ctx.em, filter.placedFrom)] });
    if (filter.placedTo) conditions.push({ text: 'placed_at <= ?', params: [dbDate(ctx.em, filter.placedTo)] });
    if (filter.search != null) {
      const prefix = filter.search.trim().toUpperCase();
      if (prefix && !SEARCH_PATTERN.test(prefix))
        throw new UserInputError('search is an order number prefix: letters and digits, at most 20', 'filter.search');
      // Validated to letters and digits, so the pattern holds no LIKE wildcards.
      if (prefix) conditions.push({ text: 'order_number like ?', params: [`${prefix}%`] });
    }

    let keyset: SqlPart | null = null;
    if (args.after) {
      const [value, id] = decodeCursor(args.after, 2);
      const position =
        sort.kind === 'date'
          ? typeof value === 'string'
            ? new Date(value)
            : null
          : Number.isSafeInteger(value)
            ? (value as number)
            : null;
      if (
        position == null ||
        (position instanceof Date && Number.isNaN(position.getTime())) ||
        typeof id !== 'string'
      ) {
        throw new AppError(ErrorCode.INVALID_CURSOR, '"after" is not a cursor this list issued', { field: 'after' });
      }
      const v = position instanceof Date ? dbDate(ctx.em, position) : position;
      const op = sort.dir === 'asc' ? '>' : '<';
      keyset = { text: `${sort.column} ${op} ? or (${sort.column} = ? and id ${op} ?)`, params: [v, v, id] };
    }
    return { limit, sort, where: and(conditions), keyset, orderBy: `${sort.column} ${sort.dir}, id ${sort.dir}` };
  }

  private cursorOf(p: PreparedList, o: Order): unknown[] {
    return [p.sort.kind === 'date' ? o.placedAt.toISOString() : o.totalMinor, o.id];
  }

  private query(ctx: OrdersContext, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    return ctx.em.getConnection().execute(sql, params, 'all');
  }

  /** Maps raw rows to managed entities and primes the id loader with them. */
  private hydrate(ctx: OrdersContext, rows: Record<string, unknown>[]): Order[] {
    return rows.map((row) => {
      const { rn: _rank, ...columns } = row;
      const order = ctx.em.map(Order, columns as never);
      ctx.loaders.orderById.prime(order.id, order);
      return order;
    });
  }
}
