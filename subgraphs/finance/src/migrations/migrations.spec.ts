import { createLogger, openDatabase } from '@dnp/subgraph-kit';
import { startMariaDb, type TestMariaDb } from '@dnp/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CreditAccount } from '../entities/credit-account.entity.js';
import { CreditLimitChange, CreditLimitChangeStatus } from '../entities/credit-limit-change.entity.js';
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
/** The migrations before the one named `upTo` (all when null): the database as that migration finds it. */
const before = (set: typeof migrations.sqlite, upTo: string | null) =>
  upTo
    ? set.slice(
        0,
        set.findIndex((m) => m.name.endsWith(`_${upTo}`)),
      )
    : set;

/** Both dialects: the migration's data conversion is hand-written SQL per dialect. */
const dialects = [
  {
    dialect: 'SQLite',
    // SQLite stores instants as epoch milliseconds.
    at: (iso: string) => String(Date.parse(iso)),
    open: (upTo: string | null, db = 'finance') =>
      openDatabase({
        config: { DB_CLIENT: 'sqlite', DB_PATH: join(dir, `${db}.sqlite`), DB_POOL_MAX: 1, LOG_LEVEL: 'silent' },
        entities: financeSubgraph.entities,
        migrations: { sqlite: before(migrations.sqlite, upTo), mysql: [] },
        log,
      }),
  },
  {
    dialect: 'MariaDB',
    at: (iso: string) => `'${iso.slice(0, 19).replace('T', ' ')}'`,
    open: async (upTo: string | null, db = 'finance') => {
      mariadb ??= await startMariaDb({ logDir: join(ROOT, 'test-results', 'logs', `finance-migr-${Date.now()}`) });
      const name = `dnp_${db}_migr`;
      mariadb.sql(`CREATE DATABASE IF NOT EXISTS ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      return openDatabase({
        config: { DB_CLIENT: 'mariadb', DB_URL: mariadb.url(name), DB_POOL_MAX: 2, LOG_LEVEL: 'silent' },
        entities: financeSubgraph.entities,
        migrations: { sqlite: [], mysql: before(migrations.mysql, upTo) },
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
    const old = await open('Receivables');
    const sql = (text: string) => old.em.getConnection().execute(text);
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
    await old.close();

    const after = await open(null);
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
    expect(account).toMatchObject({ balanceMinor: 0, oldestOpenDueDate: '2026-12-21', sellerKey: 'BRAND' });
    const rates = await em.find(VatRate, {}, { orderBy: { taxClass: 'asc' } });
    expect(rates.map((r) => [r.taxClass, r.rateBp])).toEqual([
      ['REDUCED', 900],
      ['STANDARD', 1300],
      ['ZERO', 0],
    ]);
    await after.close();
  }, 120_000);
});

describe.each(dialects)('the CreditLimitChanges migration on $dialect', ({ at, open }) => {
  it("opens every existing account's history with one APPLIED change from its terms to its terms", async () => {
    const old = await open('CreditLimitChanges', 'finance_clc');
    await old.em.getConnection().execute(
      `insert into credit_account (id, dealer_id, dealer_region_path, dealer_path, currency, limit_minor, used_minor,
           held_minor, utilization_ppm, term_days, status, updated_at)
         values ('cra_7', 'dlr_7', '/reg_cn/reg_east/', '/dlr_7/', 'CNY', 2500000, 0, 0, 0, 45, 'ACTIVE', ${at(PAID)})`,
    );
    await old.close();
    const after = await open(null, 'finance_clc');
    const rows = await after.em.fork().find(CreditLimitChange, {});
    expect(rows).toMatchObject([
      {
        ...{ id: 'clc_7', accountId: 'cra_7', dealerId: 'dlr_7', dealerRegionPath: '/reg_cn/reg_east/' },
        ...{ sellerKey: 'BRAND', currency: 'CNY', fromLimitMinor: 2_500_000, toLimitMinor: 2_500_000 },
        ...{ fromTermDays: 45, toTermDays: 45, status: CreditLimitChangeStatus.APPLIED, needsSecondApproval: false },
        ...{ requestedByUserId: 'system', decidedByUserId: null },
      },
    ]);
    expect(rows[0]!.requestedAt.toISOString()).toBe(new Date(PAID).toISOString());
    await after.close();
  }, 120_000);
});
