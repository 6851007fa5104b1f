import { AuditEntry, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromotionConsumption, PromotionConsumptionStatus } from '../entities/promotion-consumption.entity.js';
import { PromotionDealerUsage } from '../entities/promotion-dealer-usage.entity.js';
import { PromotionRedemption } from '../entities/promotion-redemption.entity.js';
import { Promotion } from '../entities/promotion.entity.js';
import type { PricingLoaders } from '../pricing-context.js';
import { pricingSubgraph } from '../subgraph.js';
import {
  consumePromotionBudget,
  liveConsumptions,
  MAX_KEY_LENGTH,
  PROMOTION_BUDGET_RELEASED,
  releaseConsumption,
  releasePromotionBudget,
} from './promotion-budget.service.js';
import { NotAppliedReason } from './promotion-engine.service.js';
import { quote } from './quote.service.js';

const orders: Viewer = { userId: 'orders', role: Role.SERVICE };
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const dealer: Viewer = {
  userId: 'usr_nj_admin',
  role: Role.DEALER_ADMIN,
  dealerId: 'dlr_0003',
  dealerGrade: 'A',
  regionId: 'reg_js_nj',
  regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'],
};

let db: TestSubgraph<PricingLoaders>;
beforeAll(async () => {
  db = await openTestSubgraph(pricingSubgraph, { seed: true });
});
afterAll(() => db.close());

const promotion = (id: string) => db.orm.em.fork().findOneOrFail(Promotion, { id });
const consume = (key: string, promotions: { promotionId: string; amountMinor: number }[], dealerId = 'dlr_0003') =>
  consumePromotionBudget(db.context(orders), { idempotencyKey: key, dealerId, orderId: `ord_${key}`, promotions });

async function setBudget(
  id: string,
  budgetMinor: number | null,
  budgetUsedMinor: number,
  perDealerOrderLimit: number | null = null,
) {
  await db.orm.em.fork().nativeUpdate(Promotion, { id }, { budgetMinor, budgetUsedMinor, perDealerOrderLimit });
}

