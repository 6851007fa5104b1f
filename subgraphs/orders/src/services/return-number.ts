import { businessDate } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { config } from '../config.js';
import { isSqlite } from '@dnp/event-bus';
import { execSql } from '../saga/order-number.js';

/**
 * The next return number of the business day ("RT" + yyyymmdd + sequence, at least 4 digits), from a
 * counter row per day bumped by one atomic autocommit statement outside the return's transaction, so
 * concurrent requests never queue on it; a refused request leaves a gap, like order numbers.
 */
export async function nextReturnNumber(em: EntityManager, at: Date): Promise<string> {
  const day = businessDate(at, config.BUSINESS_TIME_ZONE).replaceAll('-', '');
  await execSql(
    em,
    `${isSqlite(em) ? 'insert or ignore' : 'insert ignore'} into return_number_counter (day, last) values (?, 0)`,
    [day],
    'run',
  );
  let last: number;
  if (isSqlite(em)) {
    const rows = await execSql<Record<string, unknown>[]>(
      em,
      'update return_number_counter set last = last + 1 where day = ? returning last',
      [day],
    );
    last = Number(rows[0]?.last);
  } else {
    // LAST_INSERT_ID(expr) hands the new value back in the OK packet: no second statement, no lock held.
    const res = await execSql<{ insertId?: number | bigint }>(
      em,
      'update return_number_counter set last = last_insert_id(last + 1) where day = ?',
      [day],
      'run',
    );
    last = Number(res.insertId);
  }
  return `RT${day}${String(last).padStart(4, '0')}`;
}
