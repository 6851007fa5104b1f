import type { EntityManager, EntityName } from '@mikro-orm/core';

/**
 * `case <keyColumn> when ? then ? … [else <otherwise>] end` for `pairs` (key, value), with its
 * parameters in order: the per-row value of a statement that changes several rows at once.
 */
export function sqlCase(
  keyColumn: string,
  pairs: readonly (readonly [unknown, unknown])[],
  otherwise?: string,
): { sql: string; params: unknown[] } {
  return {
    sql: `case ${keyColumn} ${pairs.map(() => 'when ? then ?').join(' ')}${otherwise ? ` else ${otherwise}` : ''} end`,
    params: pairs.flatMap(([key, value]) => [key, value]),
  };
}

/** One row of `updateEach`: its primary key and the properties to set. */
export interface RowUpdate<T> {
  id: string;
  set: Partial<T>;
}

/**
 * Updates several rows of one entity in one statement (a group commit's per-row updates):
 * each column is set with `CASE <pk> WHEN … THEN … ELSE <column> END`, so rows may set
 * different columns and different values; only the listed rows are touched, and only those
 * whose `guard` properties still hold the given values (the WHERE sees the rows before the
 * change). Answers how many rows changed: fewer than listed means a guard failed somewhere.
 * Values go through the properties' custom types and the platform's date handling, as
 * `nativeUpdate` would; raw SQL fragments are not supported.
 */
export async function updateEach<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  rows: readonly RowUpdate<T>[],
  guard: Partial<T> = {},
): Promise<number> {
  if (!rows.length) return 0;
  const meta = em.getMetadata().get(entity);
  const platform = em.getPlatform();
  const q = (column: string) => platform.quoteIdentifier(column);
  const columnOf = (name: string) => {
    const prop = (meta.properties as Record<string, (typeof meta.properties)[keyof typeof meta.properties]>)[name];
    if (!prop?.fieldNames?.length) throw new Error(`${meta.className}.${name} is not a column`);
    return prop;
  };
  const dbValue = (name: string, value: unknown) => {
    const prop = columnOf(name);
    if (value == null) return null;
    if (prop.customType) return prop.customType.convertToDatabaseValue(value, platform, { mode: 'query' });
    if (value instanceof Date) return platform.processDateProperty(value);
    return value;
  };
  const pk = q(columnOf(meta.primaryKeys[0] as string).fieldNames[0]!);
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.set)))];
  const params: unknown[] = [];
  const sets = names.map((name) => {
    const column = q(columnOf(name).fieldNames[0]!);
    const value = sqlCase(
      pk,
      rows.filter((r) => name in r.set).map((r) => [r.id, dbValue(name, (r.set as Record<string, unknown>)[name])]),
      column,
    );
    params.push(...value.params);
    return `${column} = ${value.sql}`;
  });
  params.push(...rows.map((r) => r.id));
  const guards = Object.entries(guard).map(([name, value]) => {
    params.push(dbValue(name, value));
    return ` and ${q(columnOf(name).fieldNames[0]!)} = ?`;
  });
  const sql =
    `update ${q(meta.tableName)} set ${sets.join(', ')} where ${pk} in ` +
    `(${rows.map(() => '?').join(', ')})${guards.join('')}`;
  const res = await em.getConnection().execute(sql, params, 'run', em.getTransactionContext());
  return Number((res as { affectedRows?: number }).affectedRows ?? 0);
}
