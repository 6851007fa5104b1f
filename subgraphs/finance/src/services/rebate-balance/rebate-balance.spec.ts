import { EventType, OutboxEvent } from '@dnp/event-bus';
import { AuditEntry, partValue, Role, TaxClass, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invoice } from '../../entities/invoice.entity.js';
import { Payment, PaymentMethod, PaymentSource } from '../../entities/payment.entity.js';
import { AllocationSource, ReceivableAllocation } from '../../entities/receivable-allocation.entity.js';
import {
  RebateBalance,
  RebateBalanceEntry,
  RebateBalanceMovement as Movement,
  RebateHold,
} from '../../entities/rebate-settlement.entity.js';
import type { FinanceLoaders } from '../../finance-context.js';
import type { HoldRebateInput } from '../../schema/rebate-balance.input.js';
import type { InvoiceShipmentInput } from '../../schema/invoicing.input.js';
import { financeSubgraph } from '../../subgraph.js';
import { fixtureAccount } from '../finance-documents.fixture.js';
import { InvoicingService } from '../invoicing.service.js';
import { ledgerViolations } from '../ledger-invariants.js';
import { moveBalance } from './rebate-balance.ledger.js';
import { rebateCap, RebateBalanceService } from './rebate-balance.service.js';

const service: Viewer = { userId: 'orders', role: Role.SERVICE };
let db: TestSubgraph<FinanceLoaders>;
const balances = new RebateBalanceService();
const JS = '/reg_cn/reg_east/reg_js/';

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: false });
  await fixtureAccount(db.orm.em.fork(), 'dlr_RB2', JS);
});
afterAll(() => db.close());

const settle = (dealerId: string, amountMinor: number) =>
  db.orm.em
    .fork()
    .transactional((tx) =>
      moveBalance(
        tx,
        { dealerId, movement: Movement.SETTLED, amountMinor, sourceId: 'rbs_x', regionPath: JS },
        new Date(),
      ),
    );
const balance = (dealerId: string) => db.orm.em.fork().findOneOrFail(RebateBalance, { dealerId });
const hold = (input: Partial<HoldRebateInput>) =>
  balances.hold(db.context(service), {
    ...{ key: 'ord_RB1', dealerId: 'dlr_RB1', amountMinor: 20_000, orderTotalMinor: 100_000 },
    ...input,
  } as HoldRebateInput);
const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);
/** The balance's figures re-derived from its ledger entries. */
async function fromEntries(dealerId: string) {
  const sum = async (movement: Movement) =>
    (await db.orm.em.fork().find(RebateBalanceEntry, { dealerId, movement })).reduce((s, e) => s + e.amountMinor, 0);
  const [settled, held, captured, released] = await Promise.all(
    [Movement.SETTLED, Movement.HELD, Movement.CAPTURED, Movement.RELEASED].map(sum),
  );
  return { settled, captured, held: held - captured - released, available: settled - held + released };
}

describe('RebateBalanceService.hold', () => {
  it('refuses a parent sale, over the cap and over the balance, writing nothing', async () => {
    await settle('dlr_RB1', 20_000);
    expect(rebateCap(100_000)).toBe(30_000);
    const before = await db.orm.em.fork().count(RebateBalanceEntry, {});
    expect(codes(await hold({ sellerDealerId: 'dlr_parent' }))).toEqual(['REBATE_NOT_ALLOWED']);
    expect(codes(await hold({ amountMinor: 30_001 }))).toEqual(['REBATE_OVER_CAP']);
    expect(codes(await hold({ amountMinor: 20_001 }))).toEqual(['REBATE_OVER_BALANCE']);
    expect(codes(await hold({ amountMinor: 0 }))).toEqual(['BAD_USER_INPUT']);
    expect(await db.orm.em.fork().count(RebateHold, {})).toBe(0);
    expect(await db.orm.em.fork().count(RebateBalanceEntry, {})).toBe(before);
    expect(await balance('dlr_RB1')).toMatchObject({ available: 20_000, held: 0 });
    await expect(
      balances.hold(db.context({ userId: 'u', role: Role.HQ_ADMIN }), {} as HoldRebateInput),
    ).rejects.toThrow();
  });

  it('holds once per key: a replay answers the same hold, other figures IDEMPOTENCY_KEY_REUSED', async () => {
    const first = await hold({});
    expect(first.errors).toEqual([]);
    expect(await balance('dlr_RB1')).toMatchObject({ available: 0, held: 20_000, settled: 20_000 });
    const again = await hold({});
    expect(again.hold?.id).toBe(first.hold!.id);
    expect(codes(await hold({ amountMinor: 10_000 }))).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await db.orm.em.fork().count(RebateHold, {})).toBe(1);
    expect(await db.orm.em.fork().count(AuditEntry, { operation: 'holdRebate' })).toBe(1);
    const events = await db.orm.em.fork().find(OutboxEvent, { type: EventType.REBATE_BALANCE_CHANGED });
    expect(events.map((e) => (e.payload as { movement: string }).movement)).toEqual(['SETTLED', 'HELD']);
  });

  it('releases the remainder once; an unknown key is a no-op that refuses a later hold under it', async () => {
    const released = await balances.release(db.context(service), 'ord_RB1');
    expect(released).toMatchObject({ released: true, errors: [] });
    expect(released.hold).toMatchObject({ status: 'RELEASED', releasedMinor: 20_000 });
    expect(await balance('dlr_RB1')).toMatchObject({ available: 20_000, held: 0 });
    expect(await balances.release(db.context(service), 'ord_RB1')).toMatchObject({ released: true, errors: [] });
    expect(await balance('dlr_RB1')).toMatchObject({ available: 20_000, held: 0 });
    expect(await balances.release(db.context(service), 'ord_RB_none')).toMatchObject({ released: false, errors: [] });
    expect(codes(await hold({ key: 'ord_RB_none' }))).toEqual(['REBATE_HOLD_RELEASED']);
    expect(await balance('dlr_RB1')).toMatchObject(await fromEntries('dlr_RB1'));
  });
});

