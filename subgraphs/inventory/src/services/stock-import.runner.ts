import { EventType, recordEvent, type Logger } from '@dnp/subgraph-kit';
import { raw, type EntityManager, type MikroORM } from '@mikro-orm/core';
import { StockImport, StockImportLine, StockImportStatus } from '../entities/stock-import.entity.js';
import { Warehouse } from '../entities/warehouse.entity.js';
import { applySafetyStock } from './safety-stock.service.js';

/** Lines applied per transaction. */
export const IMPORT_CHUNK = 500;
/** How long a runner owns an import without renewing (a crashed runner's import is resumed after it). */
export const IMPORT_LEASE_MS = 30_000;

/**
 * Applies stored safety-stock imports (§6.2): takes one import whose lease is free (VALIDATED, or
 * APPLYING left by a runner that stopped), then applies its lines 500 per transaction, each
 * transaction also marking its lines applied, counting `appliedLines` and renewing the lease, so
 * an interrupted import resumes where it stopped and no line is applied twice. The last chunk
 * completes the import and records `inventory.stock_import_completed`. Lines of a warehouse
 * deactivated since the validation are passed over (counted, not applied).
 */
export class StockImportRunner {
  constructor(
    private readonly orm: MikroORM,
    private readonly log: Logger,
  ) {}

  /** Applies every import there is to apply now; answers how many lines it applied. */
  async run(now = () => new Date()): Promise<number> {
    let applied = 0;
    for (let job = await this.claim(now()); job; job = await this.claim(now())) {
      for (let n = await this.chunk(job, now()); n > 0; n = await this.chunk(job, now())) applied += n;
    }
    return applied;
  }

  /** Leases one import with lines to apply; null when none is free. */
  private async claim(at: Date): Promise<StockImport | null> {
    const em = this.orm.em.fork();
    const free = {
      status: { $in: [StockImportStatus.VALIDATED, StockImportStatus.APPLYING] },
      $or: [{ leaseUntil: null }, { leaseUntil: { $lt: at } }],
    };
    const candidate = await em.findOne(StockImport, free, { orderBy: { createdAt: 'asc', id: 'asc' } });
    if (!candidate) return null;
    const leaseUntil = new Date(at.getTime() + IMPORT_LEASE_MS);
    const taken = await em.nativeUpdate(
      StockImport,
      { id: candidate.id, ...free },
      { status: StockImportStatus.APPLYING, leaseUntil },
    );
    // Another runner took it first: look again.
    if (!taken) return this.claim(at);
    if (candidate.status === StockImportStatus.APPLYING) this.log.info({ importId: candidate.id }, 'resuming import');
    return Object.assign(candidate, { status: StockImportStatus.APPLYING, leaseUntil });
  }

  /** One transaction: the next lines applied and marked, progress counted, the lease renewed; completes at the end. */
  private chunk(job: StockImport, at: Date): Promise<number> {
    return this.orm.em.fork({ clear: true }).transactional(async (tx) => {
      const lines = await tx.find(
        StockImportLine,
        { importId: job.id, applied: false },
        { orderBy: { lineNo: 'asc' }, limit: IMPORT_CHUNK, disableIdentityMap: true },
      );
      if (!lines.length) {
        await this.complete(tx, job, at);
        return 0;
      }
      const warehouseIds = [...new Set(lines.map((l) => l.warehouseId))];
      const live = new Map(
        (await tx.find(Warehouse, { id: { $in: warehouseIds }, active: true }, { disableIdentityMap: true })).map(
          (w) => [w.id, w],
        ),
      );
      for (const line of lines) {
        const warehouse = live.get(line.warehouseId);
        if (warehouse) await applySafetyStock(tx, { warehouse, ...line }, at);
      }
      await tx.nativeUpdate(
        StockImportLine,
        { importId: job.id, lineNo: { $in: lines.map((l) => l.lineNo) } },
        {
          applied: true,
        },
      );
      const renewed = await tx.nativeUpdate(StockImport, { id: job.id, status: StockImportStatus.APPLYING }, {
        appliedLines: raw('applied_lines + ?', [lines.length]),
        leaseUntil: new Date(at.getTime() + IMPORT_LEASE_MS),
      } as never);
      if (!renewed) throw new Error(`import ${job.id} is no longer applying`);
      await tx.flush();
      return lines.length;
    });
  }

  /** Marks the import COMPLETED and records its event, in the last transaction. */
  private async complete(tx: EntityManager, job: StockImport, at: Date): Promise<void> {
    const done = await tx.nativeUpdate(
      StockImport,
      { id: job.id, status: StockImportStatus.APPLYING },
      {
        status: StockImportStatus.COMPLETED,
        completedAt: at,
        leaseUntil: null,
      },
    );
    if (!done) return;
    const row = await tx.findOneOrFail(StockImport, { id: job.id }, { disableIdentityMap: true });
    recordEvent(tx, {
      type: EventType.STOCK_IMPORT_COMPLETED,
      subjectId: job.id,
      scope: { hqOnly: true },
      occurredAt: at,
      payload: { importId: job.id, lines: row.totalLines, applied: row.appliedLines, badLines: row.badLines },
    });
    await tx.flush();
    this.log.info({ importId: job.id, applied: row.appliedLines }, 'safety-stock import completed');
  }
}
