import { seededRandom } from '@dnp/demo-data';
import {
  createLogger,
  formatMinor,
  openDatabase,
  RequestContext,
  Role,
  TaxClass,
  type Viewer,
} from '@dnp/subgraph-kit';
import { startMariaDb, type TestMariaDb } from '@dnp/testing';
import type { MikroORM } from '@mikro-orm/core';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditAccount, CreditStatus } from '../entities/credit-account.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import { Payment, PaymentMethod } from '../entities/payment.entity.js';
import { ReceivableAllocation } from '../entities/receivable-allocation.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import type { InvoiceShipmentInput } from '../schema/invoicing.input.js';
import type { RecordPaymentInput } from '../schema/payment.input.js';
import { financeSubgraph } from '../subgraph.js';
import { availableMinor } from './credit-account.service.js';
import { InjectedInvoiceFault, InvoicingService } from './invoicing.service.js';
import { ledgerViolations } from './ledger-invariants.js';
import { PaymentService } from './payment.service.js';

// The receivables write path on a real MariaDB server: row locks, a pool of connections and
// transactions interleaving for real (SQLite runs one writer at a time and proves none of this).

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const DEALER = 'dlr_C01';
const log = createLogger('finance-concurrency-spec', 'silent');
const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const clerk: Viewer = { userId: 'usr_fin_clerk', role: Role.FINANCE_CLERK };
let mariadb: TestMariaDb;
let orm: MikroORM;
let n = 0;
const context = (viewer: Viewer) =>
  new RequestContext<FinanceLoaders>(viewer, orm.em.fork(), log, `spec-${++n}`, financeSubgraph.createLoaders);

beforeAll(async () => {
  mariadb = await startMariaDb({ logDir: join(ROOT, 'test-results', 'logs', `finance-concurrency-${Date.now()}`) });
  mariadb.sql('CREATE DATABASE dnp_finance_conc CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
  orm = await openDatabase({
    config: { DB_CLIENT: 'mariadb', DB_URL: mariadb.url('dnp_finance_conc'), DB_POOL_MAX: 20, LOG_LEVEL: 'silent' },
    entities: financeSubgraph.entities,
    migrations: financeSubgraph.migrations,
    log,
  });
  await orm.em.fork().insert(CreditAccount, {
    ...{ id: 'cra_C01', dealerId: DEALER, dealerRegionPath: '/reg_cn/', dealerPath: `/${DEALER}/` },
    ...{ currency: 'CNY', limitMinor: 100_000_000, usedMinor: 0, heldMinor: 0, balanceMinor: 0 },
    ...{ oldestOpenDueDate: null, utilizationPpm: 0, termDays: 30, status: CreditStatus.ACTIVE, updatedAt: new Date() },
  });
}, 180_000);
afterAll(async () => {
  await orm?.close();
  await mariadb?.stop();
});

const shipment = (k: number, grossMinor: number): InvoiceShipmentInput =>
  ({
    ...{ shipmentId: `shp_C${k}`, shipmentNumber: `SO-${k}`, orderId: `ord_C${k}`, orderNumber: `SO${k}` },
    ...{ dealerId: DEALER, shippedAt: new Date() },
    lines: [
      {
        ...{ orderLineId: `oln_${k}`, productId: 'prd_1', sku: 'SKU-1', productName: '牛奶', quantity: 1 },
        ...{ isGift: false, taxClass: TaxClass.STANDARD, grossMinor },
      },
    ],
  }) as InvoiceShipmentInput;

describe('receivables on MariaDB under concurrency', () => {
  it('numbers 40 concurrent invoices gap-free while every 7th transaction fails after taking its number', async () => {
    const faulty = new InvoicingService(7);
    const issue = (k: number) => faulty.invoiceShipment(context(service), shipment(k, 10_000 + k));
    const first = await Promise.allSettled(Array.from({ length: 40 }, (_, k) => issue(k)));
    const failed = first.flatMap((r, k) => (r.status === 'rejected' ? [k] : []));
    expect(failed.length).toBeGreaterThan(0);
    for (const r of first) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(InjectedInvoiceFault);
    // The resumer's retries: the faulty service keeps failing every 7th, so retry until none is left.
    let left = failed;
    while (left.length) {
      const again = await Promise.allSettled(left.map(issue));
      left = left.filter((_, i) => again[i]!.status === 'rejected');
    }
    const seqs = (await orm.em.fork().find(Invoice, { dealerId: DEALER })).map((i) => i.seq!).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  }, 120_000);

  it('keeps used, balance and available exact after 100 concurrent payments to one dealer', async () => {
    const em = orm.em.fork();
    const before = await em.findOneOrFail(CreditAccount, { dealerId: DEALER });
    const rand = seededRandom(100);
    const amounts = Array.from({ length: 100 }, () => 1 + Math.floor(rand() * 99_999));
    const payments = new PaymentService();
    const results = await Promise.all(
      amounts.map((minor, i) =>
        payments.record(context(clerk), {
          ...{ dealerId: DEALER, idempotencyKey: `conc-${i}`, amount: formatMinor(minor) },
          ...{ method: PaymentMethod.BANK_TRANSFER, reference: `BT-${i}`, receivedOn: '2026-11-20' },
        } as RecordPaymentInput),
      ),
    );
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    const total = amounts.reduce((a, b) => a + b, 0);
    const after = await orm.em.fork().findOneOrFail(CreditAccount, { dealerId: DEALER });
    expect(availableMinor(after)).toBe(availableMinor(before) + total);
    expect(after.usedMinor - after.balanceMinor).toBe(before.usedMinor - before.balanceMinor - total);
    const allocated = (await orm.em.fork().find(ReceivableAllocation, { dealerId: DEALER }))
      .filter((a) => a.sourceId.startsWith('pay_'))
      .reduce((s, a) => s + a.amountMinor, 0);
    const recorded = await orm.em.fork().find(Payment, { dealerId: DEALER });
    expect(recorded.length).toBe(100);
    expect(allocated + after.balanceMinor).toBe(total);
    expect(await ledgerViolations(orm.em.fork(), DEALER)).toEqual([]);
  }, 120_000);
});