describe('consumePromotionBudget', () => {
  it('consumes atomically and is idempotent by key', async () => {
    await setBudget('prm_dairy_1000_80', 100_000, 0);
    const first = await consume('k-1', [
      { promotionId: 'prm_dairy_1000_80', amountMinor: 16_000 },
      { promotionId: 'prm_snack_tiers', amountMinor: 500 },
    ]);
    expect(first.errors).toEqual([]);
    expect(first).toMatchObject({ replayed: false });
    expect(first.redemptions.map((r) => [r.promotionId, r.amountMinor, r.orderId])).toEqual([
      ['prm_dairy_1000_80', 16_000, 'ord_k-1'],
      ['prm_snack_tiers', 500, 'ord_k-1'],
    ]);
    const again = await consume('k-1', [
      { promotionId: 'prm_dairy_1000_80', amountMinor: 16_000 },
      { promotionId: 'prm_snack_tiers', amountMinor: 500 },
    ]);
    expect(again).toMatchObject({ replayed: true, errors: [] });
    expect(again.redemptions.map((r) => r.id)).toEqual(first.redemptions.map((r) => r.id));
    expect((await promotion('prm_dairy_1000_80')).budgetUsedMinor).toBe(16_000);
    // The same key for something else is refused.
    const other = await consume('k-1', [{ promotionId: 'prm_dairy_1000_80', amountMinor: 1 }]);
    expect(other.errors[0]).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('refuses past the budget and writes nothing for any promotion of the order', async () => {
    await setBudget('prm_health_tiers_budget', 5_000_000, 4_990_000, null);
    const before = await promotion('prm_dairy_1000_80');
    const result = await consume('k-over', [
      { promotionId: 'prm_dairy_1000_80', amountMinor: 100 },
      { promotionId: 'prm_health_tiers_budget', amountMinor: 10_001 },
    ]);
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'BUDGET_EXHAUSTED', field: 'promotions[1].amountMinor' }),
    ]);
    expect((await promotion('prm_dairy_1000_80')).budgetUsedMinor).toBe(before.budgetUsedMinor);
    expect(await db.orm.em.fork().count(PromotionRedemption, { idempotencyKey: 'k-over' })).toBe(0);
    // Exactly the rest fits.
    expect((await consume('k-rest', [{ promotionId: 'prm_health_tiers_budget', amountMinor: 10_000 }])).errors).toEqual(
      [],
    );
    expect((await promotion('prm_health_tiers_budget')).budgetUsedMinor).toBe(5_000_000);
  });

  it('never overspends under concurrent orders', async () => {
    await setBudget('prm_south_3000_200', 100_000, 0);
    // 12 orders of ¥200 against a ¥1000 budget, all at once: exactly 5 succeed.
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        consume(`k-c${i}`, [{ promotionId: 'prm_south_3000_200', amountMinor: 20_000 }], `dlr_c${i}`),
      ),
    );
    expect(results.filter((r) => r.errors.length === 0)).toHaveLength(5);
    expect(results.filter((r) => r.errors[0]?.code === 'BUDGET_EXHAUSTED')).toHaveLength(7);
    expect((await promotion('prm_south_3000_200')).budgetUsedMinor).toBe(100_000);
    expect(await db.orm.em.fork().count(PromotionRedemption, { promotionId: 'prm_south_3000_200' })).toBe(5);
  });

  it('consumes a key once even when the same key races', async () => {
    await setBudget('prm_snack_tiers', null, 0);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => consume('k-race', [{ promotionId: 'prm_snack_tiers', amountMinor: 700 }])),
    );
    expect(results.every((r) => r.errors.length === 0)).toBe(true);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect((await promotion('prm_snack_tiers')).budgetUsedMinor).toBe(700);
  });

  it('enforces the per-dealer order limit, also concurrently, and the quote then says so', async () => {
    await setBudget('prm_water_buy10_get1', null, 0, 2);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        consume(`k-lim${i}`, [{ promotionId: 'prm_water_buy10_get1', amountMinor: 2400 }], 'dlr_0003'),
      ),
    );
    expect(results.filter((r) => r.errors.length === 0)).toHaveLength(2);
    expect(results.filter((r) => r.errors[0]?.code === 'USAGE_LIMIT_REACHED')).toHaveLength(3);
    const usage = await db.orm.em
      .fork()
      .findOneOrFail(PromotionDealerUsage, { promotionId: 'prm_water_buy10_get1', dealerId: 'dlr_0003' });
    expect(usage.orders).toBe(2);
    // Another dealer is not limited by it.
    expect(
      (await consume('k-lim-other', [{ promotionId: 'prm_water_buy10_get1', amountMinor: 2400 }], 'dlr_0004')).errors,
    ).toEqual([]);
    const q = await quote(db.context(dealer), { lines: [{ productId: 'prd_00178', quantity: 22 }] });
    expect(q.notAppliedPromotions.find((n) => n.promotion.id === 'prm_water_buy10_get1')?.reason).toBe(
      NotAppliedReason.USAGE_LIMIT_REACHED,
    );
  });

  it('makes an exhausted promotion not apply, with BUDGET_EXHAUSTED', async () => {
    await setBudget('prm_dairy_1000_80', 100_000, 100_000);
    const q = await quote(db.context(dealer), { lines: [{ productId: 'prd_00001', quantity: 50 }] });
    expect(q.appliedPromotions.map((a) => a.promotion.id)).not.toContain('prm_dairy_1000_80');
    expect(q.notAppliedPromotions.find((n) => n.promotion.id === 'prm_dairy_1000_80')?.reason).toBe(
      NotAppliedReason.BUDGET_EXHAUSTED,
    );
    await setBudget('prm_dairy_1000_80', null, 0);
  });

  it('refuses everyone but services, and bad input in the payload', async () => {
    for (const viewer of [hq, dealer]) {
      await expect(
        consumePromotionBudget(db.context(viewer), {
          idempotencyKey: 'x',
          dealerId: 'dlr_0003',
          promotions: [{ promotionId: 'prm_snack_tiers', amountMinor: 1 }],
        }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(releasePromotionBudget(db.context(viewer), 'x')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const bad = await consume('', [
      { promotionId: 'prm_snack_tiers', amountMinor: -1 },
      { promotionId: 'prm_snack_tiers', amountMinor: 1.5 },
    ]);
    expect(bad.errors.map((e) => e.field)).toEqual([
      'idempotencyKey',
      'promotions[0].amountMinor',
      'promotions[1].amountMinor',
      'promotions[1].promotionId',
    ]);
    expect((await consume('k-unknown', [{ promotionId: 'prm_nope', amountMinor: 1 }])).errors[0]).toMatchObject({
      code: 'NOT_FOUND',
    });
    const gql = await db.execute(
      'mutation { consumePromotionBudget(input: { idempotencyKey: "g", dealerId: "dlr_1", ' +
        'promotions: [{ promotionId: "prm_snack_tiers", amountMinor: 1 }] }) { replayed } }',
      {},
      dealer,
    );
    expect(gql.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('releasePromotionBudget', () => {
  it('gives the budget and the dealer order back, once', async () => {
    await setBudget('prm_cny_giftbox_bundle', 50_000, 0, 1);
    expect((await consume('k-rel', [{ promotionId: 'prm_cny_giftbox_bundle', amountMinor: 30_000 }])).errors).toEqual(
      [],
    );
    expect(
      (await consume('k-rel-2', [{ promotionId: 'prm_cny_giftbox_bundle', amountMinor: 1 }])).errors[0],
    ).toMatchObject({ code: 'USAGE_LIMIT_REACHED' });
    const [a, b] = await Promise.all([
      releasePromotionBudget(db.context(orders), 'k-rel'),
      releasePromotionBudget(db.context(orders), 'k-rel'),
    ]);
    expect(a.redemptions[0]!.releasedAt).toBeInstanceOf(Date);
    expect(b.redemptions[0]!.releasedAt).toBeInstanceOf(Date);
    expect((await promotion('prm_cny_giftbox_bundle')).budgetUsedMinor).toBe(0);
    // The dealer may use it again (with a new key).
    expect((await consume('k-rel-3', [{ promotionId: 'prm_cny_giftbox_bundle', amountMinor: 1 }])).errors).toEqual([]);
  });
});

describe('tombstones (a release that overtook its consumption)', () => {
  const release = (key: string) => releasePromotionBudget(db.context(orders), key);
  const consumption = (key: string) => db.orm.em.fork().findOne(PromotionConsumption, { idempotencyKey: key });
  const liveRedemptions = (keys: string[]) =>
    db.orm.em.fork().count(PromotionRedemption, { idempotencyKey: { $in: keys }, releasedAt: null });

  it('refuses a consumption under a key released before it was made: nothing spent, tombstone audited', async () => {
    await setBudget('prm_snack_tiers', 10_000, 0, 1);
    expect(await release('ord_late_p')).toEqual(expect.objectContaining({ redemptions: [], errors: [] }));
    expect(await release('ord_late_p')).toEqual(expect.objectContaining({ redemptions: [], errors: [] }));
    const late = await consume('ord_late_p', [{ promotionId: 'prm_snack_tiers', amountMinor: 700 }], 'dlr_T01');
    expect(late.redemptions).toEqual([]);
    expect(late.errors.map((e) => [e.code, e.field])).toEqual([[PROMOTION_BUDGET_RELEASED, 'idempotencyKey']]);
    expect((await promotion('prm_snack_tiers')).budgetUsedMinor).toBe(0);
    expect(
      await db.orm.em
        .fork()
        .count(PromotionDealerUsage, { promotionId: 'prm_snack_tiers', dealerId: 'dlr_T01', orders: { $gt: 0 } }),
    ).toBe(0);
    expect(await db.orm.em.fork().count(PromotionRedemption, { idempotencyKey: 'ord_late_p' })).toBe(0);
    const tomb = await consumption('ord_late_p');
    expect(tomb).toMatchObject({ status: PromotionConsumptionStatus.RELEASED, dealerId: '' });
    const audits = await db.orm.em.fork().find(AuditEntry, { entityType: 'PromotionConsumption', entityId: tomb!.id });
    expect(audits.map((a) => [a.operation, a.actorId, JSON.parse(a.after!).tombstone])).toEqual([
      ['releasePromotionBudget', 'orders', true],
    ]);
    // The per-dealer limit of 1 is still free: a new key consumes.
    expect(
      (await consume('ord_late_p2', [{ promotionId: 'prm_snack_tiers', amountMinor: 700 }], 'dlr_T01')).errors,
    ).toEqual([]);
    expect(await releaseConsumption(db.context(orders), 'ord_late_p2')).toBe(true);
    expect(await releaseConsumption(db.context(orders), 'ord_late_p2')).toBe(false);
    expect((await promotion('prm_snack_tiers')).budgetUsedMinor).toBe(0);
  });

  it('of a release racing its consumption (×10), exactly one wins: nothing stays spent', async () => {
    await setBudget('prm_south_3000_200', null, 0);
    const keys = Array.from({ length: 10 }, (_, i) => `ord_prace_${i}`);
    for (const key of keys) {
      const [made] = await Promise.all([
        consume(key, [{ promotionId: 'prm_south_3000_200', amountMinor: 1_000 }]),
        release(key),
      ]);
      // Either the release came first (refused) or it released what was made.
      expect(made.errors.map((e) => e.code).concat(made.redemptions.length ? ['MADE'] : [])).toSatisfy(
        (o: string[]) => o.length === 1 && (o[0] === 'MADE' || o[0] === PROMOTION_BUDGET_RELEASED),
      );
      await release(key);
    }
    expect(await liveRedemptions(keys)).toBe(0);
    expect((await promotion('prm_south_3000_200')).budgetUsedMinor).toBe(0);
    expect(
      await db.orm.em
        .fork()
        .count(PromotionConsumption, { idempotencyKey: { $in: keys }, status: PromotionConsumptionStatus.CONSUMED }),
    ).toBe(0);
  });

  it('refuses a malformed key on both sides, writing nothing', async () => {
    for (const key of [' bad key', '', '-x', 'a'.repeat(MAX_KEY_LENGTH + 1)]) {
      expect((await release(key)).errors.map((e) => [e.code, e.field])).toEqual([['BAD_USER_INPUT', 'idempotencyKey']]);
      expect(
        (await consume(key, [{ promotionId: 'prm_snack_tiers', amountMinor: 1 }])).errors.map((e) => e.code),
      ).toEqual(['BAD_USER_INPUT']);
      expect(await consumption(key)).toBeNull();
    }
  });

  it('lists live consumptions oldest first for the reconciler, past tombstones and released ones', async () => {
    await setBudget('prm_snack_tiers', null, 0, null);
    expect((await consume('ord_live_1', [{ promotionId: 'prm_snack_tiers', amountMinor: 5 }])).errors).toEqual([]);
    await release('ord_live_gone');
    const live = await liveConsumptions(db.orm.em, null, 1000);
    const keys = live.map((h) => h.key);
    expect(keys).toContain('ord_live_1');
    expect(keys).not.toContain('ord_live_gone');
    expect(keys).not.toContain('ord_late_p2');
    const i = keys.indexOf('ord_live_1');
    expect((await liveConsumptions(db.orm.em, live[i]!, 1000)).map((h) => h.key)).not.toContain('ord_live_1');
    await release('ord_live_1');
  });
});
