import { ErrorCode, insertAudit, newId, recordAudit, Role } from '@dnp/subgraph-kit';
import { raw, UniqueConstraintViolationException, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { PromotionDealerUsage } from '../entities/promotion-dealer-usage.entity.js';
import { PromotionRedemption } from '../entities/promotion-redemption.entity.js';
import { Promotion } from '../entities/promotion.entity.js';
import type { PricingContext } from '../pricing.loader.js';
import type { ConsumePromotionBudgetInput } from '../resolvers/promotion.input.js';
import { ConsumePromotionBudgetPayload, ReleasePromotionBudgetPayload, type UserError } from '../resolvers/promotion.type.js';
import { userError } from './promotion.service.js';

/** Most promotions one order can consume. */
export const MAX_CONSUMPTIONS = 50;
/** Stands in for "no budget" in the guard expression, so one UPDATE covers both cases. */
const UNLIMITED = Number.MAX_SAFE_INTEGER;

/** Thrown inside the consumption transaction to roll it back with a payload error. */
class Refusal extends Error {
  constructor(readonly error: UserError) {
    super(error.message);
  }
}

function consumed(redemptions: PromotionRedemption[], replayed: boolean, errors: UserError[] = []): ConsumePromotionBudgetPayload {
  return Object.assign(new ConsumePromotionBudgetPayload(), { redemptions, replayed, errors });
}

/**
 * Consumes promotion budgets for one placed order (the order saga calls this after its
 * server-side quote; SERVICE only). All or nothing, in one transaction:
 *
 * - per promotion, one conditional UPDATE `budget_used + amount <= budget` (unlimited when the
 *   budget is null): two concurrent orders can never overspend a budget;
 * - per promotion, the dealer's order count goes up by one with a conditional UPDATE
 *   `orders < perDealerOrderLimit`;
 * - one redemption row per promotion, unique per (idempotency key, promotion).
 *
 * Idempotent by key: a key already consumed returns its redemptions with `replayed: true` and
 * changes nothing (also when two calls with the same key race: the loser's insert violates the
 * unique key, its transaction rolls back and it returns the winner's rows). Failures come back
 * as payload errors (BUDGET_EXHAUSTED, USAGE_LIMIT_REACHED, NOT_FOUND, BAD_USER_INPUT,
 * IDEMPOTENCY_KEY_REUSED) with nothing written.
 */
export async function consumePromotionBudget(ctx: PricingContext, input: ConsumePromotionBudgetInput): Promise<ConsumePromotionBudgetPayload> {
  ctx.requireRole(Role.SERVICE);
  const errors = validateConsumption(input);
  if (errors.length) return consumed([], false, errors);
  const key = input.idempotencyKey;

  const previous = await ctx.em.find(PromotionRedemption, { idempotencyKey: key }, { orderBy: { promotionId: 'asc' } });
  if (previous.length) return replay(previous, input);

  try {
    const rows = await ctx.em.transactional(async (tx) => {
      const now = new Date();
      const promotions = new Map((await tx.find(Promotion, { id: { $in: input.promotions.map((p) => p.promotionId) } })).map((p) => [p.id, p]));
      const out: PromotionRedemption[] = [];
      for (const [i, item] of input.promotions.entries()) {
        const promotion = promotions.get(item.promotionId);
        if (!promotion) throw new Refusal(userError(ErrorCode.NOT_FOUND, `Promotion "${item.promotionId}" was not found`, `promotions[${i}].promotionId`));
        // The guard sits in the UPDATE itself, so concurrent orders can never overspend.
        const ok = await tx.nativeUpdate(
          Promotion,
          { id: promotion.id, [raw('coalesce(budget_minor, ?) - budget_used_minor - ?', [UNLIMITED, item.amountMinor])]: { $gte: 0 } } as FilterQuery<Promotion>,
          { budgetUsedMinor: raw('budget_used_minor + ?', [item.amountMinor]) } as never,
        );
        if (!ok) throw new Refusal(userError('BUDGET_EXHAUSTED', `The budget of promotion "${promotion.name}" cannot cover ${item.amountMinor} fen more`, `promotions[${i}].amountMinor`));
        await countDealerOrder(tx, promotion, input.dealerId, i);
        out.push(
          tx.create(PromotionRedemption, {
            id: newId('prr', now),
            idempotencyKey: key,
            promotionId: promotion.id,
            dealerId: input.dealerId,
            orderId: input.orderId ?? null,
            amountMinor: item.amountMinor,
            releasedAt: null,
            createdAt: now,
          }),
        );
      }
      for (const r of out) {
        const before = promotions.get(r.promotionId)!.budgetUsedMinor;
        recordAudit(tx, ctx, {
          operation: 'consumePromotionBudget', action: 'CONSUME', entityType: 'Promotion', entityId: r.promotionId,
          before: { budgetUsedMinor: before }, after: { budgetUsedMinor: before + r.amountMinor, redemptionId: r.id, dealerId: r.dealerId, orderId: r.orderId, idempotencyKey: key },
        });
      }
      await tx.flush();
      return out;
    });
    return consumed(rows.sort((a, b) => (a.promotionId < b.promotionId ? -1 : 1)), false);
  } catch (err) {
    if (err instanceof Refusal) return consumed([], false, [err.error]);
    if (err instanceof UniqueConstraintViolationException) {
      // Same key consumed concurrently: the other call won, and this one rolled back.
      const rows = await ctx.em.fork().find(PromotionRedemption, { idempotencyKey: key }, { orderBy: { promotionId: 'asc' } });
      if (rows.length) return replay(rows, input);
    }
    throw err;
  }
}

/** Adds one order to the dealer's usage of the promotion, refusing past its per-dealer limit. */
async function countDealerOrder(tx: EntityManager, promotion: Promotion, dealerId: string, index: number): Promise<void> {
  await tx.upsert(PromotionDealerUsage, { promotionId: promotion.id, dealerId, orders: 0 }, { onConflictFields: ['promotionId', 'dealerId'], onConflictAction: 'ignore' });
  const limit = promotion.perDealerOrderLimit ?? UNLIMITED;
  const ok = await tx.nativeUpdate(PromotionDealerUsage, { promotionId: promotion.id, dealerId, orders: { $lt: limit } }, { orders: raw('orders + 1') } as never);
  if (!ok) throw new Refusal(userError('USAGE_LIMIT_REACHED', `Dealer "${dealerId}" already used promotion "${promotion.name}" on ${limit} order(s)`, `promotions[${index}].promotionId`));
}

function replay(rows: PromotionRedemption[], input: ConsumePromotionBudgetInput): ConsumePromotionBudgetPayload {
  const asked = new Map(input.promotions.map((p) => [p.promotionId, p.amountMinor]));
  const same = rows.length === asked.size && rows.every((r) => asked.get(r.promotionId) === r.amountMinor && r.dealerId === input.dealerId);
  if (!same) {
    return consumed([], false, [userError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used for a different consumption', 'idempotencyKey')]);
  }
  return consumed(rows, true);
}

function validateConsumption(input: ConsumePromotionBudgetInput): UserError[] {
  const errors: UserError[] = [];
  const bad = (message: string, field: string) => errors.push(userError(ErrorCode.BAD_USER_INPUT, message, field));
  if (typeof input.idempotencyKey !== 'string' || !input.idempotencyKey.trim() || input.idempotencyKey.length > 100) bad('idempotencyKey must be 1 to 100 characters', 'idempotencyKey');
  if (typeof input.dealerId !== 'string' || !input.dealerId.trim() || input.dealerId.length > 40) bad('dealerId must be a dealer id', 'dealerId');
  const list = input.promotions ?? [];
  if (list.length < 1 || list.length > MAX_CONSUMPTIONS) bad(`Give 1 to ${MAX_CONSUMPTIONS} promotions`, 'promotions');
  list.forEach((p, i) => {
    if (!Number.isSafeInteger(p.amountMinor) || p.amountMinor < 0) bad('amountMinor must be a whole number of fen, 0 or more', `promotions[${i}].amountMinor`);
    if (list.findIndex((x) => x.promotionId === p.promotionId) !== i) bad('Each promotion appears once', `promotions[${i}].promotionId`);
  });
  return errors;
}

/**
 * Compensation of `consumePromotionBudget` (order cancelled or the saga failed later): gives the
 * key's consumed amounts back to the budgets and takes the orders off the dealer's usage.
 * Idempotent: each redemption is released at most once (conditional UPDATE on `released_at`).
 * A released key stays used; a new attempt needs a new key. SERVICE only.
 */
export async function releasePromotionBudget(ctx: PricingContext, idempotencyKey: string): Promise<ReleasePromotionBudgetPayload> {
  ctx.requireRole(Role.SERVICE);
  if (typeof idempotencyKey !== 'string' || !idempotencyKey.trim() || idempotencyKey.length > 100) {
    return Object.assign(new ReleasePromotionBudgetPayload(), { redemptions: [], errors: [userError(ErrorCode.BAD_USER_INPUT, 'idempotencyKey must be 1 to 100 characters', 'idempotencyKey')] });
  }
  await ctx.em.transactional(async (tx) => {
    const now = new Date();
    for (const r of await tx.find(PromotionRedemption, { idempotencyKey, releasedAt: null })) {
      const claimed = await tx.nativeUpdate(PromotionRedemption, { id: r.id, releasedAt: null }, { releasedAt: now });
      if (!claimed) continue;
      await tx.nativeUpdate(Promotion, { id: r.promotionId }, { budgetUsedMinor: raw('budget_used_minor - ?', [r.amountMinor]) } as never);
      await insertAudit(tx, ctx, {
        operation: 'releasePromotionBudget', action: 'RELEASE', entityType: 'Promotion', entityId: r.promotionId,
        before: { redemptionId: r.id, amountMinor: r.amountMinor, releasedAt: null }, after: { redemptionId: r.id, amountMinor: 0, releasedAt: now, idempotencyKey },
      });
      await tx.nativeUpdate(PromotionDealerUsage, { promotionId: r.promotionId, dealerId: r.dealerId, orders: { $gt: 0 } }, { orders: raw('orders - 1') } as never);
    }
  });
  const redemptions = await ctx.em.fork().find(PromotionRedemption, { idempotencyKey }, { orderBy: { promotionId: 'asc' } });
  return Object.assign(new ReleasePromotionBudgetPayload(), { redemptions, errors: [] });
}
