import { demoCatalog } from '@dnp/demo-data';
import { AuditEntry, createLogger, CsvEncoding, EventType, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StockImport, StockImportLine, StockImportStatus } from '../entities/stock-import.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import type { InventoryLoaders } from '../inventory-context.js';
import { inventorySubgraph } from '../subgraph.js';
import { useProductLookup } from './product-lookup.js';
import { StockImportRunner } from './stock-import.runner.js';
import { StockImportService } from './stock-import.service.js';

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
const products = demoCatalog().products.slice(0, 40);
let db: TestSubgraph<InventoryLoaders>;
const imports = new StockImportService();

beforeAll(async () => {
  db = await openTestSubgraph(inventorySubgraph, { seed: true });
  const bySku = new Map(products.map((p) => [p.sku, p.id]));
  useProductLookup({
    known: async (ids) => new Set(ids.filter((id) => [...bySku.values()].includes(id))),
    idsBySku: async (skus) => new Map(skus.flatMap((s) => (bySku.has(s) ? [[s, bySku.get(s)!] as const] : []))),
  });
});
afterAll(async () => {
  useProductLookup(undefined);
  await db.close();
});

const runner = () => new StockImportRunner(db.orm, createLogger('stock-import-spec', 'silent'));
const base64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const run = (text: string | Buffer, importGoodLines = false, fileName = 'safety.csv') =>
  imports.import(db.context(hq), {
    fileName,
    contentBase64: base64(text),
    encoding: CsvEncoding.AUTO,
    importGoodLines,
  });

async function counts() {
  const em = db.orm.em.fork();
  return {
    imports: await em.count(StockImport, {}),
    lines: await em.count(StockImportLine, {}),
    audit: await em.count(AuditEntry, {}),
    outbox: await em.count(OutboxEvent, {}),
  };
}

/** A file of `n` lines (line k sets product k in WH-EAST to 100 + k), with the given lines replaced. */
function file(n: number, replace: Record<number, string> = {}, header = '仓库编码,SKU,安全库存'): string {
  const lines = [header];
  for (let k = 0; k < n; k++) lines.push(`WH-EAST,${products[k]!.sku},${100 + k}`);
  for (const [lineNo, text] of Object.entries(replace)) lines[Number(lineNo) - 1] = text;
  return lines.join('\n') + '\n';
}

