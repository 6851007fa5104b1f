import { Role, TaxClass, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRAND_SELLER, CreditAccount, CreditStatus } from '../entities/credit-account.entity.js';
import { CreditNoteKind } from '../entities/credit-note.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import type { HoldCreditInput } from '../schema/credit-hold.input.js';
import type { IssueCreditNoteInput } from '../schema/credit-note.input.js';
import type { InvoiceLineInput, InvoiceShipmentInput } from '../schema/invoicing.input.js';
import { financeSubgraph } from '../subgraph.js';
import { CreditHoldService } from './credit-hold.service.js';
import { CreditNoteService } from './credit-note.service.js';
import type { DealerDirectory } from './dealer-directory.js';
import { sellerSeries } from './document-issue.js';
import { InvoicingService } from './invoicing.service.js';

// A parent's own documents (§8.1, §22): an invoice or credit note with `sellerDealerId` is written
// on the line the parent grants the buyer, numbered gap-free in the parent's own series, and
// leaves the brand's account and numbers alone.

const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const PARENT = 'dlr_SP1';
const BUYER = 'dlr_SB1';
const directory: DealerDirectory = async (id) => ({ name: id, code: id === PARENT ? 'D00002' : 'D09999' });
const invoicing = new InvoicingService(undefined, directory);
const notes = new CreditNoteService(directory);
const holds = new CreditHoldService();
let db: TestSubgraph<FinanceLoaders>;

async function account(sellerKey: string, dealerId: string, limitMinor: number) {
  await db.orm.em.fork().insert(CreditAccount, {
    ...{ id: `cra_${sellerKey === BRAND_SELLER ? 'B' : 'P'}${dealerId.slice(4)}`, sellerKey, dealerId },
    ...{ dealerRegionPath: '/reg_cn/reg_east/', dealerPath: `/${PARENT}/${dealerId}/`, currency: 'CNY' },
    ...{ limitMinor, usedMinor: 0, heldMinor: 0, balanceMinor: 0, oldestOpenDueDate: null, utilizationPpm: 0 },
    ...{ termDays: 15, status: CreditStatus.ACTIVE, updatedAt: new Date() },
  });
}
const figures = async (sellerKey: string, dealerId = BUYER) => {
  const a = await db.orm.em.fork().findOneOrFail(CreditAccount, { sellerKey, dealerId });
  return { used: a.usedMinor, held: a.heldMinor, balance: a.balanceMinor };
};
const line = (grossMinor: number): InvoiceLineInput =>
  ({
    ...{ orderLineId: 'oln_1', productId: 'prd_1', sku: 'SKU-1', productName: '产品', quantity: 1 },
    ...{ isGift: false, taxClass: TaxClass.STANDARD, grossMinor },
  }) as InvoiceLineInput;
const shipment = (n: number, orderId: string, grossMinor: number, sellerDealerId?: string): InvoiceShipmentInput =>
  ({
    ...{ shipmentId: `shp_S${n}`, shipmentNumber: `SO-${n}`, orderId, orderNumber: `SO-${orderId}` },
    ...{ dealerId: BUYER, sellerDealerId, shippedAt: new Date(), lines: [line(grossMinor)] },
  }) as InvoiceShipmentInput;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: false });
  await account(BRAND_SELLER, BUYER, 10_000_000);
  await account(PARENT, BUYER, 100_000);
});
afterAll(() => db.close());

describe('sellerSeries', () => {
  it("is the brand's kind, or the kind and the seller's code as a kit counter name", () => {
    expect(sellerSeries('INV', null)).toBe('INV');
    expect(sellerSeries('CN', 'd-0002')).toBe('CN_D_0002');
    expect(() => sellerSeries('INV', 'A_VERY_LONG_CODE_1')).toThrow(RangeError);
  });
});

describe("a parent's invoices and credit notes", () => {
  it("invoices on the parent's line in its own series, capturing the parent's hold", async () => {
    const hold = { key: 'ord_S1', dealerId: BUYER, amountMinor: 60_000, sellerDealerId: PARENT } as HoldCreditInput;
    expect((await holds.hold(db.context(service), hold)).errors).toEqual([]);
    const at = new Date('2026-12-07T04:00:00Z');
    const first = await invoicing.invoiceShipment(db.context(service), shipment(1, 'ord_S1', 40_000, PARENT), at);
    expect(first.errors).toEqual([]);
    expect(first.invoice).toMatchObject({ number: 'INV_D00002-2026-00000001', sellerKey: PARENT, seq: 1 });
    expect(await figures(PARENT)).toEqual({ used: 40_000, held: 20_000, balance: 0 });
    // The brand's numbers start on their own, on the brand's account.
    const brand = await invoicing.invoiceShipment(db.context(service), shipment(2, 'ord_B1', 5_000), at);
    expect(brand.invoice).toMatchObject({ number: 'INV-2026-00000001', sellerKey: BRAND_SELLER, seq: 1 });
    expect(await figures(BRAND_SELLER)).toEqual({ used: 5_000, held: 0, balance: 0 });
    const second = await invoicing.invoiceShipment(db.context(service), shipment(3, 'ord_S1', 20_000, PARENT), at);
    expect(second.invoice!.number).toBe('INV_D00002-2026-00000002');
    expect(await figures(PARENT)).toEqual({ used: 60_000, held: 0, balance: 0 });
    // The same shipment for another seller is another request.
    const again = await invoicing.invoiceShipment(db.context(service), shipment(3, 'ord_S1', 20_000), at);
    expect(again.errors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });

  it("credits the parent's invoice on its line in the CN series of the parent", async () => {
    const input = {
      ...{ sourceKey: 'return:ret_S1', kind: CreditNoteKind.RETURN, dealerId: BUYER, sellerDealerId: PARENT },
      ...{ shipmentId: 'shp_S1', orderId: 'ord_S1', reason: '退货', lines: [{ ...line(10_000) }] },
    } as IssueCreditNoteInput;
    const note = await notes.issue(db.context(service), input, new Date('2026-12-08T04:00:00Z'));
    expect(note.errors).toEqual([]);
    expect(note.creditNote).toMatchObject({ number: 'CN_D00002-2026-00000001', sellerKey: PARENT });
    expect(note.creditNote!.invoiceId).not.toBeNull();
    expect(await figures(PARENT)).toEqual({ used: 50_000, held: 0, balance: 0 });
    expect(await figures(BRAND_SELLER)).toEqual({ used: 5_000, held: 0, balance: 0 });
  });

  it('refuses a seller that grants the dealer no line, writing nothing', async () => {
    const before = await db.orm.em.fork().count(CreditAccount, {});
    const refused = await invoicing.invoiceShipment(db.context(service), shipment(9, 'ord_S9', 100, 'dlr_SP9'));
    expect(refused.errors.map((e) => e.code)).toEqual(['DEALER_HAS_NO_ACCOUNT']);
    expect(refused.invoice).toBeNull();
    expect(await db.orm.em.fork().count(CreditAccount, {})).toBe(before);
  });
});
