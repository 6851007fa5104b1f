import type { EntityManager } from '@mikro-orm/core';

type RawResult = { affectedRows?: number; changes?: number } | Record<string, unknown>[];

/** Raw SQL on the entity manager's connection and transaction (the SQL drivers' `execute`). */
export function execSql<T = RawResult>(em: EntityManager, sql: string, params: unknown[], method: 'all' | 'run' = 'all'): Promise<T> {
  return (em as unknown as { execute(sql: string, params: unknown[], method: string): Promise<T> }).execute(sql, params, method);
}

/** True on SQLite (the embedded runtime and unit tests). */
export function isSqlite(em: EntityManager): boolean {
  return em.getPlatform().constructor.name.toLowerCase().includes('sqlite');
}

/** The placing day of `at` as yyyymmdd (UTC). */
export function orderDay(at: Date): string {
  return at.toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * The next order number of the day ("SO" + yyyymmdd + sequence, at least 4 digits), from a
 * counter row per day bumped with one atomic upsert. Call it inside the transaction that inserts
 * the order: the counter row stays locked until commit, so numbers are unique across processes.
 * The first number of a day continues after any order already numbered that day (seeded data).
 */
export async function nextOrderNumber(tx: EntityManager, at: Date): Promise<string> {
  const day = orderDay(at);
  const bumped = await execSql<RawResult>(tx, 'update order_number_counter set last = last + 1 where day = ?', [day], 'run');
  const affected = Array.isArray(bumped) ? 0 : Number(bumped.affectedRows ?? bumped.changes ?? 0);
  if (affected === 0) {
    const rows = await execSql<Record<string, unknown>[]>(tx, 'select order_number as n from sales_order where order_number like ? order by length(order_number) desc, order_number desc limit 1', [`SO${day}%`]);
    const max = rows[0]?.n ? Number(String(rows[0].n).slice(10)) || 0 : 0;
    const upsert = isSqlite(tx)
      ? 'insert into order_number_counter (day, last) values (?, ?) on conflict(day) do update set last = last + 1'
      : 'insert into order_number_counter (day, last) values (?, ?) on duplicate key update last = last + 1';
    await execSql(tx, upsert, [day, max + 1], 'run');
  }
  const rows = await execSql<Record<string, unknown>[]>(tx, 'select last from order_number_counter where day = ?', [day]);
  return `SO${day}${String(Number(rows[0]!.last)).padStart(4, '0')}`;
}
