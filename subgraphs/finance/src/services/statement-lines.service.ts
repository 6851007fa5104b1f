import { decodeCursor, pageSize, toPage, type Page } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import type { Statement } from '../entities/statement.entity.js';

/** What kind of document a statement line is. */
export type StatementLineKind = 'INVOICE' | 'PAYMENT' | 'CREDIT_NOTE';

/** One document of a statement's month, with the balance after it. */
export interface StatementLineRow {
  /** The position in the month's list, 0-based (the cursor). */
  index: number;
  date: string;
  kind: StatementLineKind;
  documentId: string;
  number: string;
  /** 摘要: what the document is, in the statement's words. */
  description: string;
  debitMinor: number;
  creditMinor: number;
  balanceMinor: number;
}

const KIND_ORDER: Record<StatementLineKind, number> = { INVOICE: 0, CREDIT_NOTE: 1, PAYMENT: 2 };

const QUERIES: Record<StatementLineKind, string> = {
  INVOICE:
    'select id, number, issued_on as d, amount_minor as amount, order_number as ref from invoice ' +
    'where dealer_id = ? and period = ?',
  PAYMENT:
    'select id, reference as number, received_on as d, amount_minor as amount, method as ref from payment ' +
    'where dealer_id = ? and period = ?',
  CREDIT_NOTE:
    'select id, number, issued_on as d, amount_minor as amount, reason as ref from credit_note ' +
    'where dealer_id = ? and period = ?',
};

const METHOD_NAMES: Record<string, string> = { BANK_TRANSFER: '银行转账', ACCEPTANCE_BILL: '承兑汇票', OFFSET: '冲抵' };

function describe(kind: StatementLineKind, ref: string | null): string {
  if (kind === 'INVOICE') return ref ? `销售发票 订单 ${ref}` : '销售发票';
  if (kind === 'PAYMENT') return `回款 ${METHOD_NAMES[ref ?? ''] ?? ref ?? ''}`.trim();
  return ref ? `红字发票 ${ref}` : '红字发票';
}

type Row = { id: string; number: string; d: string; amount: number | string; ref: string | null };

/**
 * The documents of a statement's dealer and month in date order (invoices, then credit notes,
 * then payments on the same day), each with the running balance from the opening balance: the
 * last balance is the closing balance.
 */
export async function statementLines(
  em: EntityManager,
  statement: Pick<Statement, 'dealerId' | 'period' | 'openingMinor'>,
): Promise<StatementLineRow[]> {
  const rows: Omit<StatementLineRow, 'index' | 'balanceMinor'>[] = [];
  for (const kind of Object.keys(QUERIES) as StatementLineKind[]) {
    const found = (await em
      .getConnection()
      .execute(QUERIES[kind], [statement.dealerId, statement.period], 'all', em.getTransactionContext())) as Row[];
    for (const r of found) {
      const amount = Number(r.amount);
      rows.push({
        date: r.d,
        kind,
        documentId: r.id,
        number: r.number,
        description: describe(kind, r.ref),
        debitMinor: kind === 'INVOICE' ? amount : 0,
        creditMinor: kind === 'INVOICE' ? 0 : amount,
      });
    }
  }
  rows.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      a.number.localeCompare(b.number) ||
      a.documentId.localeCompare(b.documentId),
  );
  let balance = statement.openingMinor;
  return rows.map((row, index) => {
    balance += row.debitMinor - row.creditMinor;
    return { ...row, index, balanceMinor: balance };
  });
}

/** One page of a statement's lines (`Statement.lines`). */
export async function statementLinePage(
  em: EntityManager,
  statement: Pick<Statement, 'dealerId' | 'period' | 'openingMinor'>,
  args: { first?: number | null; after?: string | null },
): Promise<Page<StatementLineRow>> {
  const limit = pageSize(args.first);
  const start = args.after ? Number(decodeCursor(args.after, 1)[0]) + 1 : 0;
  const all = await statementLines(em, statement);
  return toPage(all.slice(start, start + limit + 1), limit, Boolean(args.after), all.length, (l) => [l.index]);
}
