import {
  AppError,
  decodeCursor,
  ErrorCode,
  Money,
  NotFoundError,
  pageSize,
  Role,
  toPage,
  UserInputError,
  type Page,
  type Viewer,
} from '@dnp/subgraph-kit';
import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { PriceListEntry } from '../entities/price-list-entry.entity.js';
import { PriceList } from '../entities/price-list.entity.js';
import type { EntryPageKey, PricingContext } from '../pricing-context.js';
import type { PriceListFilter } from '../schema/price-list.input.js';
import { isValidAt } from './price-resolution.service.js';

/** Roles that may read price lists; dealers only ever see their own resolved prices. */
const READERS = [Role.HQ_ADMIN, Role.SERVICE, Role.REGION_MANAGER];

function managerPath(viewer: Viewer): string[] {
  return viewer.regionPath?.length ? [...viewer.regionPath] : viewer.regionId ? [viewer.regionId] : [];
}

/**
 * The lists a region manager may read: those that can price in their region, i.e. lists without
 * region, lists of their region or an ancestor, and lists of any region in their subtree; never a
 * dealer's list for its sub-dealers (the dealer's own data).
 */
function managerScope(viewer: Viewer): FilterQuery<PriceList> {
  const or: FilterQuery<PriceList>[] = [{ regionId: null }];
  const path = managerPath(viewer);
  if (path.length) or.push({ regionId: { $in: path } });
  // instr() rather than LIKE: region ids contain "_", a LIKE wildcard.
  if (viewer.regionId)
    or.push({ [raw('instr(region_path, ?)', [`/${viewer.regionId}/`])]: { $gt: 0 } } as FilterQuery<PriceList>);
  return { $or: or };
}

function inManagerScope(viewer: Viewer, list: PriceList): boolean {
  if (list.sellerDealerId != null) return false;
  if (list.regionId == null || managerPath(viewer).includes(list.regionId)) return true;
  return viewer.regionId != null && (list.regionPath ?? '').includes(`/${viewer.regionId}/`);
}

function invalidCursor(): never {
  throw new AppError(ErrorCode.INVALID_CURSOR, '"after" is not a cursor this list issued', { field: 'after' });
}

/** Decodes an entries cursor ([productId, minQuantity]) and checks its value types. */
function decodeEntryCursor(after: string): [string, number] {
  const [productId, minQuantity] = decodeCursor(after, 2);
  if (typeof productId !== 'string' || !Number.isInteger(minQuantity)) invalidCursor();
  return [productId as string, minQuantity as number];
}

/** Price list administration reads for HQ, services and region managers (dealers: FORBIDDEN). */
export class PriceListService {
  /** One page of the brand's lists the viewer may read, by code, after the cursor `after`. */
  async list(
    ctx: PricingContext,
    args: { first?: number | null; after?: string | null; filter?: PriceListFilter | null },
  ): Promise<Page<PriceList>> {
    const viewer = ctx.requireRole(...READERS);
    const limit = pageSize(args.first);
    const filter = args.filter ?? {};
    // The brand's lists only: a dealer's list for its sub-dealers is read by its seller (subDealerPriceList).
    const where: FilterQuery<PriceList>[] = [{ sellerDealerId: null }];
    if (viewer.role === Role.REGION_MANAGER) where.push(managerScope(viewer));
    if (filter.active != null) where.push({ active: filter.active });
    if (filter.dealerGrade != null) where.push({ dealerGrade: filter.dealerGrade });
    if (filter.regionId != null) {
      if (!filter.regionId.trim() || filter.regionId.length > 40)
        throw new UserInputError('regionId must be a region id', 'filter.regionId');
      where.push({ regionId: filter.regionId });
    }
    const base: FilterQuery<PriceList> = { $and: where };
    let query = base;
    if (args.after) {
      const [code] = decodeCursor(args.after, 1);
      if (typeof code !== 'string') invalidCursor();
      query = { $and: [base, { code: { $gt: code as string } }] };
    }
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([] as PriceList[])
        : ctx.em.find(PriceList, query, { orderBy: { code: 'asc' }, limit: limit + 1 }),
      ctx.em.count(PriceList, base),
    ]);
    for (const row of rows) ctx.loaders.priceListById.prime(row.id, row);
    return toPage(rows, limit, Boolean(args.after), total, (l) => [l.code]);
  }

  /** One list by id; NOT_FOUND when unknown or outside a manager's region. */
  async findOne(ctx: PricingContext, id: string): Promise<PriceList> {
    const viewer = ctx.requireRole(...READERS);
    const list = await ctx.loaders.priceListById.load(id);
    if (!list || (viewer.role === Role.REGION_MANAGER && !inManagerScope(viewer, list)))
      throw new NotFoundError('PriceList', id);
    return list;
  }

  /** One page of a list's entries, by product and then minimum quantity; batched across lists. */
  async entries(
    ctx: PricingContext,
    list: PriceList,
    args: { first?: number | null; after?: string | null },
  ): Promise<Page<PriceListEntry>> {
    const first = pageSize(args.first);
    if (args.after) decodeEntryCursor(args.after);
    return ctx.loaders.entryPages.load({ priceListId: list.id, first, after: args.after ?? null });
  }

  /** An entry's unit price as Money in its list's currency (the list is usually primed already). */
  async entryUnitPrice(ctx: PricingContext, entry: PriceListEntry): Promise<Money> {
    const list = await ctx.loaders.priceListById.load(entry.priceListId);
    return Money.fromMinor(entry.unitPriceMinor, list?.currency ?? 'CNY');
  }

  /** True when the list is switched on and valid at the request's pricing instant. */
  effective(ctx: PricingContext, list: PriceList): boolean {
    return isValidAt(list, ctx.loaders.now);
  }
}

