import type { EntityClass, EntityManager, FilterQuery } from '@mikro-orm/core';
import { decodeCursor, pageSize, toPage, type Page } from './pagination.js';

/**
 * One page of `entity` rows matching `where`, newest first, keyset-paginated on their
 * time-ordered ids (`newId` puts the time first): the page and the total count in parallel.
 * Lists of log-like rows (alerts, reservations) use it.
 */
export async function newestFirstPage<T extends { id: string }>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>[],
  args: { first?: number | null; after?: string | null },
): Promise<Page<T>> {
  const limit = pageSize(args.first);
  const base = (where.length ? { $and: where } : {}) as FilterQuery<T>;
  const page = args.after
    ? ({ $and: [...where, { id: { $lt: String(decodeCursor(args.after, 1)[0]) } }] } as FilterQuery<T>)
    : base;
  const [rows, total] = await Promise.all([
    limit === 0
      ? Promise.resolve([] as T[])
      : (em.find(entity, page, { orderBy: { id: 'desc' } as never, limit: limit + 1 }) as Promise<T[]>),
    em.count(entity, base),
  ]);
  return toPage(rows, limit, Boolean(args.after), total, (r) => [r.id]);
}
