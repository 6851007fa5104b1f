import { EventType } from '@dnp/event-bus';
import { insertAudit, newId, recordEvent, Role } from '@dnp/subgraph-kit';
import { UniqueConstraintViolationException, type EntityManager, type RequiredEntityData } from '@mikro-orm/core';
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
 * row hash, each new line matched and recorded as a payment through the payment service in its
 * chunk's transaction (idempotency key `bank:` + row hash), and the import completed with its
 * counts and event.
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

  /**
   * The good lines in chunks of 200, each chunk one transaction: insert (a line known by its hash
   * is skipped), then this import's lines of the chunk matched and the matched paid in the same
   * transaction, so a crash leaves a chunk whole or absent and a resumed import redoes it.
   */
  private async writeLines(ctx: FinanceContext, owned: BankImport, lines: BankCsvLine[], now: Date): Promise<void> {
    for (let i = 0; i < lines.length; i += CHUNK) {
      const chunk = lines.slice(i, i + CHUNK);
      const rows = chunk.map((l) => lineRow(owned, l, now));
      await ctx.em.fork({ clear: true }).transactional(async (tx) => {
        await (tx as unknown as SqlEntityManager)
          .createQueryBuilder(BankStatementLine)
          .insert(rows)
          .onConflict('rowHash')
          .ignore()
          .execute('run');
        const leaseUntil = new Date(Date.now() + LEASE_MS);
        await tx.nativeUpdate(BankImport, { id: owned.id }, { leaseUntil });
        await this.settleChunk(
          tx,
          ctx,
          owned.id,
          chunk.map((l) => l.rowHash),
        );
      });
    }
  }

  /**
   * Matches and pays this import's lines of one chunk that wait (new ones, and any claimed without
   * a payment by an older run); an unmatched line keeps a suggestion for the clerk. Lines are paid
   * in dealer id order (then line order), the lock order of every payment, so a chunk never
   * deadlocks with concurrent payments; each is matched again just before it is paid, since an
   * earlier line of the same dealer may have paid the invoices its first match named.
   */
  private async settleChunk(tx: EntityManager, ctx: FinanceContext, importId: string, hashes: string[]) {
    const pending = await tx.find(
      BankStatementLine,
      {
        importId,
        rowHash: { $in: hashes },
        $or: [{ status: BankLineStatus.UNMATCHED }, { status: BankLineStatus.MATCHED, paymentId: null }],
      },
      { orderBy: { lineNo: 'asc' } },
    );
    const toPay: { line: BankStatementLine; dealerId: string }[] = [];
    for (const line of pending) {
      if (line.dealerId && line.matchRule) {
        toPay.push({ line, dealerId: line.dealerId });
        continue;
      }
      const outcome = await matchBankLine(tx, line);
      if (outcome.match) toPay.push({ line, dealerId: outcome.match.dealerId });
      else
        await tx.nativeUpdate(BankStatementLine, { id: line.id }, { suggestionDealerId: outcome.suggestionDealerId });
    }
    toPay.sort((a, b) => a.dealerId.localeCompare(b.dealerId) || a.line.lineNo - b.line.lineNo);
    for (const { line } of toPay) {
      const claimed = line.dealerId && line.matchRule;
      const match = claimed
        ? { dealerId: line.dealerId!, rule: line.matchRule!, allocations: [] }
        : // A fresh identity map in the same transaction: the invoices as the earlier lines left them.
          (await matchBankLine(tx.fork({ clear: true, keepTransactionContext: true }), line)).match;
      if (match) await this.lines.settle(tx, ctx, line, match, null);
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
