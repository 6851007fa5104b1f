import { Role, TaxClass, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditAccount, CreditStatus } from '../entities/credit-account.entity.js';
import { CreditNoteKind } from '../entities/credit-note.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import type { CreditNoteLineInput, IssueCreditNoteInput } from '../schema/credit-note.input.js';
import type { InvoiceShipmentInput } from '../schema/invoicing.input.js';
import { financeSubgraph } from '../subgraph.js';
import { CreditNoteService } from './credit-note.service.js';
import { InvoicingService } from './invoicing.service.js';
import { ledgerViolations } from './ledger-invariants.js';

const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const DEALER = 'dlr_N01';
let db: TestSubgraph<FinanceLoaders>;
const notes = new CreditNoteService();
const invoicing = new InvoicingService(undefined);

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: false });
  await db.orm.em.fork().insert(CreditAccount, {
    ...{ id: 'cra_N01', dealerId: DEALER, dealerRegionPath: '/reg_cn/', dealerPath: `/${DEALER}/` },
    ...{ currency: 'CNY', limitMinor: 1_000_000, usedMinor: 0, heldMinor: 0, balanceMinor: 0 },
    ...{ oldestOpenDueDate: null, utilizationPpm: 0, termDays: 30, status: CreditStatus.ACTIVE, updatedAt: new Date() },
  });
});
afterAll(() => db.close());

async function invoice(k: number, grossMinor: number, at: Date): Promise<Invoice> {
  const result = await invoicing.invoiceShipment(
    db.context(service),
    {
      ...{ shipmentId: `shp_N${k}`, shipmentNumber: `SO-${k}`, orderId: `ord_N${k}`, orderNumber: `SO${k}` },
      ...{ dealerId: DEALER, shippedAt: at },
      lines: [
        {
          ...{ orderLineId: `oln_${k}`, productId: 'prd_1', sku: 'SKU-1', productName: '牛奶', quantity: 3 },
          ...{ isGift: false, taxClass: TaxClass.REDUCED, grossMinor },
        },
      ],
    } as InvoiceShipmentInput,
    at,
  );
  return result.invoice!;
}
const line = (grossMinor: number, taxClass = TaxClass.REDUCED): CreditNoteLineInput =>
  ({ productId: 'prd_1', sku: 'SKU-1', productName: '牛奶', quantity: 1, taxClass, grossMinor }) as CreditNoteLineInput;
const note = (key: string, lines: CreditNoteLineInput[], shipmentId: string | null = null): IssueCreditNoteInput =>
  ({
    sourceKey: key,
    kind: CreditNoteKind.RETURN,
    dealerId: DEALER,
    shipmentId,
    reason: '破损',
    lines,
  }) as IssueCreditNoteInput;

describe('CreditNoteService.issue', () => {
  it("applies to the shipment's invoice first, then the oldest, then the balance, with VAT per line", async () => {
    const old = await invoice(1, 5_000, new Date('2026-10-01T02:00:00Z'));
    const shipped = await invoice(2, 10_900, new Date('2026-11-01T02:00:00Z'));
    const at = new Date('2026-11-15T02:00:00Z');
    const issued = await notes.issue(
      db.context(service),
      note('ret_1', [line(10_900), line(5_650, TaxClass.STANDARD)], 'shp_N2'),
      at,
    );
    expect(issued.errors).toEqual([]);
    expect(issued.creditNote).toMatchObject({
      ...{ number: 'CN-2026-00000001', amountMinor: 16_550, netMinor: 10_000 + 5_000, taxMinor: 900 + 650 },
      ...{ invoiceId: shipped.id, appliedMinor: 15_900, unappliedMinor: 650, issuedOn: '2026-11-15' },
    });
    const em = db.orm.em.fork();
    expect((await em.findOneOrFail(Invoice, shipped.id)).creditedMinor).toBe(10_900);
    expect((await em.findOneOrFail(Invoice, old.id)).creditedMinor).toBe(5_000);
    expect(await em.findOneOrFail(CreditAccount, { dealerId: DEALER })).toMatchObject({
      usedMinor: 0,
      balanceMinor: 650,
    });
    expect(await ledgerViolations(db.orm.em.fork(), DEALER)).toEqual([]);
  });

  it('is idempotent by source key and refuses the key with other figures', async () => {
    const again = await notes.issue(db.context(service), note('ret_1', [line(10_900), line(5_650, TaxClass.STANDARD)]));
    expect(again.creditNote?.number).toBe('CN-2026-00000001');
    const other = await notes.issue(db.context(service), note('ret_1', [line(1)]));
    expect(other.errors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    const empty = await notes.issue(db.context(service), note('ret_2', []));
    expect(empty.errors.map((e) => e.code)).toEqual(['LINES_EMPTY']);
  });
});
