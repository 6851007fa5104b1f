import { Role, TaxClass, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditAccount, CreditStatus } from '../entities/credit-account.entity.js';
import { CreditHold } from '../entities/credit-hold.entity.js';
import { PaymentMethod } from '../entities/payment.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import type { HoldCreditInput } from '../schema/credit-hold.input.js';
import type { InvoiceShipmentInput } from '../schema/invoicing.input.js';
import type { RecordPaymentInput } from '../schema/payment.input.js';
import { financeSubgraph } from '../subgraph.js';
import { availableMinor } from './credit-account.service.js';
import { CreditHoldService } from './credit-hold.service.js';
import { InvoicingService } from './invoicing.service.js';
import { ledgerViolations } from './ledger-invariants.js';
import { PaymentService } from './payment.service.js';

const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const clerk: Viewer = { userId: 'usr_fin_clerk', role: Role.FINANCE_CLERK };
let db: TestSubgraph<FinanceLoaders>;
const holds = new CreditHoldService();
const invoicing = new InvoicingService(undefined);
const DAY = 86_400_000;

async function openAccount(dealerId: string, limitMinor: number): Promise<void> {
  await db.orm.em.fork().insert(CreditAccount, {
    ...{ id: `cra_${dealerId.slice(4)}`, dealerId, dealerRegionPath: '/reg_cn/', dealerPath: `/${dealerId}/` },
    ...{ currency: 'CNY', limitMinor, usedMinor: 0, heldMinor: 0, balanceMinor: 0, oldestOpenDueDate: null },
    ...{ utilizationPpm: 0, termDays: 30, status: CreditStatus.ACTIVE, updatedAt: new Date() },
  });
}
beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: false });
  await openAccount('dlr_H01', 100_000);
  await openAccount('dlr_H02', 100_000);
});
afterAll(() => db.close());

const hold = (key: string, dealerId: string, amountMinor: number) =>
  holds.hold(db.context(service), { key, dealerId, amountMinor } as HoldCreditInput);
const ship = (k: string, orderId: string, dealerId: string, grossMinor: number, at = new Date()) =>
  invoicing.invoiceShipment(
    db.context(service),
    {
      ...{ shipmentId: `shp_${k}`, shipmentNumber: `S-${k}`, orderId, orderNumber: 'SO1', dealerId, shippedAt: at },
      lines: [
        {
          ...{ orderLineId: 'oln_1', productId: 'prd_1', sku: 'SKU-1', productName: '牛奶', quantity: 1 },
          ...{ isGift: false, taxClass: TaxClass.STANDARD, grossMinor },
        },
      ],
    } as InvoiceShipmentInput,
    at,
  );
const account = (dealerId: string) => db.orm.em.fork().findOneOrFail(CreditAccount, { dealerId });

describe('credit holds by parts', () => {
  it('captures shipped parts and releases exactly the remainder', async () => {
    expect((await hold('ord_H1', 'dlr_H01', 10_000)).errors).toEqual([]);
    expect(availableMinor(await account('dlr_H01'))).toBe(90_000);
    await ship('H1a', 'ord_H1', 'dlr_H01', 4_000);
    expect(await account('dlr_H01')).toMatchObject({ usedMinor: 4_000, heldMinor: 6_000 });
    const released = await holds.release(db.context(service), 'ord_H1');
    expect(released).toMatchObject({ released: true, errors: [] });
    expect(released.hold).toMatchObject({ status: 'CAPTURED', capturedMinor: 4_000, releasedMinor: 6_000 });
    expect(await account('dlr_H01')).toMatchObject({ usedMinor: 4_000, heldMinor: 0 });
    expect(await holds.release(db.context(service), 'ord_H1')).toMatchObject({ released: true, errors: [] });
    // A part shipped after the rest was released captures nothing more.
    await ship('H1b', 'ord_H1', 'dlr_H01', 1_000);
    expect(await account('dlr_H01')).toMatchObject({ usedMinor: 5_000, heldMinor: 0 });
    expect(await ledgerViolations(db.orm.em.fork(), 'dlr_H01')).toEqual([]);
  });

  it('ends CAPTURED when the parts take the whole hold, RELEASED when nothing was captured', async () => {
    await hold('ord_H2', 'dlr_H01', 3_000);
    await ship('H2a', 'ord_H2', 'dlr_H01', 1_000);
    await ship('H2b', 'ord_H2', 'dlr_H01', 2_000);
    expect(await db.orm.em.fork().findOneOrFail(CreditHold, { key: 'ord_H2' })).toMatchObject({
      status: 'CAPTURED',
      capturedMinor: 3_000,
    });
    await hold('ord_H3', 'dlr_H01', 2_500);
    const released = await holds.release(db.context(service), 'ord_H3');
    expect(released.hold).toMatchObject({ status: 'RELEASED', capturedMinor: 0, releasedMinor: 2_500 });
    expect(await ledgerViolations(db.orm.em.fork(), 'dlr_H01')).toEqual([]);
  });
});

describe('the overdue ordering rule (OVERDUE_BLOCK_DAYS = 90)', () => {
  it('refuses credit with OVERDUE_RECEIVABLES before CREDIT_LIMIT_EXCEEDED, and lifts once paid', async () => {
    const longAgo = new Date(Date.now() - 200 * DAY);
    const overdue = await ship('H9', 'ord_H9', 'dlr_H02', 7_000, longAgo);
    expect(overdue.errors).toEqual([]);
    const refused = await hold('ord_H10', 'dlr_H02', 1_000_000);
    expect(refused.errors.map((e) => e.code)).toEqual(['OVERDUE_RECEIVABLES']);
    expect(refused.errors[0]!.message).toMatch(/170 days past due/);
    const paid = await new PaymentService().record(db.context(clerk), {
      ...{ dealerId: 'dlr_H02', idempotencyKey: 'pay-h9', amount: '70.00', method: PaymentMethod.BANK_TRANSFER },
      ...{ reference: 'BT-H9', receivedOn: '2026-01-05' },
    } as RecordPaymentInput);
    expect(paid.errors).toEqual([]);
    expect((await hold('ord_H11', 'dlr_H02', 1_000_000)).errors.map((e) => e.code)).toEqual(['CREDIT_LIMIT_EXCEEDED']);
    expect((await hold('ord_H12', 'dlr_H02', 100_000)).errors).toEqual([]);
  });
});
