import { addDays, businessDate } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { EventType, OutboxEvent } from '@dnp/event-bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinanceLoaders } from '../finance-context.js';
import { financeSubgraph } from '../subgraph.js';
import { fixtureAccount, fixtureInvoice } from './finance-documents.fixture.js';
import { OrderingBlockScan } from '../entities/ordering-block-scan.entity.js';
import { OrderingBlockScanner } from './ordering-block.scanner.js';

const now = new Date();
const today = businessDate(now, 'Asia/Shanghai');
let db: TestSubgraph<FinanceLoaders>;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph);
  const em = db.orm.em.fork();
  for (const [dealerId, daysPastDue] of [
    ['dlr_K1', 91],
    ['dlr_K2', 90],
    ['dlr_K3', 100],
  ] as const) {
    const dueDate = addDays(today, -daysPastDue);
    await fixtureAccount(em, dealerId, '/reg_cn/reg_east/', { oldestOpenDueDate: dueDate, usedMinor: 5_000 });
    await fixtureInvoice(em, { dealerId, amountMinor: 5_000, issuedOn: addDays(dueDate, -30), dueDate });
  }
});
afterAll(() => db.close());

describe('the ordering-block scan', () => {
  it('raises a block on the day time alone crosses the threshold, once', async () => {
    const scanner = new OrderingBlockScanner(90, 'Asia/Shanghai');
    expect(await scanner.scan(db.orm.em.fork(), now)).toEqual(['dlr_K1']);
    expect(await scanner.scan(db.orm.em.fork(), now)).toEqual([]);
    const tomorrow = new Date(now.getTime() + 86_400_000);
    expect(await scanner.scan(db.orm.em.fork(), tomorrow)).toEqual(['dlr_K2']);
    const events = await db.orm.em.fork().find(OutboxEvent, { type: EventType.ORDERING_BLOCK_CHANGED });
    expect(events.map((e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload))).toEqual([
      { dealerId: 'dlr_K1', blocked: true, oldestDueDate: addDays(today, -91), overdueMinor: 5_000, thresholdDays: 90 },
      { dealerId: 'dlr_K2', blocked: true, oldestDueDate: addDays(today, -90), overdueMinor: 5_000, thresholdDays: 90 },
    ]);
    expect(await new OrderingBlockScanner(0, 'Asia/Shanghai').scan(db.orm.em.fork(), now)).toEqual([]);
  });

  it('keeps its last run in the database: a restarted process neither raises a day twice nor skips one', async () => {
    const tomorrow = new Date(now.getTime() + 86_400_000);
    const restarted = new OrderingBlockScanner(90, 'Asia/Shanghai');
    expect(await restarted.scan(db.orm.em.fork(), tomorrow)).toEqual([]);
    const scan = await db.orm.em.fork().findOneOrFail(OrderingBlockScan, { name: 'ordering-block' });
    expect(scan.scannedThrough).toBe(businessDate(tomorrow, 'Asia/Shanghai'));
    // Down for a week: the next run raises what crossed on the days it missed (dlr_K3 crossed long ago).
    const em = db.orm.em.fork();
    await fixtureAccount(em, 'dlr_K4', '/reg_cn/reg_east/', { oldestOpenDueDate: addDays(today, -88) });
    const weekLater = new Date(now.getTime() + 8 * 86_400_000);
    expect(await new OrderingBlockScanner(90, 'Asia/Shanghai').scan(db.orm.em.fork(), weekLater)).toEqual(['dlr_K4']);
  });
});
