import { createLogger, openDatabase } from '@dnp/subgraph-kit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Product } from '../entities/product.entity.js';
import { productsSubgraph } from '../subgraph.js';
import { migrations } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'dnp-products-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open = (sqlite: typeof migrations.sqlite) =>
  openDatabase({
    config: { DB_CLIENT: 'sqlite', DB_PATH: join(dir, 'products.sqlite'), DB_POOL_MAX: 1, LOG_LEVEL: 'silent' },
    entities: productsSubgraph.entities,
    migrations: { sqlite, mysql: [] },
    log: createLogger('products-migrations-spec', 'silent'),
  });

describe('the TaxClass migration', () => {
  it('adds the column to a catalogue that already has products, which read STANDARD', async () => {
    const before = await open(migrations.sqlite.filter((m) => !m.name.endsWith('_TaxClass')));
    await before.em.getConnection().execute(
      `insert into product (id, sku, name, name_en, brand_id, category_id, category_path, unit, unit_en, barcode,
         shelf_life_days, traceable, status, search_text, created_at, updated_at)
       values ('prd_old', 'JH-OLD-0001', '旧品', 'Old', 'brd_jiahe', 'cat_mlk', '/cat_dairy/cat_mlk/', '箱', 'case',
         '6900000000001', 180, 0, 'ACTIVE', 'old', 0, 0)`,
    );
    await before.close();
    const after = await open(migrations.sqlite);
    expect((await after.em.fork().findOneOrFail(Product, 'prd_old')).taxClass).toBe('STANDARD');
    await expect(
      after.em.getConnection().execute(`update product set tax_class = 'HALF' where id = 'prd_old'`),
    ).rejects.toThrow(/CHECK constraint/i);
    await after.close();
  });
});