/**
 * Batch function of the `entryPages` loader: the pages of many lists cost one count query plus
 * one windowed query per distinct (first, after) pair (ROW_NUMBER() per list, supported by
 * SQLite and MySQL 8 / MariaDB alike), so 50 lists cost what 5 do.
 */
export async function loadEntryPages(
  em: EntityManager,
  keys: readonly EntryPageKey[],
): Promise<Page<PriceListEntry>[]> {
  const conn = em.getConnection();
  const trx = em.getTransactionContext();
  const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  const listIds = [...new Set(keys.map((k) => k.priceListId))];
  const counts = (await conn.execute(
    `select price_list_id as list_id, count(*) as n from price_list_entry where price_list_id in ` +
      `(${marks(listIds.length)}) group by price_list_id`,
    listIds,
    'all',
    trx,
  )) as { list_id: string; n: number | string }[];
  const totals = new Map(counts.map((r) => [r.list_id, Number(r.n)]));

  const groups = new Map<string, EntryPageKey[]>();
  for (const key of keys) {
    const g = JSON.stringify([key.first, key.after]);
    const list = groups.get(g);
    if (list) list.push(key);
    else groups.set(g, [key]);
  }
  const pages = new Map<EntryPageKey, Page<PriceListEntry>>();
  for (const group of groups.values()) {
    const { first, after } = group[0]!;
    const ids = [...new Set(group.map((k) => k.priceListId))];
    const byList = new Map<string, PriceListEntry[]>();
    if (first > 0) {
      const params: unknown[] = [...ids];
      let cursorSql = '';
      if (after) {
        const [productId, minQuantity] = decodeEntryCursor(after);
        cursorSql = ' and (e.product_id > ? or (e.product_id = ? and e.min_quantity > ?))';
        params.push(productId, productId, minQuantity);
      }
      params.push(first + 1);
      const rows = (await conn.execute(
        `select id, price_list_id, product_id, min_quantity, unit_price_minor from (` +
          `select e.id, e.price_list_id, e.product_id, e.min_quantity, e.unit_price_minor, ` +
          `row_number() over (partition by e.price_list_id order by e.product_id, e.min_quantity) as rn ` +
          `from price_list_entry e where e.price_list_id in (${marks(ids.length)})${cursorSql}) t ` +
          `where rn <= ? order by price_list_id, product_id, min_quantity`,
        params,
        'all',
        trx,
      )) as Record<string, unknown>[];
      for (const row of rows) {
        const entry = em.map(PriceListEntry, row);
        const list = byList.get(entry.priceListId);
        if (list) list.push(entry);
        else byList.set(entry.priceListId, [entry]);
      }
    }
    for (const key of group) {
      pages.set(
        key,
        toPage(byList.get(key.priceListId) ?? [], first, Boolean(after), totals.get(key.priceListId) ?? 0, (e) => [
          e.productId,
          e.minQuantity,
        ]),
      );
    }
  }
  return keys.map((k) => pages.get(k)!);
}
