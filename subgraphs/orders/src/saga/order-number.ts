import { businessDate, isSqlite } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { config } from '../config.js';

type RawResult = { affectedRows?: number; changes?: number } | Record<string, unknown>[];

/** Raw SQL on the entity manager's connection and transaction (the SQL drivers' `execute`). */
export function execSql<T = RawResult>(
  em: EntityManager,
  sql: string,
  params: unknown[],
  method: 'all' | 'run' = 'all',
): Promise<T> {
  return (em as unknown as { execute(sql: string, params: unknown[], method: string): Promise<T> }).execute(
    sql,
    params,
    method,
  );
}

/** The placing day of `at` as yyyymmdd: the brand's business day, so 00:30 Beijing time is the new day. */
export function orderDay(at: Date, timeZone = config.BUSINESS_TIME_ZONE): string {
  return businessDate(at, timeZone).replaceAll('-', '');
}

/**
 * Bumps the day's counter by `count` in one autocommit statement; the new last value, or null when the
 * day has no row yet.
 */
async function bump(em: EntityManager, day: string, count: number): Promise<number | null> {
  if (isSqlite(em)) {
    const rows = await execSql<Record<string, unknown>[]>(
      em,
      'update order_number_counter set last = last + ? where day = ? returning last',
      [count, day],
    );
    return rows[0] ? Number(rows[0].last) : null;
  }
  // LAST_INSERT_ID(expr) hands the new value back in the OK packet: no second statement, no lock held.
  const res = await execSql<{ affectedRows?: number; insertId?: number | bigint }>(
    em,
    'update order_number_counter set last = last_insert_id(last + ?) where day = ?',
    [count, day],
    'run',
  );
  return Number(res.affectedRows ?? 0) === 1 ? Number(res.insertId) : null;
}

/**
 * The next `count` order numbers of the day ("SO" + yyyymmdd + sequence, at least 4 digits), in
 * order, from a counter row per day bumped by one atomic autocommit statement outside the
 * orders' transaction, so concurrent placements never queue on it (a failed placement leaves a
 * gap in the sequence). The first number of a day continues after any order already numbered
 * that day (seeded data); concurrent creators of the day's row are harmless (insert-or-ignore).
 */
export async function nextOrderNumbers(em: EntityManager, at: Date, count = 1): Promise<string[]> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`cannot take ${count} order numbers`);
  const day = orderDay(at);
  for (let attempt = 0; attempt < 3; attempt++) {
    const last = await bump(em, day, count);
    if (last != null)
      return Array.from({ length: count }, (_, i) => `SO${day}${String(last - count + 1 + i).padStart(4, '0')}`);
    const rows = await execSql<Record<string, unknown>[]>(
      em,
      'select order_number as n from sales_order where order_number like ? ' +
        'order by length(order_number) desc, order_number desc limit 1',
      [`SO${day}%`],
    );
    const max = rows[0]?.n ? Number(String(rows[0].n).slice(10)) || 0 : 0;
    await execSql(
      em,
      `${isSqlite(em) ? 'insert or ignore' : 'insert ignore'} into order_number_counter (day, last) values (?, ?)`,
      [day, max],
      'run',
    );
  }
  throw new Error(`order number counter for ${day} could not be created`);
}