describe('invoicing with a rebate hold', () => {
  const shipment = (n: number, grossMinor: number): InvoiceShipmentInput =>
    ({
      ...{ shipmentId: `shp_RB${n}`, shipmentNumber: `SO9-${n}`, orderId: 'ord_RB2', orderNumber: 'SO9' },
      ...{ dealerId: 'dlr_RB2', shippedAt: new Date() },
      lines: [
        {
          ...{ orderLineId: 'oln_1', productId: 'prd_1', sku: 'SKU-1', productName: '产品', quantity: 1 },
          ...{ isGift: false, taxClass: TaxClass.STANDARD, grossMinor },
        },
      ],
    }) as InvoiceShipmentInput;

  it('captures the hold in proportion to each shipment and pays the invoice with an OFFSET payment', async () => {
    await settle('dlr_RB2', 100_000);
    const held = await hold({ key: 'ord_RB2', dealerId: 'dlr_RB2', amountMinor: 30_000, orderTotalMinor: 100_000 });
    expect(held.errors).toEqual([]);
    const invoicing = new InvoicingService(undefined);
    const first = await invoicing.invoiceShipment(db.context(service), shipment(1, 33_333));
    expect(first.errors).toEqual([]);
    const part1 = partValue(30_000, 100_000, 0, 33_333);
    expect(part1).toBe(10_000);
    expect(first.invoice).toMatchObject({ amountMinor: 33_333, outstandingMinor: 23_333 });
    const em = db.orm.em.fork();
    const payment = await em.findOneOrFail(Payment, { idempotencyKey: 'rebate:shp_RB1' });
    expect(payment).toMatchObject({
      ...{ method: PaymentMethod.OFFSET, source: PaymentSource.REBATE, amountMinor: 10_000 },
      ...{ allocatedMinor: 10_000, unallocatedMinor: 0, reference: 'ord_RB2' },
    });
    const allocation = await em.findOneOrFail(ReceivableAllocation, { sourceId: payment.id });
    expect(allocation).toMatchObject({ sourceType: AllocationSource.PAYMENT, invoiceId: first.invoice!.id });
    expect(await balance('dlr_RB2')).toMatchObject({ available: 70_000, held: 20_000, captured: 10_000 });
    // The last shipment takes what remains: the parts add up to the hold.
    const second = await invoicing.invoiceShipment(db.context(service), shipment(2, 66_667));
    expect(second.invoice).toMatchObject({ amountMinor: 66_667, outstandingMinor: 46_667 });
    const rebateHold = await db.orm.em.fork().findOneOrFail(RebateHold, { key: 'ord_RB2' });
    expect(rebateHold).toMatchObject({ status: 'CAPTURED', capturedMinor: 30_000, invoicedMinor: 100_000 });
    expect(await balance('dlr_RB2')).toMatchObject({ available: 70_000, held: 0, captured: 30_000, settled: 100_000 });
    expect(await balance('dlr_RB2')).toMatchObject(await fromEntries('dlr_RB2'));
    const invoices = await db.orm.em.fork().find(Invoice, { dealerId: 'dlr_RB2' });
    expect(invoices.reduce((s, i) => s + i.paidMinor, 0)).toBe(30_000);
    expect(await ledgerViolations(db.orm.em.fork(), 'dlr_RB2')).toEqual([]);
    // A captured hold is not released by the compensation.
    const late = await balances.release(db.context(service), 'ord_RB2');
    expect(codes(late)).toEqual(['REBATE_HOLD_CAPTURED']);
    expect(await balance('dlr_RB2')).toMatchObject({ available: 70_000, held: 0 });
  });
});

describe('RebateBalanceService.balance', () => {
  it("shows the dealer its own, its region's manager and services, no one else", async () => {
    const own: Viewer = { userId: 'u1', role: Role.DEALER_ADMIN, dealerId: 'dlr_RB2' };
    expect(await balances.balance(db.context(own), null)).toMatchObject({ dealerId: 'dlr_RB2', available: 70_000 });
    const other: Viewer = { userId: 'u2', role: Role.DEALER_ADMIN, dealerId: 'dlr_RB1' };
    await expect(balances.balance(db.context(other), 'dlr_RB2')).rejects.toThrow();
    const east: Viewer = { userId: 'm', role: Role.REGION_MANAGER, regionId: 'reg_east' };
    expect(await balances.balance(db.context(east), 'dlr_RB2')).toMatchObject({ held: 0, captured: 30_000 });
    const south: Viewer = { userId: 'm2', role: Role.REGION_MANAGER, regionId: 'reg_south' };
    await expect(balances.balance(db.context(south), 'dlr_RB2')).rejects.toThrow();
    expect(await balances.balance(db.context(service), 'dlr_RB_new')).toMatchObject({ available: 0, settled: 0 });
  });
});
