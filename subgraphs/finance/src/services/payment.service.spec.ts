import { OutboxEvent } from '@dnp/event-bus';
import { AuditEntry, Role, TaxClass, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditAccount, CreditStatus } from '../entities/credit-account.entity.js';
import { Payment, PaymentMethod } from '../entities/payment.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import type { InvoiceShipmentInput } from '../schema/invoicing.input.js';
import type { RecordPaymentInput } from '../schema/payment.input.js';
import { financeSubgraph } from '../subgraph.js';
import { availableMinor } from './credit-account.service.js';
import { InvoicingService } from './invoicing.service.js';
import { ledgerViolations } from './ledger-invariants.js';
import { PaymentService } from './payment.service.js';

const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const clerk: Viewer = { userId: 'usr_fin_clerk', role: Role.FINANCE_CLERK };
const dealerAdmin: Viewer = { userId: 'usr_d', role: Role.DEALER_ADMIN, dealerId: 'dlr_P01' };
const DEALER = 'dlr_P01';
let db: TestSubgraph<FinanceLoaders>;
const payments = new PaymentService();
const invoicing = new InvoicingService(undefined);
let n = 0;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: false });
  await db.orm.em.fork().insert(CreditAccount, {
    ...{ id: 'cra_P01', dealerId: DEALER, dealerRegionPath: '/reg_cn/reg_east/', dealerPath: `/${DEALER}/` },
    ...{ currency: 'CNY', limitMinor: 1_000_000, usedMinor: 0, heldMinor: 0, balanceMinor: 0 },
    ...{ oldestOpenDueDate: null, utilizationPpm: 0, termDays: 30, status: CreditStatus.ACTIVE, updatedAt: new Date() },
  });
});
afterAll(() => db.close());

/** Issues an invoice of `grossMinor` at `at`; answers its id. */
async function invoice(grossMinor: number, at: Date): Promise<string> {
  const k = ++n;
  const result = await invoicing.invoiceShipment(
    db.context(service),
    {
      ...{ shipmentId: `shp_P${k}`, shipmentNumber: `SO-${k}`, orderId: `ord_P${k}`, orderNumber: `SO${k}` },
      ...{ dealerId: DEALER, shippedAt: at },
      lines: [
        {
          ...{ orderLineId: `oln_${k}`, productId: 'prd_1', sku: 'SKU-1', productName: '牛奶', quantity: 1 },
          ...{ isGift: false, taxClass: TaxClass.STANDARD, grossMinor },
        },
      ],
    } as InvoiceShipmentInput,
    at,
  );
  expect(result.errors).toEqual([]);
  return result.invoice!.id;
}

const input = (amount: string, extra: Partial<RecordPaymentInput> = {}): RecordPaymentInput =>
  ({
    ...{ dealerId: DEALER, idempotencyKey: `key-${++n}`, amount, method: PaymentMethod.BANK_TRANSFER },
    ...{ reference: `BT${n}`, receivedOn: '2026-11-20', ...extra },
  }) as RecordPaymentInput;
const account = () => db.orm.em.fork().findOneOrFail(CreditAccount, { dealerId: DEALER });
const counts = async () => {
  const em = db.orm.em.fork();
  return [await em.count(Payment, {}), await em.count(AuditEntry, {}), await em.count(OutboxEvent, {})];
};

