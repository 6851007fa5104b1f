import { demoNetwork, regionPath } from '@dnp/demo-data';
import { AuditEntry, EventType, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealersLoaders } from '../dealers-context.js';
import { DealerStatusChange } from '../entities/dealer-status-change.entity.js';
import { Dealer, DealerStatus } from '../entities/dealer.entity.js';
import { PartnerKey, PartnerKeyScope } from '../entities/partner-key.entity.js';
import { User } from '../entities/user.entity.js';
import { dealersSubgraph } from '../subgraph.js';
import { DealerStatusService } from './dealer-status.service.js';
import { OrderingBlockService } from './ordering-block.service.js';
import { SessionService } from './session.service.js';

const { regions, dealers: demoDealers } = demoNetwork();
const nj = demoDealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
const southDealer = demoDealers.find(
  (d) =>
    regionPath(regions, d.regionId).includes('reg_south') && d.level === 'REGIONAL_DEALER' && d.status === 'ACTIVE',
)!;

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, displayName: 'HQ Admin' };
const east: Viewer = {
  userId: 'usr_east_manager',
  role: Role.REGION_MANAGER,
  regionId: 'reg_east',
  regionPath: ['reg_cn', 'reg_east'],
};
const south: Viewer = {
  userId: 'usr_south_manager',
  role: Role.REGION_MANAGER,
  regionId: 'reg_south',
  regionPath: ['reg_cn', 'reg_south'],
};

let db: TestSubgraph<DealersLoaders>;
const blocks = new OrderingBlockService('Asia/Shanghai');
const service = new DealerStatusService(new SessionService(3600), blocks);

/** Rows a refusal must not add to. */
async function counts() {
  const em = db.orm.em.fork();
  return [await em.count(DealerStatusChange), await em.count(AuditEntry), await em.count(OutboxEvent)];
}

beforeAll(async () => {
  db = await openTestSubgraph(dealersSubgraph, { seed: true });
}, 60_000);
afterAll(() => db?.close());

describe('changeDealerStatus', () => {
  it('refuses bad reasons, wrong transitions and a manager terminating, writing nothing', async () => {
    const before = await counts();
    const short = await service.change(db.context(east), {
      dealerId: nj.id,
      status: DealerStatus.SUSPENDED,
      reason: ' x ',
    });
    expect(short.errors.map((e) => e.code)).toEqual(['REASON_REQUIRED']);
    const same = await service.change(db.context(east), {
      dealerId: nj.id,
      status: DealerStatus.ACTIVE,
      reason: 'again',
    });
    expect(same.errors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
    const end = await service.change(db.context(east), {
      dealerId: nj.id,
      status: DealerStatus.TERMINATED,
      reason: 'bye',
    });
    expect(end.errors.map((e) => e.code)).toEqual(['FORBIDDEN']);
    await expect(
      service.change(db.context(south), { dealerId: nj.id, status: DealerStatus.SUSPENDED, reason: 'not mine' }),
    ).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(await counts()).toEqual(before);
  });

  it('lets a manager suspend and reinstate a dealer of its region, with history, audit, event and block', async () => {
    const suspended = await service.change(db.context(east), {
      dealerId: nj.id,
      status: DealerStatus.SUSPENDED,
      reason: '  overdue receivables  ',
    });
    expect(suspended.errors).toEqual([]);
    expect(suspended.dealer!.status).toBe(DealerStatus.SUSPENDED);
    const ctx = db.context(hq);
    const dealer = await ctx.em.findOneOrFail(Dealer, { id: nj.id });
    const block = await blocks.of(ctx.em, dealer);
    expect(block).toMatchObject({ code: 'DEALER_NOT_ACTIVE' });
    expect(block!.message).toMatch(/^The dealer is SUSPENDED since \d{4}-\d{2}-\d{2}: overdue receivables$/);
    const history = await service.history(ctx, dealer);
    expect(history[0]).toMatchObject({
      fromStatus: DealerStatus.ACTIVE,
      toStatus: DealerStatus.SUSPENDED,
      reason: 'overdue receivables',
      actorUserId: east.userId,
    });
    const events = await ctx.em.find(OutboxEvent, { type: EventType.DEALER_CHANGED, subjectId: nj.id });
    expect(events.at(-1)!.payload).toMatchObject({
      change: 'STATUS',
      status: 'SUSPENDED',
      fromStatus: 'ACTIVE',
      orderingBlocked: true,
      blockCode: 'DEALER_NOT_ACTIVE',
    });
    expect(events.at(-1)!.scope.regionPath).toContain('reg_east');
    expect(await ctx.em.count(AuditEntry, { operation: 'changeDealerStatus', entityId: nj.id })).toBe(1);

    const back = await service.change(db.context(east), {
      dealerId: nj.id,
      status: DealerStatus.ACTIVE,
      reason: 'paid',
    });
    expect(back.dealer!.status).toBe(DealerStatus.ACTIVE);
    expect(await blocks.of(db.context(hq).em, back.dealer!)).toBeNull();
  });

  it('terminates for HQ only: every user loses its sessions, partner keys are revoked, and it is final', async () => {
    const em = db.orm.em.fork();
    await em.insert(PartnerKey, {
      id: 'pk_status_spec',
      name: 'ERP',
      keyPrefix: 'dnp_pk_spec',
      keyHash: 'f'.repeat(64),
      scope: PartnerKeyScope.DEALER_READ,
      dealerId: southDealer.id,
      rateLimitPerMinute: 60,
      createdById: hq.userId,
      createdAt: new Date(),
      revokedAt: null,
      lastUsedAt: null,
    });
    const users = await em.find(User, { dealerId: southDealer.id });
    expect(users.length).toBeGreaterThan(0);
    const done = await service.change(db.context(hq), {
      dealerId: southDealer.id,
      status: DealerStatus.TERMINATED,
      reason: 'left the network',
    });
    expect(done.dealer!.status).toBe(DealerStatus.TERMINATED);
    const check = db.orm.em.fork();
    expect((await check.findOneOrFail(PartnerKey, { id: 'pk_status_spec' })).revokedAt).not.toBeNull();
    const revoked = await check.find(OutboxEvent, { type: EventType.USER_SESSIONS_REVOKED });
    const ended = revoked.filter((e) => (e.payload as { reason: string }).reason === 'DEALER_TERMINATED');
    expect(ended.map((e) => e.subjectId).sort()).toEqual(users.map((u) => u.id).sort());
    const again = await service.change(db.context(hq), {
      dealerId: southDealer.id,
      status: DealerStatus.ACTIVE,
      reason: 'come back',
    });
    expect(again.errors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
  });
});
