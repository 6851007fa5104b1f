import {
  EventType,
  forUpdate,
  inProductScope,
  newId,
  parsePeriodKey,
  periodOfDate,
  recordEvent,
  samePeriodLastYear,
  shiftPeriod,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { RebateAccrualEntry, RebateBasisMonth, RebateProgress } from '../../entities/rebate-accrual.entity.js';
import { RebateBasis, RebateCalculationKind, RebatePolicy, RebateTarget } from '../../entities/rebate-policy.entity.js';
import { regionIdsOf, type ProductProfile } from '../../entities/rebate-profile.entity.js';
import type { ProgressSnapshot, RebateComputation } from '../rebate-calculations/rebate-calculation.js';
import { calculationOf } from '../rebate-calculations/rebate-calculations.registry.js';
import type { ProductMixParams } from '../rebate-calculations/product-mix.calculation.js';
import { productScopeOf } from '../rebate-policies/rebate-policy.rules.js';
import { productProfiles } from '../rebate-profiles/rebate-profile-source.js';

/** One product's in-scope amount and units. */
export interface ProductFigures {
  productId: string;
  amountMinor: bigint;
  quantity: bigint;
}

/** The business months of a period key (a month, the months of a quarter or year). */
export function monthsOf(period: string): string[] {
  const span = parsePeriodKey(period);
  const months: string[] = [];
  for (let m = periodOfDate(span.first, 'MONTH'); `${m}-01` < span.end; m = shiftPeriod(m, 1)) months.push(m);
  return months;
}

/** A policy's in-scope measure of a dealer in `period` read from the monthly aggregates; null without rows. */
export async function basisFromMonths(
  em: EntityManager,
  policy: RebatePolicy,
  dealerId: string,
  period: string,
): Promise<ProductFigures[] | null> {
  const rows = await em.find(RebateBasisMonth, { dealerId, month: { $in: monthsOf(period) } });
  if (!rows.length) return null;
  const profiles = await productProfiles(
    em,
    rows.map((r) => r.productId),
  );
  const scope = productScopeOf(policy);
  const byProduct = new Map<string, ProductFigures>();
  for (const r of rows) {
    const profile = profiles.find((p) => p.productId === r.productId);
    if (!profile || !inProductScope(scope, profile)) continue;
    const f = byProduct.get(r.productId) ?? { productId: r.productId, amountMinor: 0n, quantity: 0n };
    f.amountMinor += BigInt(policy.basis === RebateBasis.PAID ? r.paidMinor : r.shippedMinor);
    f.quantity += BigInt(r.quantity);
    byProduct.set(r.productId, f);
  }
  return [...byProduct.values()];
}

/** Builds the strategy's snapshot of a policy from per-product figures (growth and targets read as needed). */
export async function snapshotOf(
  em: EntityManager,
  policy: RebatePolicy,
  dealerId: string,
  period: string,
  figures: readonly ProductFigures[],
): Promise<ProgressSnapshot> {
  const amountMinor = figures.reduce((s, f) => s + f.amountMinor, 0n);
  const quantity = figures.reduce((s, f) => s + f.quantity, 0n);
  const measureOf = (a: bigint, q: bigint) => (policy.basis === RebateBasis.QUANTITY ? q : a);
  const snapshot: ProgressSnapshot = { measure: measureOf(amountMinor, quantity), amountMinor };
  if (policy.calculation === RebateCalculationKind.GROWTH) {
    const last = await basisFromMonths(em, policy, dealerId, samePeriodLastYear(period));
    snapshot.lastYearMeasure = last
      ? measureOf(
          last.reduce((s, f) => s + f.amountMinor, 0n),
          last.reduce((s, f) => s + f.quantity, 0n),
        )
      : null;
  } else if (policy.calculation === RebateCalculationKind.TARGET) {
    const target = await em.findOne(RebateTarget, { policyId: policy.id, dealerId, period });
    snapshot.target = target ? BigInt(target.target) : null;
  } else if (policy.calculation === RebateCalculationKind.PRODUCT_MIX) {
    const params = JSON.parse(policy.parameters) as { groups: { scope: ProductMixParams['groups'][0]['scope'] }[] };
    const profiles = await productProfiles(
      em,
      figures.map((f) => f.productId),
    );
    snapshot.groupAmounts = params.groups.map((g) => groupAmount(g.scope, figures, profiles));
  }
  return snapshot;
}

function groupAmount(
  raw: ProductMixParams['groups'][0]['scope'],
  figures: readonly ProductFigures[],
  profiles: readonly ProductProfile[],
): bigint {
  const scope = { productIds: raw.productIds ?? [], categoryIds: raw.categoryIds ?? [], brandIds: raw.brandIds ?? [] };
  return figures.reduce((sum, f) => {
    const profile = profiles.find((p) => p.productId === f.productId);
    return profile && inProductScope(scope, profile) ? sum + f.amountMinor : sum;
  }, 0n);
}

/** The policy's strategy over a snapshot (parameters as stored, checked again). */
export function computePolicy(policy: RebatePolicy, snapshot: ProgressSnapshot): RebateComputation {
  const strategy = calculationOf(policy.calculation);
  const checked = strategy.check(JSON.parse(policy.parameters));
  if (checked.error) throw new Error(`Policy ${policy.id} holds invalid parameters: ${checked.error.code}`);
  return strategy.compute(checked.params, snapshot);
}

/**
 * Recomputes the progress row of (policy, dealer, period) from its accrual entries with the policy's
 * strategy and records `finance.rebate_progress_changed` — in the caller's transaction.
 */
export async function recomputeProgress(
  tx: EntityManager,
  policy: RebatePolicy,
  dealer: { dealerId: string; regionPath: string },
  period: string,
): Promise<RebateProgress> {
  const { dealerId } = dealer;
  const entries = await tx.find(RebateAccrualEntry, { policyId: policy.id, dealerId, period });
  const byProduct = new Map<string, ProductFigures>();
  for (const e of entries) {
    const f = byProduct.get(e.productId) ?? { productId: e.productId, amountMinor: 0n, quantity: 0n };
    f.amountMinor += BigInt(e.basisMinor);
    f.quantity += BigInt(e.quantity);
    byProduct.set(e.productId, f);
  }
  const figures = [...byProduct.values()];
  const snapshot = await snapshotOf(tx, policy, dealerId, period, figures);
  const c = computePolicy(policy, snapshot);
  const now = new Date();
  const values = {
    ...{ basisMinor: Number(snapshot.amountMinor), quantity: Number(figures.reduce((s, f) => s + f.quantity, 0n)) },
    ...{ accruedMinor: Number(c.accruedMinor), tierIndex: c.tierIndex, nextRateBp: c.nextRateBp, updatedAt: now },
    nextThreshold: c.nextThreshold == null ? null : Number(c.nextThreshold),
    remaining: c.remaining == null ? null : Number(c.remaining),
  };
  let row = await tx.findOne(RebateProgress, { policyId: policy.id, dealerId, period }, forUpdate(tx));
  if (row) tx.assign(row, { ...values, version: row.version + 1 });
  else row = tx.create(RebateProgress, { id: newId('rbg'), policyId: policy.id, dealerId, period, ...values });
  await tx.flush();
  recordEvent(tx, {
    type: EventType.REBATE_PROGRESS_CHANGED,
    subjectId: row.id,
    scope: { dealerIds: [dealerId], regionPath: regionIdsOf(dealer.regionPath) },
    occurredAt: now,
    payload: {
      ...{ policyId: policy.id, dealerId, period, basis: Number(snapshot.measure), accruedMinor: values.accruedMinor },
      ...{ tierIndex: c.tierIndex, remainingToNextTier: values.remaining, version: row.version },
    },
  });
  await tx.flush();
  return row;
}
