import { EventType } from '@dnp/event-bus';
import { insertAudit, newId, recordEvent, Role } from '@dnp/subgraph-kit';
import { UniqueConstraintViolationException, type RequiredEntityData } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { createHash } from 'node:crypto';
import { bankAccounts } from '../config.js';
import { BankImport, BankImportStatus } from '../entities/bank-import.entity.js';
import { BankLineStatus, BankStatementLine } from '../entities/bank-statement-line.entity.js';
import type { FinanceContext } from '../finance-context.js';
import {
  BANK_CSV_MAX_BYTES,
  BankCsvCode,
  parseBankCsv,
  type BankCsvLine,
  type CsvEncoding,
  type CsvProblem,
  type ParsedBankCsv,
} from './bank-csv.parser.js';
import { BankLineService } from './bank-line.service.js';
import { matchBankLine } from './bank-matching.service.js';

/** What importBankStatement was given. */
export interface ImportBankStatementArgs {
  fileName: string;
  contentBase64: string;
  bankAccount: string;
  encoding: CsvEncoding;
  importGoodLines: boolean;
}

/** What it answers: the import, the earlier import of the same bytes, or the file's problems (nothing written). */
export interface ImportBankStatementResult {
  import: BankImport | null;
  duplicateOf: BankImport | null;
  errors: CsvProblem[];
}

const CHUNK = 200;
/** How long an import owns its file; each chunk renews it, and a file sent again after it resumes the import. */
const LEASE_MS = 5 * 60_000;

/**
 * Bank file imports (§12.5): parsed whole first (nothing written unless every line is good or the
 * clerk asks for the good lines only), the import row unique by the file's SHA-256 (a concurrent
 * twin answers the first as duplicateOf), lines inserted in chunks of 200 idempotently by their
 * row hash, then each new line matched and recorded as a payment through the payment service
 * (idempotency key `bank:` + row hash), and the import completed with its counts and event.
 */
export class BankImportService {
  private readonly lines = new BankLineService();

  /** Imports one file; see the class. */
  async import(
    ctx: FinanceContext,
    args: ImportBankStatementArgs,
    now = new Date(),
  ): Promise<ImportBankStatementResult> {
    ctx.requireRole(Role.HQ_ADMIN, Role.FINANCE_CLERK);
    if (args.contentBase64.length > Math.ceil(BANK_CSV_MAX_BYTES / 3) * 4 + 4) {
      const message = `The file is larger than ${BANK_CSV_MAX_BYTES} bytes`;
      return refused([{ code: BankCsvCode.FILE_TOO_LARGE, message }]);
    }
    const bytes = Buffer.from(args.contentBase64, 'base64');
    const parsed = parseBankCsv(bytes, {
      bankAccount: args.bankAccount,
      bankAccounts: new Set(bankAccounts.keys()),
      encoding: args.encoding,
    });
    const fileProblem = parsed.errors.some((e) => e.line === undefined);
    if (fileProblem || (parsed.errors.length > 0 && !args.importGoodLines)) return refused(parsed.errors);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const claim = await this.claim(ctx, sha, args, parsed, now);
    if (claim.duplicateOf) return { import: null, duplicateOf: claim.duplicateOf, errors: [] };
    const owned = claim.import!;
    await this.writeLines(ctx, owned, parsed.lines, now);
    await this.matchPending(ctx, owned.id);
    return { import: await this.complete(ctx, owned, parsed), duplicateOf: null, errors: [] };
  }

  /** The import of these bytes for this request: new, or a crashed one taken over; else the twin to answer. */
  private async claim(
    ctx: FinanceContext,
    sha: string,
    args: ImportBankStatementArgs,
    parsed: ParsedBankCsv,
    now: Date,
  ): Promise<{ import?: BankImport; duplicateOf?: BankImport }> {
    const existing = await ctx.em.fork({ clear: true }).findOne(BankImport, { fileSha256: sha });
    if (existing) return this.takeOver(ctx, existing, now);
    const row: BankImport = Object.assign(new BankImport(), {
      id: newId('bim', now),
      fileSha256: sha,
      fileName: args.fileName.trim().slice(0, 200) || 'bank.csv',
      bankAccount: args.bankAccount,
      encoding: parsed.encoding,
      status: BankImportStatus.IMPORTING,
      leaseUntil: new Date(now.getTime() + LEASE_MS),
      lineCount: parsed.lines.length + parsed.errors.length,
      errorCount: parsed.errors.length,
      importedByUserId: ctx.requireViewer().userId,
      createdAt: now,
      completedAt: null,
    });
    try {
      await ctx.em.fork({ clear: true }).transactional(async (tx) => {
        await tx.insert(BankImport, row);
        const after = { fileName: row.fileName, bankAccount: row.bankAccount, lines: row.lineCount };
        await insertAudit(tx, ctx, {
          operation: 'importBankStatement',
          action: 'CREATE',
          entityType: 'BankImport',
          entityId: row.id,
          after,
        });
      });
      return { import: row };
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      const twin = await ctx.em.fork({ clear: true }).findOneOrFail(BankImport, { fileSha256: sha });
      return { duplicateOf: twin };
    }
  }

