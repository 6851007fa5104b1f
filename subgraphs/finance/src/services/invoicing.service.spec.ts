import { AuditEntry, partValue, Role, TaxClass, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { OutboxEvent } from '@dnp/event-bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditAccount, CreditStatus } from '../entities/credit-account.entity.js';
import { CreditHold } from '../entities/credit-hold.entity.js';
import { InvoiceLine } from '../entities/invoice-line.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import type { HoldCreditInput } from '../schema/credit-hold.input.js';
import type { InvoiceLineInput, InvoiceShipmentInput } from '../schema/invoicing.input.js';
import { financeSubgraph } from '../subgraph.js';
import { CreditHoldService } from './credit-hold.service.js';
import { InjectedInvoiceFault, InvoicingService } from './invoicing.service.js';
import { ledgerViolations } from './ledger-invariants.js';

const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
let db: TestSubgraph<FinanceLoaders>;
const invoicing = new InvoicingService(undefined);
beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: false });
  await db.orm.em.fork().insert(CreditAccount, {
    ...{ id: 'cra_I01', dealerId: 'dlr_I01', dealerRegionPath: '/reg_cn/reg_east/', dealerPath: '/dlr_I01/' },
    ...{ currency: 'CNY', limitMinor: 10_000_000, usedMinor: 0, heldMinor: 0, balanceMinor: 0 },
    ...{ oldestOpenDueDate: null, utilizationPpm: 0, termDays: 30, status: CreditStatus.ACTIVE, updatedAt: new Date() },
  });
});
afterAll(() => db.close());

const line = (i: number, grossMinor: number, taxClass = TaxClass.STANDARD, quantity = 1): InvoiceLineInput =>
  ({
    ...{ orderLineId: `oln_${i}`, productId: `prd_${i}`, sku: `SKU-${i}`, productName: `产品 ${i}`, quantity },
    ...{ isGift: false, taxClass, grossMinor },
  }) as InvoiceLineInput;
const shipment = (n: number, lines: InvoiceLineInput[], orderId = 'ord_I1'): InvoiceShipmentInput =>
  ({
    ...{ shipmentId: `shp_I${n}`, shipmentNumber: `SO1-${n}`, orderId, orderNumber: 'SO1', dealerId: 'dlr_I01' },
    ...{ shippedAt: new Date(), lines },
  }) as InvoiceShipmentInput;
const account = () => db.orm.em.fork().findOneOrFail(CreditAccount, { dealerId: 'dlr_I01' });