describe('importSafetyStock', () => {
  it('refuses a file with bad lines, naming each line and column, and writes nothing', async () => {
    const before = await counts();
    const result = await run(
      file(10, { 4: `WH-EAST,NO-SUCH-SKU,5`, 7: `WH-EAST,${products[5]!.sku},-3`, 9: 'WH-NOPE,x,1,extra' }),
    );
    expect(result.import).toBeNull();
    expect(result.errors.map((e) => [e.code, e.line, e.column])).toEqual([
      ['SKU_UNKNOWN', 4, 'SKU'],
      ['SAFETY_STOCK_INVALID', 7, '安全库存'],
      ['CSV_LINE_MALFORMED', 9, undefined],
    ]);
    expect(await counts()).toEqual(before);
  });

  it('answers file problems alone', async () => {
    expect((await run('')).errors.map((e) => e.code)).toEqual(['FILE_EMPTY']);
    expect((await run('warehouse,price\nWH-HQ,1\n')).errors.map((e) => e.code)).toEqual(['CSV_HEADER_MISSING']);
    const dup = file(3, { 3: `WH-EAST,${products[0]!.sku},7` });
    const errors = (await run(dup)).errors;
    expect(errors.map((e) => [e.code, e.line])).toEqual([['DUPLICATE_LINE', 3]]);
  });

  it('imports the good lines when asked, applies them 500 at a time, and completes with its event', async () => {
    const text = file(30, { 4: 'WH-EAST,NO-SUCH-SKU,5', 7: `WH-EAST,${products[5]!.sku},abc` });
    const { import: job, errors } = await run(text, true);
    expect(errors.map((e) => e.line)).toEqual([4, 7]);
    expect(job).toMatchObject({ status: StockImportStatus.VALIDATED, totalLines: 30, goodLines: 28, badLines: 2 });
    expect(await runner().run()).toBe(28);
    const done = await db.orm.em.fork().findOneOrFail(StockImport, { id: job!.id });
    expect(done).toMatchObject({ status: StockImportStatus.COMPLETED, appliedLines: 28 });
    expect(done.completedAt).not.toBeNull();
    const level = await db.orm.em
      .fork()
      .findOneOrFail(StockLevel, { warehouseId: 'wh_east', productId: products[9]!.id });
    expect(level.safetyStock).toBe(109); // product k is set to 100 + k
    const event = await db.orm.em.fork().findOneOrFail(OutboxEvent, { type: EventType.STOCK_IMPORT_COMPLETED });
    expect(event.payload).toEqual({ importId: job!.id, lines: 30, applied: 28, badLines: 2 });
    // The same file again within a day: the earlier import, nothing new.
    const again = await run(text, true, 'again.csv');
    expect(again).toMatchObject({ import: null, duplicateOf: { id: job!.id }, errors: [] });
  });

  it('reads GBK files and resumes an import whose runner stopped', async () => {
    // The header "仓库编码,商品编码,安全库存" in GBK; the lines are ASCII (the same in GBK), CRLF-terminated.
    const header = Buffer.from('b2d6bfe2b1e0c2eb2cc9ccc6b7b1e0c2eb2cb0b2c8abbfe2b4e6', 'hex');
    const body = file(12).slice(file(12).indexOf('\n')).replace(/\n/g, '\r\n');
    const gbk = Buffer.concat([header, Buffer.from(body, 'ascii')]);
    const { import: job, errors } = await run(gbk);
    expect(errors).toEqual([]);
    // A runner took it, applied 5 lines and stopped (its lease has run out).
    const em = db.orm.em.fork();
    await em.nativeUpdate(StockImportLine, { importId: job!.id, lineNo: { $lte: 6 } }, { applied: true });
    await em.nativeUpdate(
      StockImport,
      { id: job!.id },
      { status: StockImportStatus.APPLYING, appliedLines: 5, leaseUntil: new Date(Date.now() - 1) },
    );
    expect(await runner().run()).toBe(7);
    expect(await db.orm.em.fork().findOneOrFail(StockImport, { id: job!.id })).toMatchObject({
      status: StockImportStatus.COMPLETED,
      appliedLines: 12,
    });
  });

  it('answers through the schema, HQ only', async () => {
    const mutation =
      'mutation($i: ImportSafetyStockInput!) { importSafetyStock(input: $i) { import { id status goodLines } ' +
      'duplicateOf { id } errors { code line column } } }';
    const i = { fileName: 'gql.csv', contentBase64: base64(file(2, {}, 'warehouse,sku,safetyStock')) };
    const res = await db.execute(mutation, { i }, hq);
    expect(res.errors).toBeUndefined();
    const payload = (res.data as { importSafetyStock: { import: { id: string } } }).importSafetyStock;
    expect(payload).toMatchObject({ import: { status: 'VALIDATED', goodLines: 2 }, duplicateOf: null, errors: [] });
    const read = await db.execute(
      'query($id: ID!) { stockImport(id: $id) { fileName } }',
      { id: payload.import.id },
      hq,
    );
    expect(read.data).toEqual({ stockImport: { fileName: 'gql.csv' } });
    const list = await db.execute('{ stockImports(first: 50) { edges { node { id } } } }', {}, hq);
    expect(JSON.stringify(list.data)).toContain(payload.import.id);
    const manager: Viewer = { userId: 'usr_east_manager', role: Role.REGION_MANAGER, regionId: 'reg_east' };
    const refused = await db.execute(mutation, { i }, manager);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
