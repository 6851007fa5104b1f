import { EventType, handleOnce, newEventId, OutboxEvent, type DomainEvent } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditAccount, CreditStatus } from '../entities/credit-account.entity.js';
import { CreditLimitChange, CreditLimitChangeStatus } from '../entities/credit-limit-change.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import { financeSubgraph } from '../subgraph.js';
import { financeAdmissionConsumer } from './admission-consumer.js';

let db: TestSubgraph<FinanceLoaders>;
beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph);
});
afterAll(() => db.close());

const admitted = (dealerId: string): DomainEvent => ({
  id: newEventId(),
  type: EventType.DEALER_ADMITTED,
  source: 'dealers',
  occurredAt: new Date().toISOString(),
  subjectId: dealerId,
  scope: { dealerIds: [dealerId], regionPath: ['reg_cn', 'reg_east'] },
  payload: {
    ...{ dealerId, code: 'JS-NEW', name: '新经销商', level: 'REGIONAL_DEALER', grade: 'D', parentId: null },
    ...{ regionId: 'reg_js_nj', regionPath: '/reg_cn/reg_east/reg_js/reg_js_nj/', dealerPath: `/${dealerId}/` },
    ...{ initialCreditLimitMinor: 5_000_000, termDays: 30, createWarehouse: false },
  },
});

describe('finance:admission', () => {
  it("opens the admitted dealer's brand account and its first history row once, however often it arrives", async () => {
    const consumer = financeAdmissionConsumer();
    expect(consumer).toMatchObject({ name: 'finance:admission', delivery: 'once', types: [EventType.DEALER_ADMITTED] });
    const event = admitted('dlr_new01');
    const run = (e: DomainEvent) => handleOnce(db.orm.em, consumer.name, e.id, (tx) => consumer.handle(tx, e));
    expect((await run(event)).handled).toBe(true);
    expect((await run(event)).handled).toBe(false);
    // A second event for the same dealer (a replayed admission under a new id) opens nothing more.
    expect((await run(admitted('dlr_new01'))).handled).toBe(true);
    const em = db.orm.em.fork();
    const accounts = await em.find(CreditAccount, { dealerId: 'dlr_new01' });
    expect(accounts).toMatchObject([
      {
        ...{ id: 'cra_new01', sellerKey: 'BRAND', limitMinor: 5_000_000, termDays: 30, usedMinor: 0 },
        ...{ status: CreditStatus.ACTIVE, dealerRegionPath: '/reg_cn/reg_east/reg_js/reg_js_nj/' },
      },
    ]);
    expect(await em.find(CreditLimitChange, { accountId: 'cra_new01' })).toMatchObject([
      {
        ...{ status: CreditLimitChangeStatus.APPLIED, reason: 'admission', fromLimitMinor: 0 },
        ...{ toLimitMinor: 5_000_000, fromTermDays: 0, toTermDays: 30, requestedByUserId: 'system' },
      },
    ]);
    const events = await em.find(OutboxEvent, { type: EventType.CREDIT_LIMIT_CHANGED, subjectId: 'cra_new01' });
    expect(events.map((e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload))).toMatchObject([
      { dealerId: 'dlr_new01', toLimitMinor: 5_000_000, availableMinor: 5_000_000, sellerDealerId: null },
    ]);
  });
});
