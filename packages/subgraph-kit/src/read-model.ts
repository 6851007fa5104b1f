import { forUpdate, isSqlite } from '@dnp/event-bus';
import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/core';

/**
 * A row of a versioned read model: a subgraph's copy of another subgraph's entity, stamped with the
 * owner's version it reflects, so events applied late or twice never roll the copy back.
 */
export interface VersionedCopy {
  sourceVersion: number;
}

/**
 * Upserts one read-model row unless it already reflects `version` or a later one (an event may
 * arrive after a read-through stored a newer copy, or be delivered again). The row is read under
 * its lock, so two consumers of the same key cannot interleave. Answers whether it wrote.
 */
export async function upsertIfNewer<T extends VersionedCopy>(
  tx: EntityManager,
  entity: EntityName<T>,
  key: FilterQuery<T> & Partial<T>,
  version: number,
  facts: Partial<T>,
): Promise<boolean> {
  const row = await tx.findOne(entity, key, forUpdate(tx));
  if (row && row.sourceVersion >= version) return false;
  const values = { ...facts, sourceVersion: version } as Partial<T>;
  if (row) tx.assign(row, values as never);
  else tx.create(entity, { ...key, ...values } as never);
  await tx.flush();
  return true;
}

/**
 * Rewrites a copied materialized path column after its owner moved a subtree: every value under
 * `previousPath` gets `path` as its new prefix (one native update; the unit of work does not see
 * it). `table` and `column` are the caller's own identifiers, never input.
 */
export async function rewritePathPrefix(
  tx: EntityManager,
  table: string,
  column: string,
  previousPath: string,
  path: string,
): Promise<void> {
  if (previousPath === path) return;
  const join = isSqlite(tx) ? `? || substr(${column}, ?)` : `concat(?, substr(${column}, ?))`;
  await tx
    .getConnection()
    .execute(
      `update ${table} set ${column} = ${join} where ${column} like ? and substr(${column}, 1, ?) = ?`,
      [path, previousPath.length + 1, `${previousPath}%`, previousPath.length, previousPath],
      'run',
      tx.getTransactionContext(),
    );
}
