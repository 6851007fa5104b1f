import { EntitySchema, MikroORM } from '@mikro-orm/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteDateSnapshots } from './database.js';

class Thing {
  id!: string;
  at!: Date;
  n!: number;
}
const ThingSchema = new EntitySchema<Thing>({
  class: Thing,
  tableName: 'thing',
  properties: { id: { type: 'string', primary: true }, at: { type: 'datetime' }, n: { type: 'integer' } },
});

let orm: MikroORM | undefined;
afterEach(async () => orm?.close());

async function open(subscribers: (typeof sqliteDateSnapshots)[]) {
  const queries: string[] = [];
  orm = await MikroORM.init({
    entities: [ThingSchema],
    dbName: ':memory:',
    forceUtcTimezone: true,
    allowGlobalContext: true,
    subscribers,
    onQuery: (sql) => (queries.push(sql), sql),
  });
  await orm.schema.create();
  await orm.em.insert(Thing, { id: 'a', at: new Date('2026-12-06T03:00:00Z'), n: 1 });
  queries.length = 0;
  return { orm, queries };
}

describe('sqliteDateSnapshots', () => {
  it('stops a flush from writing back the datetimes it loaded, and keeps real changes', async () => {
    const bare = await open([]);
    const em0 = bare.orm.em.fork();
    await em0.findOne(Thing, { id: 'a' });
    await em0.flush();
    // The MikroORM behaviour the subscriber works around (if this starts failing, it may go).
    expect(bare.queries.filter((q) => q.startsWith('update'))).toHaveLength(1);
    await bare.orm.close();

    const { orm: fixed, queries } = await open([sqliteDateSnapshots]);
    const em = fixed.em.fork();
    const thing = (await em.findOne(Thing, { id: 'a' }))!;
    await em.findOne(Thing, { id: 'a' }, { refresh: true });
    await em.flush();
    expect(queries.filter((q) => q.startsWith('update'))).toEqual([]);
    thing.at = new Date('2026-12-07T03:00:00Z');
    await em.flush();
    expect(queries.filter((q) => q.startsWith('update'))).toEqual(['update `thing` set `at` = ? where `id` = ?']);
    const again = await fixed.em.fork().findOne(Thing, { id: 'a' });
    expect(again!.at.toISOString()).toBe('2026-12-07T03:00:00.000Z');
  });
});
