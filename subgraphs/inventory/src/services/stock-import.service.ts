import {
  CsvFileCode,
  NotFoundError,
  newId,
  newestFirstPage,
  readCsvFile,
  recordAudit,
  Role,
  type CsvEncodingName,
  type CsvProblem,
  type CsvRow,
  type Page,
} from '@dnp/subgraph-kit';
import { createHash } from 'node:crypto';
import { StockImport, StockImportLine, StockImportStatus } from '../entities/stock-import.entity.js';
import type { Warehouse } from '../entities/warehouse.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import type { ImportSafetyStockInput } from '../schema/stock-import.input.js';
import { productLookup } from './product-lookup.js';
import { isSafetyStock, MAX_SAFETY_STOCK } from './safety-stock.service.js';

/** Largest file accepted, in bytes. */
export const MAX_IMPORT_BYTES = 3 * 1024 * 1024;
/** Most data lines a file may have. */
export const MAX_IMPORT_LINES = 20_000;
/** Lines inserted per statement when the job is stored. */
const INSERT_CHUNK = 500;
const DAY_MS = 86_400_000;
const MAX_FILE_NAME = 200;

/** Per-line refusal codes of a safety-stock file (file codes are the kit's CsvFileCode). */
export const StockImportCode = {
  WAREHOUSE_UNKNOWN: 'WAREHOUSE_UNKNOWN',
  WAREHOUSE_INACTIVE: 'WAREHOUSE_INACTIVE',
  SKU_UNKNOWN: 'SKU_UNKNOWN',
  SAFETY_STOCK_INVALID: 'SAFETY_STOCK_INVALID',
  DUPLICATE_LINE: 'DUPLICATE_LINE',
} as const;

const COLUMNS = {
  warehouse: ['仓库编码', 'warehouse', 'warehouseCode'],
  sku: ['SKU', '商品编码', 'sku'],
  safetyStock: ['安全库存', 'safetyStock'],
} as const;
type Column = keyof typeof COLUMNS;

/** One good line of a file, resolved. */
export interface GoodLine {
  lineNo: number;
  warehouseId: string;
  productId: string;
  safetyStock: number;
}

/** A file checked line by line: the good lines, the problems, and how many data lines it has. */
export interface CheckedFile {
  total: number;
  good: GoodLine[];
  /** Lines with at least one problem. */
  badLines: number;
  problems: CsvProblem[];
}

/** What importSafetyStock answers. */
export interface ImportResult {
  import: StockImport | null;
  duplicateOf: StockImport | null;
  errors: CsvProblem[];
}

/**
 * Checks every line of a read file: warehouse code known and active, SKU known to products (one
 * `_entities` call per 500), safety stock a whole number from 0 to 1,000,000, a (warehouse, SKU)
 * pair at most once. Every problem keeps its line and column.
 */
