import { EntitySchema, MikroORM } from '@mikro-orm/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { sqlCase, updateEach } from './update-each.js';

class Row {
  id!: string;
  status!: string;
  total!: number;
  note!: string | null;
  at!: Date;
}
const RowSchema = new EntitySchema<Row>({
  class: Row,
  tableName: 'row_t',
  properties: {
    id: { type: 'string', primary: true },
    status: { type: 'string' },
    total: { type: 'integer' },
    note: { type: 'string', nullable: true },
    at: { type: 'datetime' },
  },
});

let orm: MikroORM | undefined;
afterEach(async () => orm?.close());

async function open() {
  const queries: string[] = [];
  orm = await MikroORM.init({
    entities: [RowSchema],
    dbName: ':memory:',
    forceUtcTimezone: true,
    allowGlobalContext: true,
    onQuery: (sql) => (queries.push(sql), sql),
  });
  await orm.schema.create();
  const at = new Date('2026-12-06T00:00:00Z');
  await orm.em.insertMany(
    Row,
    ['a', 'b', 'c'].map((id) => ({ id, status: 'OPEN', total: 0, note: 'n', at })),
  );
  queries.length = 0;
  return { em: orm.em.fork(), queries };
}

describe('sqlCase', () => {
  it('maps each key to its value, with the parameters in order and an optional fallback', () => {
    expect(
      sqlCase('id', [
        ['a', 1],
        ['b', 2],
      ]),
    ).toEqual({ sql: 'case id when ? then ? when ? then ? end', params: ['a', 1, 'b', 2] });
    expect(sqlCase('`id`', [['a', null]], '`n`').sql).toBe('case `id` when ? then ? else `n` end');
  });
});

describe('updateEach', () => {
  it('sets different columns and values per row in one statement, leaving unlisted rows alone', async () => {
    const { em, queries } = await open();
    const at = new Date('2026-12-07T08:30:00Z');
    const n = await updateEach(em, Row, [
      { id: 'a', set: { status: 'DONE', total: 5, at } },
      { id: 'b', set: { note: null } },
    ]);
    expect(n).toBe(2);
    expect(queries.filter((q) => q.startsWith('update'))).toHaveLength(1);
    const rows = await orm!.em.fork().find(Row, {}, { orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.id, r.status, r.total, r.note, r.at.toISOString()])).toEqual([
      ['a', 'DONE', 5, 'n', at.toISOString()],
      ['b', 'OPEN', 0, null, '2026-12-06T00:00:00.000Z'],
      ['c', 'OPEN', 0, 'n', '2026-12-06T00:00:00.000Z'],
    ]);
  });

  it('changes only the rows whose guard holds, and says how many', async () => {
    const { em } = await open();
    await updateEach(em, Row, [{ id: 'b', set: { status: 'DONE' } }]);
    const n = await updateEach(
      em,
      Row,
      [
        { id: 'a', set: { total: 1 } },
        { id: 'b', set: { total: 1 } },
      ],
      { status: 'OPEN' },
    );
    expect(n).toBe(1);
    const rows = await orm!.em.fork().find(Row, {}, { orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.total)).toEqual([1, 0, 0]);
  });

  it('does nothing for no rows and refuses unknown properties', async () => {
    const { em, queries } = await open();
    expect(await updateEach(em, Row, [])).toBe(0);
    expect(queries).toEqual([]);
    await expect(updateEach(em, Row, [{ id: 'a', set: { nope: 1 } as never }])).rejects.toThrow(
      'Row.nope is not a column',
    );
  });
});
