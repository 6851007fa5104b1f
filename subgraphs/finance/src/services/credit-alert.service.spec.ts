import { AuditEntry, EventType, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditAccount, CreditStatus, utilizationPpm } from '../entities/credit-account.entity.js';
import { CreditAlert } from '../entities/credit-alert.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import type { HoldCreditInput } from '../schema/credit-hold.input.js';
import { financeSubgraph } from '../subgraph.js';
import { CreditAlertService } from './credit-alert.service.js';
import { CreditHoldService } from './credit-hold.service.js';

const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
let db: TestSubgraph<FinanceLoaders>;
const holds = new CreditHoldService();
const alerts = new CreditAlertService();

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: false });
  for (const [dealerId, region] of [
    ['dlr_a1', '/reg_cn/reg_east/'],
    ['dlr_b1', '/reg_cn/reg_west/'],
  ] as const) {
    await db.orm.em.fork().insert(CreditAccount, {
      id: `cra_${dealerId.slice(4)}`,
      dealerId,
      dealerRegionPath: region,
      dealerPath: `/${dealerId}/`,
      currency: 'CNY',
      limitMinor: 100_000,
      usedMinor: 50_000,
      heldMinor: 0,
      balanceMinor: 0,
      oldestOpenDueDate: null,
      utilizationPpm: utilizationPpm(100_000, 50_000, 0),
      termDays: 30,
      status: CreditStatus.ACTIVE,
      updatedAt: new Date(),
    });
  }
});
afterAll(() => db.close());

const hold = (key: string, dealerId: string, amountMinor: number) =>
  holds.hold(db.context(service), { key, dealerId, amountMinor } as HoldCreditInput);
const raisedEvents = () => db.orm.em.fork().find(OutboxEvent, { type: EventType.CREDIT_ALERT_RAISED });

describe('credit alerts', () => {
  it('raises one alert (with its event) when a hold takes use above 90 %, not below it, and not twice', async () => {
    await hold('o-1', 'dlr_a1', 30_000); // 80 %
    expect(await db.orm.em.fork().count(CreditAlert, {})).toBe(0);
    await hold('o-2', 'dlr_a1', 15_000); // 95 %
    await hold('o-3', 'dlr_a1', 2_000); // 97 %: still the same episode
    const rows = await db.orm.em.fork().find(CreditAlert, {});
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ dealerId: 'dlr_a1', thresholdPercent: 90, utilizationPpm: 950_000 });
    const events = await raisedEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      subjectId: rows[0]!.id,
      scope: { dealerIds: ['dlr_a1'], regionPath: ['reg_cn', 'reg_east'] },
    });
  });

  it('clears the alert when use falls back (scan), so a new episode raises a new alert', async () => {
    await holds.release(db.context(service), 'o-2');
    await holds.release(db.context(service), 'o-3');
    expect(await alerts.scan(db.orm.em, 90)).toEqual({ raised: 0, cleared: 1 });
    await hold('o-4', 'dlr_a1', 18_000);
    expect(await db.orm.em.fork().count(CreditAlert, { dealerId: 'dlr_a1' })).toBe(2);
    expect(await raisedEvents()).toHaveLength(2);
  });

  it('scopes the list by role and acknowledges idempotently', async () => {
    await hold('o-5', 'dlr_b1', 45_000);
    const all = await alerts.list(db.context(hq), { first: 10 });
    expect(all.totalCount).toBe(3);
    const east = await alerts.list(db.context({ userId: 'usr_m', role: Role.REGION_MANAGER, regionId: 'reg_east' }), {
      first: 10,
    });
    expect(east.edges.map((e) => e.node.dealerId)).toEqual(['dlr_a1', 'dlr_a1']);
    const b = { userId: 'usr_b', role: Role.DEALER_ADMIN, dealerId: 'dlr_b1' };
    const own = await alerts.list(db.context(b), { first: 10, open: true });
    expect(own.edges.map((e) => e.node.dealerId)).toEqual(['dlr_b1']);
    const id = own.edges[0]!.node.id;
    await expect(alerts.get(db.context({ ...b, dealerId: 'dlr_a1' }), id)).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
    expect((await alerts.acknowledge(db.context(b), id)).acknowledgedBy).toBe('usr_b');
    expect((await alerts.acknowledge(db.context(hq), id)).acknowledgedBy).toBe('usr_b');
    expect((await alerts.list(db.context(b), { first: 10, acknowledged: false })).totalCount).toBe(0);
    await expect(alerts.acknowledge(db.context({ ...b, role: Role.DEALER_STAFF }), id)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it("lets a parent dealer read its sub-dealer's alert but not acknowledge it; audits acknowledging once", async () => {
    const open = (await alerts.list(db.context(hq), { first: 10, acknowledged: false })).edges.map((e) => e.node);
    const alert = open.find((a) => a.dealerId === 'dlr_a1')!;
    const parent = { userId: 'usr_p', role: Role.DEALER_ADMIN, dealerId: 'dlr_p', subDealerIds: ['dlr_a1'] };
    expect((await alerts.get(db.context(parent), alert.id)).id).toBe(alert.id);
    await expect(alerts.acknowledge(db.context(parent), alert.id)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    const audits = () => db.orm.em.fork().count(AuditEntry, { entityId: alert.id });
    expect(await audits()).toBe(0);
    const own = { userId: 'usr_a', role: Role.DEALER_ADMIN, dealerId: 'dlr_a1' };
    expect((await alerts.acknowledge(db.context(own), alert.id)).acknowledgedBy).toBe('usr_a');
    await alerts.acknowledge(db.context(own), alert.id);
    expect(await db.orm.em.fork().find(AuditEntry, { entityId: alert.id })).toMatchObject([
      { operation: 'acknowledgeCreditAlert', action: 'ACKNOWLEDGE', actorId: 'usr_a', entityType: 'CreditAlert' },
    ]);
  });
});
