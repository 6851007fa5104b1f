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
  const page = args.after ? ({ $and: [...where, { id: { $lt: String(decodeCursor(args.after, 1)[0]) } }] } as FilterQuery<T>) : base;
  const [rows, total] = await Promise.all([
    limit === 0 ? Promise.resolve([] as T[]) : (em.find(entity, page, { orderBy: { id: 'desc' } as never, limit: limit + 1 }) as Promise<T[]>),
    em.count(entity, base),
  ]);
  return toPage(rows, limit, Boolean(args.after), total, (r) => [r.id]);
}

/**
 * Marks a row acknowledged by `userId` once (alerts): a conditional update, so acknowledging
 * again, or two people at once, keeps the first time and person. Returns the row as stored.
 */
export async function acknowledgeOnce<T extends { id: string; acknowledgedAt: Date | null; acknowledgedBy: string | null }>(
  em: EntityManager,
  entity: EntityClass<T>,
  row: T,
  userId: string,
  now = new Date(),
): Promise<T> {
  if (row.acknowledgedAt) return row;
  await em.nativeUpdate(entity, { id: row.id, acknowledgedAt: null } as FilterQuery<T>, { acknowledgedAt: now, acknowledgedBy: userId } as never);
  return em.findOneOrFail(entity, { id: row.id } as FilterQuery<T>, { refresh: true });
}
