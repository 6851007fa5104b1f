import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Statement } from '../entities/statement.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import { financeSubgraph } from '../subgraph.js';
import { fixtureAccount, fixtureInvoice, fixturePayment } from './finance-documents.fixture.js';
import { formatAmount } from './statement-pdf.js';
import { StatementService } from './statement.service.js';

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
const service = new StatementService(async () => ({ name: '江苏省苏南医药代理有限公司', code: 'D00042' }));
let db: TestSubgraph<FinanceLoaders>;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph);
  const em = db.orm.em.fork();
  await fixtureAccount(em, 'dlr_PDF');
  for (let i = 1; i <= 60; i += 1) {
    const day = `2025-01-${String((i % 28) + 1).padStart(2, '0')}`;
    await fixtureInvoice(em, { dealerId: 'dlr_PDF', amountMinor: 2_057_613 + i, issuedOn: day, dueDate: '2025-03-01' });
  }
  await fixturePayment(em, { dealerId: 'dlr_PDF', amountMinor: 50_000_00, receivedOn: '2025-01-15' });
  await service.run(db.context(hq), '2025-01');
});
afterAll(() => db.close());

describe('the statement PDF', () => {
  it("embeds the CJK font: the text reads back with the dealer's Chinese name, period and closing", async () => {
    const statement = await db.orm.em.fork().findOneOrFail(Statement, { dealerId: 'dlr_PDF', period: '2025-01' });
    const file = await service.pdf(db.context(hq), statement);
    expect(file.fileName).toBe('statement-D00042-2025-01.pdf');
    expect(file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(file.bytes.length).toBeLessThan(200_000);
    const parser = new PDFParse({ data: new Uint8Array(file.bytes) });
    const { text } = await parser.getText();
    await parser.destroy();
    expect(text).toContain('江苏省苏南医药代理有限公司');
    expect(text).toContain('2025-01');
    expect(text).toContain('经销商对账单');
    expect(text).toContain(formatAmount(statement.closingMinor));
    expect(text).toContain('待确认');
    expect(text).toMatch(/共 2 页/);
  });

  it('formats amounts with thousands separators', () => {
    expect(formatAmount(123_456_789)).toBe('1,234,567.89');
    expect(formatAmount(-5)).toBe('-0.05');
    expect(formatAmount(100)).toBe('1.00');
  });
});
