import { AuditEntry, createLogger, LiveHoldReconciler, RequestContext, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RebateBalance,
  RebateBalanceMovement as Movement,
  RebateHold,
  RebateHoldStatus,
} from '../../entities/rebate-settlement.entity.js';
import type { FinanceLoaders } from '../../finance-context.js';
import type { HoldRebateInput } from '../../schema/rebate-balance.input.js';
import { financeSubgraph } from '../../subgraph.js';
import { moveBalance } from './rebate-balance.ledger.js';
import { RebateBalanceService } from './rebate-balance.service.js';
import { REBATE_RECONCILED_HOLDS } from './rebate-hold-reconciler.js';

const log = createLogger('rebate-reconciler-spec', 'silent');
const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const JS = '/reg_cn/reg_east/reg_js/';
const balances = new RebateBalanceService();
let db: TestSubgraph<FinanceLoaders>;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: false });
  await db.orm.em
    .fork()
    .transactional((tx) =>
      moveBalance(
        tx,
        { dealerId: 'dlr_RR', movement: Movement.SETTLED, amountMinor: 100_000, sourceId: 'rbs_rr', regionPath: JS },
        new Date(),
      ),
    );
});
afterAll(() => db.close());

const hold = async (key: string, amountMinor: number) => {
  const input = { key, dealerId: 'dlr_RR', amountMinor, orderTotalMinor: 100_000 } as HoldRebateInput;
  expect((await balances.hold(db.context(service), input)).errors).toEqual([]);
};
const holdOf = (key: string) => db.orm.em.fork().findOneOrFail(RebateHold, { key });
const balance = () => db.orm.em.fork().findOneOrFail(RebateBalance, { dealerId: 'dlr_RR' });

/**
 * The reconciler over finance's rebate holds as `rebateHoldReconciler` builds it (the kit's
 * `serviceReconciler` store: finance's listing, its release as the reconciler's SERVICE actor), with
 * the orders' statuses answered by `statuses` in place of the orders subgraph's `_entities`.
 */
function reconcilerWith(statuses: Map<string, { status: string; fulfilmentSettled: boolean }>, graceMs: number) {
  const actor = { userId: REBATE_RECONCILED_HOLDS.actor, role: Role.SERVICE };
  const context = () =>
    new RequestContext<FinanceLoaders>(
      actor,
      db.orm.em.fork(),
      log,
      'reconcile',
      REBATE_RECONCILED_HOLDS.createLoaders,
    );
  return new LiveHoldReconciler(
    REBATE_RECONCILED_HOLDS.name,
    {
      live: (after, limit) => REBATE_RECONCILED_HOLDS.live(db.orm.em, after, limit),
      release: (key) => REBATE_RECONCILED_HOLDS.release(context(), key),
    },
    async (ids) => new Map([...statuses].filter(([id]) => ids.includes(id))),
    { batch: 50, graceMs, releaseSettled: REBATE_RECONCILED_HOLDS.releaseSettled === true },
    log,
  );
}

describe('the rebate hold reconciler (rr §8)', () => {
  it("gives back rejected, cancelled and vanished orders' holds and settled orders' rest, not live ones", async () => {
    await hold('ord_RR_rejected', 10_000);
    await hold('ord_RR_cancelled', 5_000);
    await hold('ord_RR_gone', 3_000);
    await hold('ord_RR_open', 7_000);
    await hold('ord_RR_shipping', 4_000);
    await hold('ord_RR_settled', 6_000);
    expect(await balance()).toMatchObject({ available: 65_000, held: 35_000 });
    const statuses = new Map([
      ['ord_RR_rejected', { status: 'REJECTED', fulfilmentSettled: false }],
      ['ord_RR_cancelled', { status: 'CANCELLED', fulfilmentSettled: false }],
      ['ord_RR_open', { status: 'APPROVED', fulfilmentSettled: false }],
      // Shipped, its invoice not issued yet: the capture is still to come.
      ['ord_RR_shipping', { status: 'SHIPPED', fulfilmentSettled: false }],
      ['ord_RR_settled', { status: 'COMPLETED', fulfilmentSettled: true }],
    ]);
    // Within the grace period an order unknown to orders may still be being written: kept.
    const early = await reconcilerWith(statuses, 3_600_000).run();
    expect(early).toMatchObject({ checked: 6, released: 3 });
    expect((await holdOf('ord_RR_gone')).status).toBe(RebateHoldStatus.HELD);

    const late = await reconcilerWith(statuses, 0).run(new Date(Date.now() + 1000));
    expect(late).toMatchObject({ checked: 3, released: 1 });
    for (const key of ['ord_RR_rejected', 'ord_RR_cancelled', 'ord_RR_gone', 'ord_RR_settled'])
      expect((await holdOf(key)).status, key).toBe(RebateHoldStatus.RELEASED);
    for (const key of ['ord_RR_open', 'ord_RR_shipping'])
      expect((await holdOf(key)).status, key).toBe(RebateHoldStatus.HELD);
    expect(await balance()).toMatchObject({ available: 89_000, held: 11_000 });
    // Each release is the ordinary one: audited as the reconciler.
    const audits = await db.orm.em
      .fork()
      .find(AuditEntry, { entityType: 'RebateHold', operation: 'releaseRebateHold' });
    expect(audits.filter((a) => a.actorId === 'finance-reconciler')).toHaveLength(4);
    // A second pass finds nothing more to do.
    expect(await reconcilerWith(statuses, 0).run(new Date(Date.now() + 1000))).toMatchObject({ released: 0 });
  });
});
