import { LockMode, type EntityManager, type FindOneOptions } from '@mikro-orm/core';
import { isSqlite } from '@dnp/event-bus';

/**
 * Find options that lock the rows read for the rest of the transaction (`SELECT … FOR UPDATE`)
 * on MariaDB/MySQL. SQLite has no row locks and needs none: its write transactions run one at a
 * time on the single connection. With the row locked, values computed from it stay exact until
 * commit, so the caller need not read it back after updating it.
 */
export function forUpdate(em: EntityManager): Pick<FindOneOptions<object>, 'lockMode'> {
  return isSqlite(em) ? {} : { lockMode: LockMode.PESSIMISTIC_WRITE };
}
