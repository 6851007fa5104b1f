import type { EntityManager, EntityName } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';

/**
 * Inserts one row unless a row with the same value of a unique column exists, and says whether
 * it inserted (SQLite `ON CONFLICT DO NOTHING`, MySQL/MariaDB `INSERT IGNORE`). Unlike catching
 * a unique violation, it leaves the caller's transaction usable, so "raise an alert once per
 * condition" can sit inside the transaction that noticed the condition.
 */
export async function insertOnce<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  data: Partial<T>,
  uniqueProperty: keyof T & string,
): Promise<boolean> {
  const result = await (em as unknown as SqlEntityManager)
    .createQueryBuilder(entity as never)
    .insert(data as never)
    .onConflict(uniqueProperty as never)
    .ignore()
    .execute('run');
  return Number((result as { affectedRows?: number }).affectedRows ?? 0) > 0;
}