  /** A completed or live import is the twin; one whose lease ran out is resumed by this request. */
  private async takeOver(
    ctx: FinanceContext,
    existing: BankImport,
    now: Date,
  ): Promise<{ import?: BankImport; duplicateOf?: BankImport }> {
    if (existing.status === BankImportStatus.COMPLETED || existing.leaseUntil > now) return { duplicateOf: existing };
    const leaseUntil = new Date(now.getTime() + LEASE_MS);
    const taken = await ctx.em
      .fork()
      .nativeUpdate(
        BankImport,
        { id: existing.id, status: BankImportStatus.IMPORTING, leaseUntil: existing.leaseUntil },
        { leaseUntil },
      );
    return taken === 1 ? { import: Object.assign(existing, { leaseUntil }) } : { duplicateOf: existing };
  }

  /** Inserts the good lines in chunks of 200, each chunk one transaction; a line known by its hash is skipped. */
  private async writeLines(ctx: FinanceContext, owned: BankImport, lines: BankCsvLine[], now: Date): Promise<void> {
    for (let i = 0; i < lines.length; i += CHUNK) {
      const rows = lines.slice(i, i + CHUNK).map((l) => lineRow(owned, l, now));
      await ctx.em.fork({ clear: true }).transactional(async (tx) => {
        await (tx as unknown as SqlEntityManager)
          .createQueryBuilder(BankStatementLine)
          .insert(rows)
          .onConflict('rowHash')
          .ignore()
          .execute('run');
        const leaseUntil = new Date(Date.now() + LEASE_MS);
        await tx.nativeUpdate(BankImport, { id: owned.id }, { leaseUntil });
      });
    }
  }

  /**
   * Matches this import's lines that wait: new ones, and any a crashed run claimed without a
   * payment. A line the rules do not match keeps a suggestion for the clerk.
   */
  private async matchPending(ctx: FinanceContext, importId: string): Promise<void> {
    let after = 0;
    for (;;) {
      const em = ctx.em.fork({ clear: true });
      const pending = await em.find(
        BankStatementLine,
        {
          importId,
          lineNo: { $gt: after },
          $or: [{ status: BankLineStatus.UNMATCHED }, { status: BankLineStatus.MATCHED, paymentId: null }],
        },
        { orderBy: { lineNo: 'asc' }, limit: CHUNK },
      );
      for (const line of pending) {
        const outcome = line.dealerId && line.matchRule ? null : await matchBankLine(em, line);
        if (outcome && !outcome.match) {
          await em.nativeUpdate(BankStatementLine, { id: line.id }, { suggestionDealerId: outcome.suggestionDealerId });
          continue;
        }
        const match = outcome?.match ?? { dealerId: line.dealerId!, rule: line.matchRule!, allocations: [] };
        await this.lines.settle(ctx, line, match, null);
      }
      if (pending.length < CHUNK) return;
      after = pending.at(-1)!.lineNo;
    }
  }

  /** COMPLETED with the counts as stored, and bank_import_completed, in one transaction. */
  private async complete(ctx: FinanceContext, owned: BankImport, parsed: ParsedBankCsv): Promise<BankImport> {
    return ctx.em.fork({ clear: true }).transactional(async (tx) => {
      const count = (where: object) => tx.count(BankStatementLine, { importId: owned.id, ...where });
      const imported = await count({});
      const counts = {
        importedCount: imported,
        duplicateCount: parsed.lines.length - imported,
        matchedCount: await count({ status: BankLineStatus.MATCHED }),
        unmatchedCount: await count({ status: BankLineStatus.UNMATCHED }),
      };
      const completedAt = new Date();
      await tx.nativeUpdate(
        BankImport,
        { id: owned.id },
        { ...counts, status: BankImportStatus.COMPLETED, completedAt },
      );
      recordEvent(tx, {
        type: EventType.BANK_IMPORT_COMPLETED,
        subjectId: owned.id,
        scope: { hqOnly: true },
        payload: {
          importId: owned.id,
          lines: owned.lineCount,
          imported: counts.importedCount,
          duplicates: counts.duplicateCount,
          matched: counts.matchedCount,
          unmatched: counts.unmatchedCount,
          errors: owned.errorCount,
        },
      });
      await tx.flush();
      return Object.assign(owned, counts, { status: BankImportStatus.COMPLETED, completedAt });
    });
  }
}

function refused(errors: CsvProblem[]): ImportBankStatementResult {
  return { import: null, duplicateOf: null, errors };
}

function lineRow(owned: BankImport, l: BankCsvLine, now: Date): RequiredEntityData<BankStatementLine> {
  return {
    id: newId('bsl', now),
    importId: owned.id,
    lineNo: l.lineNo,
    rowHash: l.rowHash,
    bankAccount: owned.bankAccount,
    valueDate: l.valueDate,
    amountMinor: l.amountMinor,
    payerName: l.payerName.slice(0, 200),
    payerAccount: l.payerAccount.slice(0, 64),
    payerBank: l.payerBank.slice(0, 200),
    summary: l.summary.slice(0, 500),
    remark: l.remark.slice(0, 500),
    bankSerial: l.bankSerial.slice(0, 64),
    status: BankLineStatus.UNMATCHED,
    matchRule: null,
    dealerId: null,
    paymentId: null,
    suggestionDealerId: null,
    handledByUserId: null,
    handledAt: null,
    ignoreReason: null,
    createdAt: now,
  };
}