export async function checkLines(
  rows: readonly CsvRow<Column>[],
  malformed: readonly CsvProblem[],
  columns: Partial<Record<Column, { name: string }>>,
  warehouses: readonly Warehouse[],
): Promise<CheckedFile> {
  const byCode = new Map(warehouses.map((w) => [w.code, w]));
  const skus = await productLookup().idsBySku([...new Set(rows.map((r) => r.cells.sku).filter(Boolean))]);
  const problems: CsvProblem[] = [...malformed];
  const bad = new Set(malformed.map((p) => p.line));
  const good: GoodLine[] = [];
  const seen = new Map<string, number>();
  for (const { lineNo, cells } of rows) {
    const problem = (code: string, message: string, column: Column) => {
      problems.push({ code, message, line: lineNo, column: columns[column]?.name });
      bad.add(lineNo);
    };
    const warehouse = byCode.get(cells.warehouse);
    if (!warehouse)
      problem(StockImportCode.WAREHOUSE_UNKNOWN, `No warehouse has code "${cells.warehouse}"`, 'warehouse');
    else if (!warehouse.active)
      problem(StockImportCode.WAREHOUSE_INACTIVE, `${warehouse.code} is deactivated`, 'warehouse');
    const productId = skus.get(cells.sku);
    if (!productId) problem(StockImportCode.SKU_UNKNOWN, `No product has SKU "${cells.sku}"`, 'sku');
    const value = /^\d{1,7}$/.test(cells.safetyStock) ? Number(cells.safetyStock) : NaN;
    if (!isSafetyStock(value)) {
      const message = `"${cells.safetyStock}" is not a whole number from 0 to ${MAX_SAFETY_STOCK}`;
      problem(StockImportCode.SAFETY_STOCK_INVALID, message, 'safetyStock');
    }
    const pair = `${cells.warehouse}|${cells.sku}`;
    const first = seen.get(pair);
    if (first != null) problem(StockImportCode.DUPLICATE_LINE, `The same warehouse and SKU as line ${first}`, 'sku');
    else seen.set(pair, lineNo);
    if (!bad.has(lineNo)) good.push({ lineNo, warehouseId: warehouse!.id, productId: productId!, safetyStock: value });
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { total: rows.length + malformed.length, good, badLines: bad.size, problems };
}

/** Safety-stock imports (§6.2): validate the whole file first, then store the job a runner applies. */
export class StockImportService {
  /**
   * Imports a safety-stock file (HQ_ADMIN only). A file problem, or any bad line without
   * `importGoodLines`, answers the report and writes nothing; the same file within a day answers
   * `duplicateOf`. Otherwise one transaction stores the import (VALIDATED) with its good lines and
   * its audit entry, and the request answers at once; `StockImportRunner` applies the lines.
   */
  async import(ctx: InventoryContext, input: ImportSafetyStockInput, now = new Date()): Promise<ImportResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN);
    const refused = (errors: CsvProblem[]): ImportResult => ({ import: null, duplicateOf: null, errors });
    const fileName = input.fileName.trim();
    if (!fileName || fileName.length > MAX_FILE_NAME) {
      return refused([{ code: 'BAD_USER_INPUT', message: `fileName must be 1 to ${MAX_FILE_NAME} characters` }]);
    }
    if (input.contentBase64.length > Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + 4) {
      return refused([
        { code: CsvFileCode.FILE_TOO_LARGE, message: `The file is larger than ${MAX_IMPORT_BYTES} bytes` },
      ]);
    }
    const bytes = Buffer.from(input.contentBase64, 'base64');
    const table = readCsvFile(bytes, {
      encoding: (input.encoding ?? 'AUTO') as CsvEncodingName,
      columns: COLUMNS,
      required: ['warehouse', 'sku', 'safetyStock'],
      maxBytes: MAX_IMPORT_BYTES,
      maxLines: MAX_IMPORT_LINES,
    });
    if (table.errors.some((e) => e.line == null)) return refused(table.errors);
    if (!table.rows.length && !table.errors.length) {
      return refused([{ code: CsvFileCode.FILE_EMPTY, message: 'The file has a header but no lines' }]);
    }
    const sha = createHash('sha256').update(bytes).digest('hex');
    const earlier = await ctx.em.findOne(
      StockImport,
      { fileSha256: sha, createdAt: { $gte: new Date(now.getTime() - DAY_MS) } },
      { orderBy: { createdAt: 'desc' } },
    );
    if (earlier) return { import: null, duplicateOf: earlier, errors: [] };
    const checked = await checkLines(table.rows, table.errors, table.columns, await ctx.loaders.allWarehouses());
    if (!checked.good.length || (checked.badLines && !input.importGoodLines)) return refused(checked.problems);
    const job = await this.store(ctx, viewer.userId, { fileName, sha, checked, goodOnly: checked.badLines > 0 }, now);
    return { import: job, duplicateOf: null, errors: checked.problems };
  }

  /** One import by id (HQ_ADMIN only); NOT_FOUND when unknown. */
  async byId(ctx: InventoryContext, id: string): Promise<StockImport> {
    ctx.requireRole(Role.HQ_ADMIN);
    const row = await ctx.em.findOne(StockImport, { id });
    if (!row) throw new NotFoundError('StockImport', id);
    return row;
  }

  /** Imports newest first (HQ_ADMIN only). */
  list(ctx: InventoryContext, args: { first?: number | null; after?: string | null }): Promise<Page<StockImport>> {
    ctx.requireRole(Role.HQ_ADMIN);
    return newestFirstPage(ctx.em, StockImport, [], args);
  }

  /** The job and its good lines in one transaction, with the audit entry. */
  private store(
    ctx: InventoryContext,
    userId: string,
    file: { fileName: string; sha: string; checked: CheckedFile; goodOnly: boolean },
    now: Date,
  ): Promise<StockImport> {
    const { checked } = file;
    return ctx.em.fork({ clear: true }).transactional(async (tx) => {
      const job: StockImport = {
        ...{
          id: newId('sim', now),
          fileSha256: file.sha,
          fileName: file.fileName,
          status: StockImportStatus.VALIDATED,
        },
        ...{ totalLines: checked.total, goodLines: checked.good.length, badLines: checked.badLines, appliedLines: 0 },
        ...{ goodOnly: file.goodOnly, leaseUntil: null, createdByUserId: userId, createdAt: now, completedAt: null },
      };
      await tx.insert(StockImport, job);
      for (let i = 0; i < checked.good.length; i += INSERT_CHUNK) {
        const lines = checked.good.slice(i, i + INSERT_CHUNK).map((l) => ({ importId: job.id, ...l, applied: false }));
        await tx.insertMany(StockImportLine, lines);
      }
      const { id, fileName, totalLines, goodLines, badLines } = job;
      recordAudit(tx, ctx, {
        operation: 'importSafetyStock',
        action: 'CREATE',
        entityType: 'StockImport',
        entityId: id,
        after: { fileName, fileSha256: file.sha, totalLines, goodLines, badLines },
      });
      await tx.flush();
      return Object.assign(new StockImport(), job);
    });
  }
}
