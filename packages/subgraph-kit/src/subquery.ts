import type { EntityManager, EntityName, FilterQuery, Subquery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';

/**
 * `select <column> from <entity> where <where>` as the value of an `$in` or `$nin` filter, so the
 * database picks rows by another table without the rows travelling (the alert scans leave out what
 * already has an alert this way, and read only what they change). `where` must keep `column` non-null
 * for `$nin`: one NULL in the list makes `not in` match nothing.
 */
export function columnOf<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  column: keyof T & string,
  where: FilterQuery<T>,
): Subquery {
  // The builder's typed field paths do not follow a generic `column`; the names are checked above.
  return (em as unknown as SqlEntityManager)
    .createQueryBuilder(entity, 'sub')
    .select(`sub.${column}` as never)
    .where(where as never) as unknown as Subquery;
}
