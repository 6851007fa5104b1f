import {
  ErrorCode,
  holdKeyRule,
  insertAudit,
  isHoldKey,
  isTombstone,
  KeyedHoldCode,
  type LiveHold,
  newId,
  recordAudit,
  releasedKeyMessage,
  releaseOrTombstone,
  Role,
  TOMBSTONE_OWNER,
  type UserError,
} from '@dnp/subgraph-kit';
import { raw, UniqueConstraintViolationException, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { PromotionConsumption, PromotionConsumptionStatus } from '../entities/promotion-consumption.entity.js';
import { PromotionDealerUsage } from '../entities/promotion-dealer-usage.entity.js';
import { PromotionRedemption } from '../entities/promotion-redemption.entity.js';
import { Promotion } from '../entities/promotion.entity.js';
import type { PricingContext } from '../pricing-context.js';
import type { ConsumePromotionBudgetInput } from '../schema/promotion.input.js';
import { userError } from './promotion.service.js';

/** Most promotions one order can consume. */
export const MAX_CONSUMPTIONS = 50;
/** Longest idempotency key (the column is narrower than the kit's 120). */
export const MAX_KEY_LENGTH = 100;
/** Consuming under a key that was released before (a tombstone): refused, nothing spent. */
export const PROMOTION_BUDGET_RELEASED = KeyedHoldCode.PROMOTION_BUDGET_RELEASED;
/** The message of a malformed idempotency key. */
const KEY_RULE = holdKeyRule('idempotencyKey', MAX_KEY_LENGTH);
/** How often a release re-reads a consumption another release changed under it. */
const MAX_RELEASE_ATTEMPTS = 5;
/** Stands in for "no budget" in the guard expression, so one UPDATE covers both cases. */
const UNLIMITED = Number.MAX_SAFE_INTEGER;

/** Thrown inside the consumption transaction to roll it back with a result error. */
class Refusal extends Error {
  constructor(readonly error: UserError) {
    super(error.message);
  }
}

/**
 * What consumePromotionBudget did: the key's redemptions (`replayed` when consumed before), or why
 * nothing was spent.
 */
export interface ConsumeResult {
  redemptions: PromotionRedemption[];
  replayed: boolean;
  errors: UserError[];
}

/** What releasePromotionBudget did: the key's redemptions (now released), or why the key was refused. */
export interface ReleaseResult {
  redemptions: PromotionRedemption[];
  errors: UserError[];
}

function consumed(redemptions: PromotionRedemption[], replayed: boolean, errors: UserError[] = []): ConsumeResult {
  return { redemptions, replayed, errors };
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
 * Idempotent by key (the kit's keyed-hold protocol): the transaction first inserts the key's
 * `PromotionConsumption` row, unique per key. A key already consumed returns its redemptions with
 * `replayed: true` and changes nothing (also when two calls with the same key race: the loser's
 * insert violates the unique key, its transaction rolls back and it returns the winner's rows).
 * A key released before it was consumed (a tombstone: the saga gave up while this call was
 * queued) is refused with PROMOTION_BUDGET_RELEASED, nothing spent; a release racing this call
 * is decided by the same unique key. Failures come back as payload errors (BUDGET_EXHAUSTED,
 * USAGE_LIMIT_REACHED, NOT_FOUND, BAD_USER_INPUT, IDEMPOTENCY_KEY_REUSED,
 * PROMOTION_BUDGET_RELEASED) with nothing written.
 */
export async function consumePromotionBudget(
  ctx: PricingContext,
  input: ConsumePromotionBudgetInput,
): Promise<ConsumeResult> {
  ctx.requireRole(Role.SERVICE);
  const errors = validateConsumption(input);
  if (errors.length) return consumed([], false, errors);

  const previous = await known(ctx, input);
  if (previous) return previous;

  try {
    const rows = await ctx.em.transactional((tx) => consumeInTransaction(ctx, tx, input));
    return consumed(
      rows.sort((a, b) => (a.promotionId < b.promotionId ? -1 : 1)),
      false,
    );
  } catch (err) {
    if (err instanceof Refusal) return consumed([], false, [err.error]);
    if (err instanceof UniqueConstraintViolationException) {
      // Same key consumed or released concurrently: the other call won, and this one rolled back.
      const answer = await known(ctx, input);
      if (answer) return answer;
    }
    throw err;
  }
}

/**
 * The consumption's transaction: the key's row first, then each promotion's budget, the dealer's
 * order count and a redemption, then their audit entries. Throws a Refusal to roll back.
 */
async function consumeInTransaction(
  ctx: PricingContext,
  tx: EntityManager,
  input: ConsumePromotionBudgetInput,
): Promise<PromotionRedemption[]> {
  const now = new Date();
  const key = input.idempotencyKey;
  // The key's row before any budget: a tombstone or a concurrent consumption with the same
  // key makes this insert fail (on MariaDB it waits for the other's commit), nothing spent.
  await tx.insert(PromotionConsumption, {
    id: newId('prc', now),
    idempotencyKey: key,
    dealerId: input.dealerId,
    orderId: input.orderId ?? null,
    status: PromotionConsumptionStatus.CONSUMED,
    createdAt: now,
    updatedAt: now,
  });
  const promotions = new Map(
    (await tx.find(Promotion, { id: { $in: input.promotions.map((p) => p.promotionId) } })).map((p) => [p.id, p]),
  );
  const out: PromotionRedemption[] = [];
  for (const [i, item] of input.promotions.entries()) {
    const promotion = promotions.get(item.promotionId);
    if (!promotion)
      throw new Refusal(
        userError(ErrorCode.NOT_FOUND, `Promotion "${item.promotionId}" was not found`, `promotions[${i}].promotionId`),
      );
    await spendBudget(tx, promotion, item.amountMinor, i);
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
      operation: 'consumePromotionBudget',
      action: 'CONSUME',
      entityType: 'Promotion',
      entityId: r.promotionId,
      before: { budgetUsedMinor: before },
      after: {
        budgetUsedMinor: before + r.amountMinor,
        redemptionId: r.id,
        dealerId: r.dealerId,
        orderId: r.orderId,
        idempotencyKey: key,
      },
    });
  }
  await tx.flush();
  return out;
}

/** Adds `amountMinor` to the promotion's used budget if it fits; BUDGET_EXHAUSTED (a Refusal) otherwise. */
async function spendBudget(tx: EntityManager, promotion: Promotion, amountMinor: number, i: number): Promise<void> {
  // The guard sits in the UPDATE itself, so concurrent orders can never overspend.
  const ok = await tx.nativeUpdate(
    Promotion,
    {
      id: promotion.id,
      [raw('coalesce(budget_minor, ?) - budget_used_minor - ?', [UNLIMITED, amountMinor])]: { $gte: 0 },
    } as FilterQuery<Promotion>,
    { budgetUsedMinor: raw('budget_used_minor + ?', [amountMinor]) } as never,
  );
  if (!ok)
    throw new Refusal(
      userError(
        'BUDGET_EXHAUSTED',
        `The budget of promotion "${promotion.name}" cannot cover ${amountMinor} fen more`,
        `promotions[${i}].amountMinor`,
      ),
    );
}

/**
 * The answer for a key seen before: its redemptions replayed, or PROMOTION_BUDGET_RELEASED for a
 * tombstone; null when the key is new.
 */
async function known(ctx: PricingContext, input: ConsumePromotionBudgetInput): Promise<ConsumeResult | null> {
  const em = ctx.em.fork({ clear: true });
  const key = input.idempotencyKey;
  const consumption = await em.findOne(PromotionConsumption, { idempotencyKey: key });
  if (!consumption) return null;
  if (isTombstone(consumption)) {
    const message = releasedKeyMessage('promotion budget consumption', key);
    return consumed([], false, [userError(PROMOTION_BUDGET_RELEASED, message, 'idempotencyKey')]);
  }
  const rows = await em.find(PromotionRedemption, { idempotencyKey: key }, { orderBy: { promotionId: 'asc' } });
  return replay(rows, input);
}

/** Adds one order to the dealer's usage of the promotion, refusing past its per-dealer limit. */
async function countDealerOrder(
  tx: EntityManager,
  promotion: Promotion,
  dealerId: string,
  index: number,
): Promise<void> {
  await tx.upsert(
    PromotionDealerUsage,
    { promotionId: promotion.id, dealerId, orders: 0 },
    { onConflictFields: ['promotionId', 'dealerId'], onConflictAction: 'ignore' },
  );
  const limit = promotion.perDealerOrderLimit ?? UNLIMITED;
  const ok = await tx.nativeUpdate(
    PromotionDealerUsage,
    { promotionId: promotion.id, dealerId, orders: { $lt: limit } },
    { orders: raw('orders + 1') } as never,
  );
  if (!ok)
    throw new Refusal(
      userError(
        'USAGE_LIMIT_REACHED',
        `Dealer "${dealerId}" already used promotion "${promotion.name}" on ${limit} order(s)`,
        `promotions[${index}].promotionId`,
      ),
    );
}

function replay(rows: PromotionRedemption[], input: ConsumePromotionBudgetInput): ConsumeResult {
  const asked = new Map(input.promotions.map((p) => [p.promotionId, p.amountMinor]));
  const same =
    rows.length === asked.size &&
    rows.every((r) => asked.get(r.promotionId) === r.amountMinor && r.dealerId === input.dealerId);
  if (!same) {
    return consumed([], false, [
      userError(
        'IDEMPOTENCY_KEY_REUSED',
        'This idempotency key was already used for a different consumption',
        'idempotencyKey',
      ),
    ]);
  }
  return consumed(rows, true);
}

function validateConsumption(input: ConsumePromotionBudgetInput): UserError[] {
  const errors: UserError[] = [];
  const bad = (message: string, field: string) => errors.push(userError(ErrorCode.BAD_USER_INPUT, message, field));
  if (!isHoldKey(input.idempotencyKey, MAX_KEY_LENGTH)) bad(KEY_RULE, 'idempotencyKey');
  if (typeof input.dealerId !== 'string' || !input.dealerId.trim() || input.dealerId.length > 40)
    bad('dealerId must be a dealer id', 'dealerId');
  const list = input.promotions ?? [];
  if (list.length < 1 || list.length > MAX_CONSUMPTIONS) bad(`Give 1 to ${MAX_CONSUMPTIONS} promotions`, 'promotions');
  list.forEach((p, i) => {
    if (!Number.isSafeInteger(p.amountMinor) || p.amountMinor < 0)
      bad('amountMinor must be a whole number of fen, 0 or more', `promotions[${i}].amountMinor`);
    if (list.findIndex((x) => x.promotionId === p.promotionId) !== i)
      bad('Each promotion appears once', `promotions[${i}].promotionId`);
  });
  return errors;
}

/**
 * Compensation of `consumePromotionBudget` (order cancelled or the saga failed later): gives the
 * key's consumed amounts back to the budgets and takes the orders off the dealer's usage.
 * Idempotent: a consumption is released at most once (conditional UPDATE of its status). A key
 * never consumed leaves a tombstone (the kit's keyed-hold protocol), so a consumption with that
 * key arriving later is refused with PROMOTION_BUDGET_RELEASED. A released key stays used; a new
 * attempt needs a new key. SERVICE only; a malformed key is BAD_USER_INPUT, nothing written.
 */
export async function releasePromotionBudget(ctx: PricingContext, idempotencyKey: string): Promise<ReleaseResult> {
  ctx.requireRole(Role.SERVICE);
  if (!isHoldKey(idempotencyKey, MAX_KEY_LENGTH)) {
    const errors = [userError(ErrorCode.BAD_USER_INPUT, KEY_RULE, 'idempotencyKey')];
    return { redemptions: [], errors };
  }
  await releaseConsumption(ctx, idempotencyKey);
  const redemptions = await ctx.em
    .fork()
    .find(PromotionRedemption, { idempotencyKey }, { orderBy: { promotionId: 'asc' } });
  return { redemptions, errors: [] };
}

/**
 * Releases the consumption under a (valid) key, or leaves its tombstone; true when budgets were
 * given back now (false when already released, or for a key never consumed). SERVICE only.
 */
export async function releaseConsumption(ctx: PricingContext, key: string, now: Date = new Date()): Promise<boolean> {
  ctx.requireRole(Role.SERVICE);
  const outcome = await releaseOrTombstone(
    key,
    () => giveBack(ctx, key, now),
    () => tombstone(ctx, key, now),
  );
  return outcome?.gaveBack ?? false;
}

/**
 * Moves the key's consumption CONSUMED → RELEASED (a conditional UPDATE, so of two releases
 * one gives back) and gives each redemption's amount back, with an audit entry per promotion.
 * Null when the key is unknown.
 */
async function giveBack(ctx: PricingContext, key: string, now: Date): Promise<{ gaveBack: boolean } | null> {
  for (let attempt = 0; ; attempt++) {
    const outcome = await ctx.em.fork({ clear: true }).transactional(async (tx) => {
      const consumption = await tx.findOne(PromotionConsumption, { idempotencyKey: key });
      if (!consumption) return null;
      if (consumption.status !== PromotionConsumptionStatus.CONSUMED) return { gaveBack: false };
      const claimed = await tx.nativeUpdate(
        PromotionConsumption,
        { id: consumption.id, status: PromotionConsumptionStatus.CONSUMED },
        { status: PromotionConsumptionStatus.RELEASED, updatedAt: now },
      );
      if (!claimed) return 'changed' as const;
      for (const r of await tx.find(PromotionRedemption, { idempotencyKey: key, releasedAt: null })) {
        const claimedRow = await tx.nativeUpdate(
          PromotionRedemption,
          { id: r.id, releasedAt: null },
          { releasedAt: now },
        );
        if (!claimedRow) continue;
        const budgetBack = { budgetUsedMinor: raw('budget_used_minor - ?', [r.amountMinor]) };
        await tx.nativeUpdate(Promotion, { id: r.promotionId }, budgetBack as never);
        await insertAudit(tx, ctx, {
          operation: 'releasePromotionBudget',
          action: 'RELEASE',
          entityType: 'Promotion',
          entityId: r.promotionId,
          before: { redemptionId: r.id, amountMinor: r.amountMinor, releasedAt: null },
          after: { redemptionId: r.id, amountMinor: 0, releasedAt: now, idempotencyKey: key },
        });
        const usage = { promotionId: r.promotionId, dealerId: r.dealerId, orders: { $gt: 0 } };
        await tx.nativeUpdate(PromotionDealerUsage, usage, { orders: raw('orders - 1') } as never);
      }
      return { gaveBack: true };
    });
    if (outcome !== 'changed') return outcome;
    // Another release claimed it between our read and our update: read again.
    if (attempt + 1 >= MAX_RELEASE_ATTEMPTS) throw new Error(`promotion consumption "${key}" keeps changing under us`);
  }
}

/**
 * The tombstone of a key released before anything was consumed under it: a RELEASED row
 * without dealer or redemptions, with its audit entry. Its insert fails on the key's unique
 * index when a consumption got there first (`releaseOrTombstone` then releases that one).
 */
function tombstone(ctx: PricingContext, key: string, now: Date): Promise<void> {
  return ctx.em.fork({ clear: true }).transactional(async (tx) => {
    const id = newId('prc', now);
    await tx.insert(PromotionConsumption, {
      id,
      idempotencyKey: key,
      dealerId: TOMBSTONE_OWNER,
      orderId: null,
      status: PromotionConsumptionStatus.RELEASED,
      createdAt: now,
      updatedAt: now,
    });
    await insertAudit(tx, ctx, {
      operation: 'releasePromotionBudget',
      action: 'RELEASE',
      entityType: 'PromotionConsumption',
      entityId: id,
      after: { idempotencyKey: key, status: PromotionConsumptionStatus.RELEASED, tombstone: true },
    });
  });
}

/** CONSUMED consumptions after `after` in (createdAt, id) order, at most `limit` (the reconciler's page). */
export async function liveConsumptions(em: EntityManager, after: LiveHold | null, limit: number): Promise<LiveHold[]> {
  const status = PromotionConsumptionStatus.CONSUMED;
  const where: FilterQuery<PromotionConsumption> = after
    ? { status, $or: [{ createdAt: { $gt: after.createdAt } }, { createdAt: after.createdAt, id: { $gt: after.id } }] }
    : { status };
  const rows = await em.fork({ clear: true }).find(PromotionConsumption, where, {
    fields: ['id', 'idempotencyKey', 'createdAt'],
    orderBy: { createdAt: 'asc', id: 'asc' },
    limit,
  });
  return rows.map((c) => ({ id: c.id, key: c.idempotencyKey, createdAt: c.createdAt }));
}
