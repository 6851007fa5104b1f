import { formatMinor } from '@dnp/subgraph-kit';
import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { StatementEvent } from '../entities/statement-event.entity.js';
import { StatementStatus, type Statement } from '../entities/statement.entity.js';
import type { StatementLineRow } from './statement-lines.service.js';

/** What a statement PDF shows besides the statement itself. */
export interface StatementPdfInput {
  brandName: string;
  dealer: { name: string; code: string };
  statement: Statement;
  lines: StatementLineRow[];
  events: StatementEvent[];
  /** The business date printed as the issue date. */
  issuedOn: string;
}

/** A rendered statement, as `Statement.pdf` answers it. */
export interface StatementPdfFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

const MARGIN = 40;
const ROW = 16;
/** Column x positions and widths: 日期 | 单据号 | 摘要 | 借方 | 贷方 | 余额. */
const COLUMNS = [
  { title: '日期', x: 40, width: 62, align: 'left' },
  { title: '单据号', x: 104, width: 108, align: 'left' },
  { title: '摘要', x: 214, width: 125, align: 'left' },
  { title: '借方', x: 341, width: 70, align: 'right' },
  { title: '贷方', x: 413, width: 70, align: 'right' },
  { title: '余额', x: 485, width: 70, align: 'right' },
] as const;

const STATUS_TEXT: Record<StatementStatus, string> = {
  [StatementStatus.LIVE]: '本月未结 (live)',
  [StatementStatus.ISSUED]: '待确认 (awaiting confirmation)',
  [StatementStatus.CONFIRMED]: '已确认 (confirmed)',
  [StatementStatus.DISPUTED]: '有异议 (disputed)',
};

let fontCache: { path: string; font: Buffer | null } | undefined;

/** The CJK font file, read once per process; null when it is missing (the field then answers PDF_FONT_MISSING). */
export function cjkFont(path: string): Buffer | null {
  if (fontCache?.path !== path) fontCache = { path, font: existsSync(path) ? readFileSync(path) : null };
  return fontCache.font;
}

/** Minor units with thousands separators: 1234567 → "12,345.67". */
export function formatAmount(minor: number): string {
  const [whole, fraction] = formatMinor(minor).split('.');
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

/**
 * Renders a statement (§14): A4, 40 pt margins, the WenQuanYi Micro Hei collection subset-embedded,
 * a header block, the opening balance, the document table with its header repeated on every page
 * and a running balance, the totals, the closing balance, the status with who and when, and
 * "page x of y" on each page.
 */
export async function renderStatementPdf(input: StatementPdfInput, font: Buffer): Promise<StatementPdfFile> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: 'Dealer statement' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('cjk', font, 'WenQuanYiMicroHei');
  doc.font('cjk');
  header(doc, input);
  table(doc, input);
  footer(doc, input);
  pageNumbers(doc);
  doc.end();
  await done;
  const s = input.statement;
  return {
    fileName: `statement-${input.dealer.code}-${s.period}.pdf`,
    contentType: 'application/pdf',
    bytes: Buffer.concat(chunks),
  };
}

function header(doc: PDFKit.PDFDocument, { brandName, dealer, statement, issuedOn }: StatementPdfInput): void {
  doc.fontSize(16).text(brandName, { align: 'center' });
  doc.fontSize(13).text('经销商对账单 / Dealer statement', { align: 'center' }).moveDown(0.6);
  doc.fontSize(10);
  doc.text(`经销商 Dealer: ${dealer.name} (${dealer.code})`);
  doc.text(`对账期间 Period: ${statement.period}    出具日期 Issued: ${issuedOn}`);
  doc.text(`期初余额 Opening balance: ${formatAmount(statement.openingMinor)}`).moveDown(0.6);
}

function tableHeader(doc: PDFKit.PDFDocument): void {
  const y = doc.y;
  for (const c of COLUMNS) doc.text(c.title, c.x, y, { width: c.width, align: c.align });
  doc
    .moveTo(MARGIN, y + ROW - 3)
    .lineTo(555, y + ROW - 3)
    .stroke();
  doc.y = y + ROW;
}

function table(doc: PDFKit.PDFDocument, { lines }: StatementPdfInput): void {
  doc.fontSize(9);
  tableHeader(doc);
  const bottom = doc.page.height - MARGIN - 2 * ROW;
  for (const line of lines) {
    if (doc.y + ROW > bottom) {
      doc.addPage();
      doc.font('cjk').fontSize(9);
      tableHeader(doc);
    }
    const y = doc.y;
    const cells = [
      line.date,
      line.number,
      line.description,
      line.debitMinor ? formatAmount(line.debitMinor) : '',
      line.creditMinor ? formatAmount(line.creditMinor) : '',
      formatAmount(line.balanceMinor),
    ];
    COLUMNS.forEach((c, i) => doc.text(cells[i]!, c.x, y, { width: c.width, align: c.align, lineBreak: false }));
    doc.y = y + ROW;
  }
}

function footer(doc: PDFKit.PDFDocument, { statement: s, events }: StatementPdfInput): void {
  if (doc.y + 6 * ROW > doc.page.height - MARGIN) doc.addPage().font('cjk');
  doc.fontSize(10).moveDown(0.6);
  doc.x = MARGIN;
  doc.text(`本期借方合计 Invoices: ${formatAmount(s.invoicesMinor)}`);
  doc.text(
    `本期回款 Payments: ${formatAmount(s.paymentsMinor)}    红字发票 Credit notes: ${formatAmount(s.creditNotesMinor)}`,
  );
  doc
    .fontSize(11)
    .text(`期末余额 Closing balance: ${formatAmount(s.closingMinor)}`)
    .fontSize(10);
  const last = events.filter((e) => e.action === 'CONFIRMED' || e.action === 'DISPUTED').at(-1);
  const who = last ? `  ${last.actorName} ${last.at.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
  doc.text(`状态 Status: ${STATUS_TEXT[s.status]}${who}`);
}

function pageNumbers(doc: PDFKit.PDFDocument): void {
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i += 1) {
    doc.switchToPage(range.start + i);
    // The number sits in the bottom margin; without this pdfkit would break to a new page for it.
    doc.page.margins.bottom = 0;
    doc.font('cjk').fontSize(8);
    const text = `第 ${i + 1} 页 / 共 ${range.count} 页  (page ${i + 1} of ${range.count})`;
    doc.text(text, MARGIN, doc.page.height - MARGIN - 10, { width: 515, align: 'center', lineBreak: false });
  }
}
