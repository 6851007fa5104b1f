import DataLoader from 'dataloader';
import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/core';

/**
 * A request-scoped loader of entities by a unique key: all keys asked for in one tick become
 * one `IN (...)` query. Missing keys resolve to null.
 */
export function keyLoader<T extends object, K extends string | number = string>(
  em: EntityManager,
  entity: EntityName<T>,
  key: keyof T & string = 'id' as keyof T & string,
  extraWhere: FilterQuery<T> = {} as FilterQuery<T>,
): DataLoader<K, T | null> {
  return new DataLoader<K, T | null>(
    async (keys) => {
      const rows = await em.find(entity, { ...(extraWhere as object), [key]: { $in: [...keys] } } as never);
      const byKey = new Map<unknown, T>(rows.map((r) => [(r as Record<string, unknown>)[key], r]));
      return keys.map((k) => byKey.get(k) ?? null);
    },
    { maxBatchSize: 1000 },
  );
}

/**
 * A request-scoped loader of the rows that share a foreign key (one-to-many), batched into one
 * query per tick. Keys with no rows resolve to an empty list.
 */
export function groupLoader<T extends object, K extends string | number = string>(
  em: EntityManager,
  entity: EntityName<T>,
  key: keyof T & string,
  extraWhere: FilterQuery<T> = {} as FilterQuery<T>,
  orderBy?: Record<string, 'asc' | 'desc'>,
): DataLoader<K, T[]> {
  return new DataLoader<K, T[]>(
    async (keys) => {
      const rows = await em.find(entity, { ...(extraWhere as object), [key]: { $in: [...keys] } } as never, orderBy ? { orderBy: orderBy as never } : {});
      const groups = new Map<unknown, T[]>();
      for (const r of rows) {
        const k = (r as Record<string, unknown>)[key];
        const list = groups.get(k);
        if (list) list.push(r);
        else groups.set(k, [r]);
      }
      return keys.map((k) => groups.get(k) ?? []);
    },
    { maxBatchSize: 1000 },
  );
}