describe('InvoicingService.invoiceShipment', () => {
  it('splits VAT per line as §10 works it out and captures the hold by parts', async () => {
    const hold = await new CreditHoldService().hold(db.context(service), {
      ...{ key: 'ord_I1', dealerId: 'dlr_I01', amountMinor: 9989 },
    } as HoldCreditInput);
    expect(hold.errors).toEqual([]);
    // 3 × ¥33.33 less ¥0.10 = ¥99.89 shipped 1 then 2, by the parts rule.
    const part1 = partValue(9989, 3, 0, 1);
    const part2 = partValue(9989, 3, 1, 2);
    expect([part1, part2]).toEqual([3330, 6659]);
    const at = new Date('2026-12-31T15:30:00Z'); // 23:30 in Beijing on the last day of 2026
    const first = await invoicing.invoiceShipment(db.context(service), shipment(1, [line(1, part1)]), at);
    expect(first.errors).toEqual([]);
    expect(first.invoice).toMatchObject({ number: 'INV-2026-00000001', netMinor: 2947, taxMinor: 383 });
    expect(first.invoice).toMatchObject({ issuedOn: '2026-12-31', dueDate: '2027-01-30', period: '2026-12' });
    expect(await account()).toMatchObject({ usedMinor: 3330, heldMinor: 6659, oldestOpenDueDate: '2027-01-30' });
    const later = new Date('2026-12-31T16:30:00Z'); // 00:30 on 2027-01-01 in Beijing
    const second = await invoicing.invoiceShipment(
      db.context(service),
      shipment(2, [line(1, part2, undefined, 2)]),
      later,
    );
    expect(second.invoice).toMatchObject({
      number: 'INV-2027-00000001',
      netMinor: 5893,
      taxMinor: 766,
      period: '2027-01',
    });
    expect(await account()).toMatchObject({ usedMinor: 9989, heldMinor: 0 });
    const held = await db.orm.em.fork().findOneOrFail(CreditHold, { key: 'ord_I1' });
    expect(held).toMatchObject({ status: 'CAPTURED', capturedMinor: 9989, releasedMinor: 0 });
    const lines = await db.orm.em.fork().find(InvoiceLine, { invoiceId: second.invoice!.id });
    expect(lines).toMatchObject([{ lineNo: 1, rateBp: 1300, grossMinor: 6659, netMinor: 5893, taxMinor: 766 }]);
  });

  it('is idempotent by shipment id and refuses the same id with other figures', async () => {
    const events = await db.orm.em.fork().count(OutboxEvent, {});
    const again = await invoicing.invoiceShipment(db.context(service), shipment(1, [line(1, 3330)]));
    expect(again.invoice?.number).toBe('INV-2026-00000001');
    const other = await invoicing.invoiceShipment(db.context(service), shipment(1, [line(1, 3331)]));
    expect(other.errors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await db.orm.em.fork().count(OutboxEvent, {})).toBe(events);
  });

  it('applies every rate class and sums the invoice from its lines', async () => {
    const lines = [line(1, 10_000), line(2, 10_900, TaxClass.REDUCED), line(3, 5_000, TaxClass.ZERO)];
    const result = await invoicing.invoiceShipment(db.context(service), shipment(3, lines, 'ord_I2'));
    expect(result.invoice).toMatchObject({
      amountMinor: 25_900,
      netMinor: 8850 + 10_000 + 5_000,
      taxMinor: 1150 + 900,
    });
  });

  it('keeps numbers gap-free when an invoice transaction fails after taking its number', async () => {
    const faulty = new InvoicingService(2);
    const ok = await faulty.invoiceShipment(db.context(service), shipment(10, [line(1, 100)], 'ord_I3'));
    expect(ok.errors).toEqual([]);
    await expect(faulty.invoiceShipment(db.context(service), shipment(11, [line(1, 100)], 'ord_I3'))).rejects.toThrow(
      InjectedInvoiceFault,
    );
    const retried = await faulty.invoiceShipment(db.context(service), shipment(11, [line(1, 100)], 'ord_I3'));
    const seqs = (await db.orm.em.fork().find(Invoice, { year: ok.invoice!.year })).map((i) => i.seq).sort();
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(retried.invoice!.seq).toBe(ok.invoice!.seq! + 1);
  });

  it('refuses bad input, unknown dealers and non-service callers, writing nothing', async () => {
    const audits = await db.orm.em.fork().count(AuditEntry, {});
    const empty = await invoicing.invoiceShipment(db.context(service), shipment(20, []));
    expect(empty.errors.map((e) => e.code)).toEqual(['LINES_EMPTY']);
    const unknown = await invoicing.invoiceShipment(db.context(service), {
      ...shipment(21, [line(1, 100)]),
      dealerId: 'dlr_none',
    } as InvoiceShipmentInput);
    expect(unknown.errors.map((e) => e.code)).toEqual(['DEALER_HAS_NO_ACCOUNT']);
    await expect(invoicing.invoiceShipment(db.context(hq), shipment(22, [line(1, 100)]))).rejects.toThrow();
    expect(await db.orm.em.fork().count(AuditEntry, {})).toBe(audits);
    expect(await db.orm.em.fork().count(Invoice, { shipmentId: { $in: ['shp_I20', 'shp_I21', 'shp_I22'] } })).toBe(0);
    expect(await ledgerViolations(db.orm.em.fork(), 'dlr_I01')).toEqual([]);
  });
});
