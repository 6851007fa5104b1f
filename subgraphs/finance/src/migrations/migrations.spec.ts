import { createLogger, openDatabase } from '@dnp/subgraph-kit';
import { startMariaDb, type TestMariaDb } from '@dnp/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CreditAccount } from '../entities/credit-account.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import { Payment } from '../entities/payment.entity.js';
import { ReceivableAllocation } from '../entities/receivable-allocation.entity.js';
import { VatRate } from '../entities/vat-rate.entity.js';
import { financeSubgraph } from '../subgraph.js';
import { migrations } from './index.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dnp-finance-migrations-'));
let mariadb: TestMariaDb | undefined;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await mariadb?.stop();
});

const log = createLogger('finance-migrations-spec', 'silent');
const withoutReceivables = (set: typeof migrations.sqlite) => set.filter((m) => !m.name.endsWith('_Receivables'));

/** Both dialects: the migration's data conversion is hand-written SQL per dialect. */
const dialects = [
  {
    dialect: 'SQLite',
    // SQLite stores instants as epoch milliseconds.
    at: (iso: string) => String(Date.parse(iso)),
    open: (all: boolean) =>
      openDatabase({
        config: { DB_CLIENT: 'sqlite', DB_PATH: join(dir, 'finance.sqlite'), DB_POOL_MAX: 1, LOG_LEVEL: 'silent' },
        entities: financeSubgraph.entities,
        migrations: { sqlite: all ? migrations.sqlite : withoutReceivables(migrations.sqlite), mysql: [] },
        log,
      }),
  },
  {
    dialect: 'MariaDB',
    at: (iso: string) => `'${iso.slice(0, 19).replace('T', ' ')}'`,
    open: async (all: boolean) => {
      if (!mariadb) {
        mariadb = await startMariaDb({ logDir: join(ROOT, 'test-results', 'logs', `finance-migr-${Date.now()}`) });
        mariadb.sql('CREATE DATABASE dnp_finance_migr CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
      }
      return openDatabase({
        config: { DB_CLIENT: 'mariadb', DB_URL: mariadb.url('dnp_finance_migr'), DB_POOL_MAX: 2, LOG_LEVEL: 'silent' },
        entities: financeSubgraph.entities,
        migrations: { sqlite: [], mysql: all ? migrations.mysql : withoutReceivables(migrations.mysql) },
        log,
      });
    },
  },
];

// 2026-11-20T16:30Z is 2026-11-21 00:30 in Beijing; due 30 days later at the same instant.
const ISSUED = '2026-11-20T16:30:00Z';
const DUE = '2026-12-20T16:30:00Z';
const PAID = '2026-11-25T02:00:00Z';

describe.each(dialects)('the Receivables migration on $dialect', ({ at, open }) => {
  it('turns each payment into one allocation and fills the new invoice, payment and account columns', async () => {
    const before = await open(false);
    const sql = (text: string) => before.em.getConnection().execute(text);
    await sql(
      `insert into credit_account (id, dealer_id, dealer_region_path, dealer_path, currency, limit_minor, used_minor,
         held_minor, utilization_ppm, term_days, status, updated_at)
       values ('cra_1', 'dlr_1', '/reg_cn/', '/dlr_1/', 'CNY', 1000000, 7000, 0, 7000, 30, 'ACTIVE', ${at(PAID)})`,
    );
    await sql(
      `insert into invoice (id, number, dealer_id, dealer_region_path, order_id, currency, amount_minor, paid_minor,
         issued_at, due_at, paid_at)
       values ('inv_old1', 'INV-202611-000001', 'dlr_1', '/reg_cn/', null, 'CNY', 11300, 4300, ${at(ISSUED)}, ${at(DUE)},
         null)`,
    );
    await sql(
      `insert into payment (id, dealer_id, invoice_id, currency, amount_minor, method, paid_at, reference)
       values ('pay_old1', 'dlr_1', 'inv_old1', 'CNY', 4300, 'BANK_TRANSFER', ${at(PAID)}, 'BT1')`,
    );
    await before.close();

    const after = await open(true);
    const em = after.em.fork();
    const invoice = await em.findOneOrFail(Invoice, 'inv_old1');
    expect(invoice).toMatchObject({
      number: 'INV-202611-000001',
      year: null,
      seq: null,
      outstandingMinor: 7000,
      creditedMinor: 0,
      netMinor: 10000,
      taxMinor: 1300,
      issuedOn: '2026-11-21',
      period: '2026-11',
      dueDate: '2026-12-21',
    });
    const payment = await em.findOneOrFail(Payment, 'pay_old1');
    expect(payment).toMatchObject({
      dealerRegionPath: '/reg_cn/',
      idempotencyKey: 'legacy:pay_old1',
      allocatedMinor: 4300,
      unallocatedMinor: 0,
      receivedOn: '2026-11-25',
      period: '2026-11',
      source: 'MANUAL',
    });
    const allocations = await em.find(ReceivableAllocation, {});
    expect(allocations).toMatchObject([
      { id: 'ral_old1', sourceType: 'PAYMENT', sourceId: 'pay_old1', invoiceId: 'inv_old1', amountMinor: 4300 },
    ]);
    const account = await em.findOneOrFail(CreditAccount, { dealerId: 'dlr_1' });
    expect(account).toMatchObject({ balanceMinor: 0, oldestOpenDueDate: '2026-12-21' });
    const rates = await em.find(VatRate, {}, { orderBy: { taxClass: 'asc' } });
    expect(rates.map((r) => [r.taxClass, r.rateBp])).toEqual([
      ['REDUCED', 900],
      ['STANDARD', 1300],
      ['ZERO', 0],
    ]);
    await after.close();
  }, 120_000);
});
