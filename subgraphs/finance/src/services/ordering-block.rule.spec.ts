import { EventType, OutboxEvent } from '@dnp/event-bus';
import { addDays, businessDate, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentMethod } from '../entities/payment.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import type { RecordPaymentInput } from '../schema/payment.input.js';
import { financeSubgraph } from '../subgraph.js';
import { fixtureAccount, fixtureInvoice } from './finance-documents.fixture.js';
import { orderingBlockOn } from './ordering-block.rule.js';
import { PaymentService } from './payment.service.js';

const clerk: Viewer = { userId: 'usr_fin', role: Role.FINANCE_CLERK };
const DEALER = 'dlr_OB1';
const dealerAdmin: Viewer = { userId: 'usr_ob', role: Role.DEALER_ADMIN, dealerId: DEALER };
const now = new Date();
const today = businessDate(now, 'Asia/Shanghai');
let db: TestSubgraph<FinanceLoaders>;
const payments = new PaymentService();
let n = 0;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: false });
  const em = db.orm.em.fork();
  const oldDue = addDays(today, -100);
  const recentDue = addDays(today, -10);
  await fixtureAccount(em, DEALER, '/reg_cn/reg_east/', { usedMinor: 30_000, oldestOpenDueDate: oldDue });
  await fixtureInvoice(em, { dealerId: DEALER, amountMinor: 10_000, issuedOn: addDays(oldDue, -30), dueDate: oldDue });
  await fixtureInvoice(em, {
    dealerId: DEALER,
    amountMinor: 20_000,
    issuedOn: addDays(recentDue, -30),
    dueDate: recentDue,
  });
});
afterAll(() => db.close());

const pay = (amount: string): Promise<unknown> =>
  payments.record(db.context(clerk), {
    ...{ dealerId: DEALER, idempotencyKey: `ob-${++n}`, amount, method: PaymentMethod.BANK_TRANSFER },
    ...{ reference: `OB${n}`, receivedOn: today },
  } as RecordPaymentInput);
const blockEvents = async () =>
  (await db.orm.em.fork().find(OutboxEvent, { type: EventType.ORDERING_BLOCK_CHANGED })).map((e) =>
    typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload,
  );
const ORDERING_BLOCK =
  '{ myCreditAccount { orderingBlock { blocked since daysOverdue oldestDueDate thresholdDays } } }';
const readBlock = async () => {
  const result = await db.execute(ORDERING_BLOCK, {}, dealerAdmin);
  if (result.errors) throw result.errors[0];
  return (result.data as { myCreditAccount: { orderingBlock: unknown } }).myCreditAccount.orderingBlock;
};

describe('the overdue ordering rule', () => {
  it('blocks when the oldest open due date is before today − N; exactly N days past due passes', () => {
    expect(orderingBlockOn(addDays(today, -90), today, 90)).toMatchObject({ blocked: false, daysOverdue: 90 });
    expect(orderingBlockOn(addDays(today, -91), today, 90)).toEqual({
      blocked: true,
      since: today,
      daysOverdue: 91,
      oldestDueDate: addDays(today, -91),
      thresholdDays: 90,
    });
    expect(orderingBlockOn(addDays(today, 5), today, 90)).toMatchObject({ blocked: false, daysOverdue: 0 });
    expect(orderingBlockOn(addDays(today, -400), today, 0).blocked).toBe(false);
    expect(orderingBlockOn(null, today, 90)).toMatchObject({ blocked: false, since: null, daysOverdue: 0 });
  });

  it('shows CreditAccount.orderingBlock; a payment that lifts the block raises ordering_block_changed', async () => {
    expect(await readBlock()).toEqual({
      blocked: true,
      since: addDays(today, -9),
      daysOverdue: 100,
      oldestDueDate: addDays(today, -100),
      thresholdDays: 90,
    });
    await pay('60.00'); // part of the oldest invoice: still blocked, no event
    expect(await blockEvents()).toEqual([]);
    await pay('40.00'); // the rest: the oldest open invoice is now 10 days past due
    expect(await blockEvents()).toEqual([
      { dealerId: DEALER, blocked: false, oldestDueDate: addDays(today, -10), overdueMinor: 20_000, thresholdDays: 90 },
    ]);
    expect(await readBlock()).toEqual({
      blocked: false,
      since: null,
      daysOverdue: 10,
      oldestDueDate: addDays(today, -10),
      thresholdDays: 90,
    });
    await pay('10.00'); // not blocked before: nothing to lift
    expect(await blockEvents()).toHaveLength(1);
  });
});
