import { businessDate, TaxClass } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinanceLoaders } from '../finance-context.js';
import { financeSubgraph } from '../subgraph.js';
import { documentTotals, openDocument, Refused } from './document-issue.js';
import { fixtureAccount } from './finance-documents.fixture.js';

let db: TestSubgraph<FinanceLoaders>;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph);
  await fixtureAccount(db.orm.em.fork(), 'dlr_D1', '/reg_cn/reg_east/');
});
afterAll(() => db.close());

describe('the common opening of invoices and credit notes', () => {
  it('locks the account, dates the document in business time and reads the rates of that day', async () => {
    const now = new Date('2026-11-30T17:00:00Z'); // already 1 December in Shanghai
    const opened = await db.orm.em.fork().transactional((tx) => openDocument(tx, 'dlr_D1', now, 'Asia/Shanghai'));
    expect(opened.issuedOn).toBe(businessDate(now, 'Asia/Shanghai'));
    expect(opened.issuedOn).toBe('2026-12-01');
    expect([opened.account.dealerId, opened.account.dealerRegionPath]).toEqual(['dlr_D1', '/reg_cn/reg_east/']);
    expect(opened.rates.get(TaxClass.STANDARD)).toBe(1300);
  });

  it('refuses a dealer without a credit account with DEALER_HAS_NO_ACCOUNT', async () => {
    const opening = db.orm.em.fork().transactional((tx) => openDocument(tx, 'dlr_NONE', new Date(), 'Asia/Shanghai'));
    await expect(opening).rejects.toBeInstanceOf(Refused);
    await expect(opening).rejects.toMatchObject({ errors: [{ code: 'DEALER_HAS_NO_ACCOUNT', field: 'dealerId' }] });
  });

  it('totals a document as the sums of its lines', () => {
    const lines = [
      { grossMinor: 3_330, netMinor: 2_947, taxMinor: 383 },
      { grossMinor: 6_659, netMinor: 5_893, taxMinor: 766 },
    ];
    expect(documentTotals(lines)).toEqual({ amountMinor: 9_989, netMinor: 8_840, taxMinor: 1_149 });
  });
});