describe('PaymentService.record', () => {
  let older: string;
  let newer: string;
  beforeAll(async () => {
    newer = await invoice(30_000, new Date('2026-11-10T02:00:00Z'));
    older = await invoice(20_000, new Date('2026-11-01T02:00:00Z'));
  });

  it('settles the oldest invoice first, keeps the rest as balance and restores available exactly', async () => {
    const before = availableMinor(await account());
    const paid = await payments.record(db.context(clerk), input('250.00'));
    expect(paid.errors).toEqual([]);
    expect(paid.payment).toMatchObject({ amountMinor: 25_000, allocatedMinor: 25_000, unallocatedMinor: 0 });
    const invoices = await db.context(clerk).loaders.allocationsBySource.load(paid.payment!.id);
    expect(invoices.map((a) => [a.invoiceId, a.amountMinor])).toEqual([
      [older, 20_000],
      [newer, 5_000],
    ]);
    expect(availableMinor(await account())).toBe(before + 25_000);
    const more = await payments.record(db.context(clerk), input('300.01'));
    expect(more.payment).toMatchObject({ allocatedMinor: 25_000, unallocatedMinor: 5_001 });
    expect(await account()).toMatchObject({ usedMinor: 0, balanceMinor: 5_001, oldestOpenDueDate: null });
    expect(availableMinor(await account())).toBe(before + 55_001);
    expect(await ledgerViolations(db.orm.em.fork(), DEALER)).toEqual([]);
  });

  it('applies chosen invoices first and answers a retry with the stored payment', async () => {
    const a = await invoice(10_000, new Date('2026-11-12T02:00:00Z')); // consumes the balance 50.01 first
    const b = await invoice(10_000, new Date('2026-11-13T02:00:00Z'));
    const chosen = input('120.00', { allocations: [{ invoiceId: b, amount: '100.00' }] });
    const paid = await payments.record(db.context(clerk), chosen);
    expect(paid.errors).toEqual([]);
    const parts = await db.context(clerk).loaders.allocationsBySource.load(paid.payment!.id);
    expect(parts.map((p) => [p.invoiceId, p.amountMinor])).toEqual([
      [b, 10_000],
      [a, 2_000],
    ]);
    const again = await payments.record(db.context(clerk), chosen);
    expect(again.payment?.id).toBe(paid.payment!.id);
    expect(await ledgerViolations(db.orm.em.fork(), DEALER)).toEqual([]);
  });

  it('answers every refusal with its own code and writes nothing, no audit either', async () => {
    const open = await invoice(5_000, new Date('2026-11-14T02:00:00Z'));
    const before = await counts();
    const code = async (i: RecordPaymentInput, viewer: Viewer = clerk) =>
      (await payments.record(db.context(viewer), i)).errors.map((e) => e.code);
    expect(await code(input('12,3x'))).toEqual(['AMOUNT_INVALID']);
    expect(await code(input('0'))).toEqual(['AMOUNT_NOT_POSITIVE']);
    expect(await code(input('-1'))).toEqual(['AMOUNT_NOT_POSITIVE']);
    expect(await code(input('0.001'))).toEqual(['AMOUNT_TOO_PRECISE']);
    expect(await code(input('10000000000.01'))).toEqual(['AMOUNT_TOO_LARGE']);
    expect(await code(input('1', { reference: '' }))).toEqual(['REFERENCE_INVALID']);
    expect(await code(input('1', { receivedOn: '2999-01-01' }))).toEqual(['RECEIVED_ON_IN_FUTURE']);
    expect(await code(input('1', { dealerId: 'dlr_none' }))).toEqual(['DEALER_HAS_NO_ACCOUNT']);
    const twice = [
      { invoiceId: open, amount: '1' },
      { invoiceId: open, amount: '1' },
    ];
    expect(await code(input('5', { allocations: twice }))).toEqual(['ALLOCATION_DUPLICATE']);
    expect(await code(input('5', { allocations: [{ invoiceId: 'inv_zzz', amount: '1' }] }))).toEqual([
      'ALLOCATION_INVOICE_NOT_OPEN',
    ]);
    expect(await code(input('60', { allocations: [{ invoiceId: open, amount: '50.01' }] }))).toEqual([
      'ALLOCATION_EXCEEDS_OUTSTANDING',
    ]);
    expect(await code(input('5', { allocations: [{ invoiceId: open, amount: '6' }] }))).toEqual([
      'ALLOCATIONS_EXCEED_PAYMENT',
    ]);
    const first = input('1.00');
    await payments.record(db.context(clerk), first);
    const after = await counts();
    expect(await code({ ...first, amount: '2.00' })).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await counts()).toEqual(after);
    expect(after).toEqual([before[0]! + 1, before[1]! + 1, before[2]! + 1]);
    // A dealer's admin takes payments only on the lines it grants: it grants none to itself.
    expect(await code(input('1'), dealerAdmin)).toEqual(['DEALER_HAS_NO_ACCOUNT']);
  });
});
