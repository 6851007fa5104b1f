import { demoNetwork } from '@dnp/demo-data';
import { EventType, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealersLoaders } from '../dealers-context.js';
import { Dealer, DealerStatus } from '../entities/dealer.entity.js';
import { dealersSubgraph } from '../subgraph.js';
import { DealerParentService } from './dealer-parent.service.js';
import { OrderingBlockService } from './ordering-block.service.js';

const { dealers: demoDealers } = demoNetwork();
const js = demoDealers.find((d) => d.regionId === 'reg_js' && d.level === 'PROVINCIAL_AGENT')!;
const nj = demoDealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
const zj = demoDealers.find((d) => d.regionId === 'reg_zj' && d.level === 'PROVINCIAL_AGENT')!;
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };

let db: TestSubgraph<DealersLoaders>;
const parents = new DealerParentService(new OrderingBlockService('Asia/Shanghai'));
const move = (dealerId: string, parentId: string, reason = 'network change') =>
  parents.setParent(db.context(hq), { dealerId, parentId, reason });

beforeAll(async () => {
  db = await openTestSubgraph(dealersSubgraph, { seed: true });
}, 60_000);
afterAll(() => db?.close());

describe('setDealerParent', () => {
  it('refuses cycles, inactive parents, a lower tier and a missing reason', async () => {
    expect((await move(js.id, nj.id)).errors.map((e) => e.code)).toEqual(['DEALER_CYCLE']);
    expect((await move(js.id, js.id)).errors.map((e) => e.code)).toEqual(['DEALER_CYCLE']);
    expect((await move(zj.id, nj.id)).errors.map((e) => e.code)).toEqual(['LEVEL_ORDER']);
    expect((await move(nj.id, zj.id, 'x')).errors.map((e) => e.code)).toEqual(['REASON_REQUIRED']);
    await db.orm.em.fork().nativeUpdate(Dealer, { id: zj.id }, { status: DealerStatus.SUSPENDED });
    expect((await move(nj.id, zj.id)).errors.map((e) => e.code)).toEqual(['PARENT_NOT_ACTIVE']);
    await db.orm.em.fork().nativeUpdate(Dealer, { id: zj.id }, { status: DealerStatus.ACTIVE });
    await expect(
      parents.setParent(db.context({ ...hq, role: Role.REGION_MANAGER }), {
        dealerId: nj.id,
        parentId: zj.id,
        reason: 'not mine',
      }),
    ).rejects.toBeTruthy();
  });

  it('moves the dealer with its subtree and records dealer_changed for every moved dealer', async () => {
    const em = db.orm.em.fork();
    const before = await em.find(Dealer, { dealerPath: { $like: `%/${nj.id}/%` } });
    const done = await move(nj.id, zj.id);
    expect(done.errors).toEqual([]);
    const zjRow = await em.findOneOrFail(Dealer, { id: zj.id });
    expect(done.dealer).toMatchObject({ parentId: zj.id, dealerPath: `${zjRow.dealerPath}${nj.id}/` });
    const after = await db.orm.em.fork().find(Dealer, { id: { $in: before.map((d) => d.id) } });
    expect(after.every((d) => d.dealerPath.startsWith(`${zjRow.dealerPath}${nj.id}/`))).toBe(true);
    const events = await em.find(OutboxEvent, { type: EventType.DEALER_CHANGED });
    const moved = events.filter((e) => (e.payload as { change: string }).change === 'PARENT').map((e) => e.subjectId);
    expect(moved.sort()).toEqual(before.map((d) => d.id).sort());
  });
});
