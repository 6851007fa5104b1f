import { Money, Grant, Grants } from '@dnp/subgraph-kit';
import {
  Authorized,
  Arg,
  Ctx,
  Directive,
  FieldResolver,
  Float,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { DealerGrade } from '../entities/price-list.entity.js';
import { Promotion } from '../entities/promotion.entity.js';
import type { PricingContext } from '../pricing-context.js';
import { consumePromotionBudget, releasePromotionBudget } from '../services/promotion-budget.service.js';
import { budgetRemaining } from '../services/promotion-engine.service.js';
import { PromotionService } from '../services/promotion.service.js';
import { ProductRef } from '../schema/product-ref.type.js';
import { PromotionConnection } from '../schema/promotion-connection.type.js';
import { ConsumePromotionBudgetInput, PromotionFilter, PromotionInput } from '../schema/promotion.input.js';
import {
  BundleItem,
  ConsumePromotionBudgetPayload,
  PromotionPayload,
  QuantityTier,
  ReleasePromotionBudgetPayload,
  SpendTier,
} from '../schema/promotion.type.js';
import { RegionRef } from '../schema/region-ref.type.js';

const promotions = new PromotionService();

@Resolver(() => Promotion)
export class PromotionResolver {
  @Authorized(...Grants.MANAGERS)
  @Query(() => PromotionConnection, {
    description:
      'Promotions by code (HQ and services all; a region manager those that can apply in their ' +
      'region). Dealers: FORBIDDEN (see activePromotions).',
  })
  promotions(
    @Ctx() ctx: PricingContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => PromotionFilter, { nullable: true, description: 'Conditions the promotions must meet.' })
    filter?: PromotionFilter,
  ) {
    return promotions.list(ctx, { first, after, filter });
  }

  @Authorized(...Grants.STAFF)
  @Query(() => Promotion, {
    description:
      'One promotion by id: HQ any, managers in their scope, dealers only while it runs for them; NOT_FOUND otherwise.',
  })
  promotion(@Ctx() ctx: PricingContext, @Arg('id', () => ID, { description: 'Promotion id.' }) id: string) {
    return promotions.findOne(ctx, id);
  }

  @Authorized(...Grants.STAFF)
  @Query(() => [Promotion], {
    description:
      "Promotions running now for the viewer, by priority: a dealer's are those offered to their " +
      'grade and region, with budget left and under their per-dealer limit (what the storefront shows).',
  })
  activePromotions(@Ctx() ctx: PricingContext) {
    return promotions.activeFor(ctx);
  }

  @Authorized(Grant.HQ_ADMIN, Grant.REGION_MANAGER)
  @Mutation(() => PromotionPayload, {
    description:
      'Creates a promotion. HQ_ADMIN; REGION_MANAGER only for regions of their subtree ' +
      '(OUT_OF_REGION). Validation errors in the payload, nothing written.',
  })
  async createPromotion(
    @Ctx() ctx: PricingContext,
    @Arg('input', () => PromotionInput, { description: 'The definition.' }) input: PromotionInput,
  ) {
    return Object.assign(new PromotionPayload(), await promotions.create(ctx, input));
  }

  @Authorized(Grant.HQ_ADMIN, Grant.REGION_MANAGER)
  @Mutation(() => PromotionPayload, {
    description: 'Replaces the definition of a promotion (its consumed budget stays). Same rules as createPromotion.',
  })
  async updatePromotion(
    @Ctx() ctx: PricingContext,
    @Arg('id', () => ID, { description: 'Promotion id.' }) id: string,
    @Arg('input', () => PromotionInput, { description: 'The new definition.' }) input: PromotionInput,
  ) {
    return Object.assign(new PromotionPayload(), await promotions.update(ctx, id, input));
  }

  @Authorized(Grant.HQ_ADMIN, Grant.REGION_MANAGER)
  @Mutation(() => PromotionPayload, {
    description: 'Switches a promotion on or off. HQ_ADMIN; REGION_MANAGER for promotions limited to their subtree.',
  })
  async setPromotionActive(
    @Ctx() ctx: PricingContext,
    @Arg('id', () => ID, { description: 'Promotion id.' }) id: string,
    @Arg('active', () => Boolean, { description: 'True to switch on, false to switch off.' }) active: boolean,
  ) {
    return Object.assign(new PromotionPayload(), await promotions.setActive(ctx, id, active));
  }

  @Authorized(Grant.SERVICE)
  @Mutation(() => ConsumePromotionBudgetPayload, {
    description:
      'Order saga only (SERVICE): consumes the benefits of an order from promotion budgets and ' +
      'per-dealer limits, atomically and idempotently by key.',
  })
  @Directive('@inaccessible')
  async consumePromotionBudget(
    @Ctx() ctx: PricingContext,
    @Arg('input', () => ConsumePromotionBudgetInput, { description: 'The order and its promotion benefits.' })
    input: ConsumePromotionBudgetInput,
  ) {
    return Object.assign(new ConsumePromotionBudgetPayload(), await consumePromotionBudget(ctx, input));
  }

  @Authorized(Grant.SERVICE)
  @Mutation(() => ReleasePromotionBudgetPayload, {
    description:
      'Order saga only (SERVICE): compensation of consumePromotionBudget; gives the consumed budgets back. Idempotent.',
  })
  @Directive('@inaccessible')
  async releasePromotionBudget(
    @Ctx() ctx: PricingContext,
    @Arg('idempotencyKey', () => String, { description: 'The key the budget was consumed with.' })
    idempotencyKey: string,
  ) {
    return Object.assign(new ReleasePromotionBudgetPayload(), await releasePromotionBudget(ctx, idempotencyKey));
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'PERCENT_OFF / BUY_X_GET_Y: percent off (5 = 5 %, 100 = free); null for other types.',
  })
  percentOff(@Root() p: Promotion) {
    return promotions.percentOff(p);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'AMOUNT_OFF: amount off; null for other types.' })
  amountOff(@Root() p: Promotion) {
    return promotions.money(p.amountOffMinor);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Condition: minimum eligible amount; null when none.' })
  minAmount(@Root() p: Promotion) {
    return promotions.money(p.minAmountMinor);
  }

  @FieldResolver(() => [SpendTier], { description: 'SPEND_AND_SAVE: tiers by threshold; empty for other types.' })
  spendTiers(@Root() p: Promotion) {
    return promotions.spendTiers(p);
  }

  @FieldResolver(() => [QuantityTier], { description: 'TIERED_QUANTITY: breaks by quantity; empty for other types.' })
  quantityTiers(@Root() p: Promotion) {
    return promotions.quantityTiers(p);
  }

  @FieldResolver(() => [BundleItem], { description: 'BUNDLE: the components; empty for other types.' })
  bundleItems(@Root() p: Promotion) {
    return promotions.bundleItems(p);
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description: 'BUNDLE: price of one complete bundle; null for other types.',
  })
  bundlePrice(@Root() p: Promotion) {
    return promotions.money(p.bundlePriceMinor);
  }

  @FieldResolver(() => ProductRef, {
    nullable: true,
    description:
      'GIFT_WITH_PURCHASE: the gift; BUY_X_GET_Y: the discounted product (null = the same ' +
      'product); null for other types.',
  })
  rewardProduct(@Root() p: Promotion) {
    return p.rewardProductId ? promotions.products([p.rewardProductId])[0] : null;
  }

  @FieldResolver(() => [ProductRef], {
    description: 'Condition: eligible products (any of); empty when no product condition.',
  })
  products(@Root() p: Promotion) {
    return promotions.products(p.productIds);
  }

  @FieldResolver(() => [ID], {
    description: 'Condition: eligible category ids, each with its subtree (any of); empty when none.',
  })
  categoryIds(@Root() p: Promotion) {
    return p.categoryIds;
  }

  @FieldResolver(() => [ID], { description: 'Condition: eligible brand ids (any of); empty when none.' })
  brandIds(@Root() p: Promotion) {
    return p.brandIds;
  }

  @FieldResolver(() => [DealerGrade], { description: 'Audience: dealer grades (any of); empty = every grade.' })
  dealerGrades(@Root() p: Promotion) {
    return p.dealerGrades;
  }

  @FieldResolver(() => [RegionRef], {
    description: 'Audience: regions with their subtrees (any of); empty = nationwide.',
  })
  regions(@Root() p: Promotion) {
    return promotions.regions(p);
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description: 'Total benefit budget; null when unlimited, and for dealers.',
  })
  budget(@Root() p: Promotion, @Ctx() ctx: PricingContext) {
    return promotions.budgetVisible(ctx) ? promotions.money(p.budgetMinor) : null;
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Budget consumed by placed orders; null for dealers.' })
  budgetUsed(@Root() p: Promotion, @Ctx() ctx: PricingContext) {
    return promotions.budgetVisible(ctx) ? promotions.money(p.budgetUsedMinor) : null;
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Budget left; null when unlimited, and for dealers.' })
  budgetRemaining(@Root() p: Promotion, @Ctx() ctx: PricingContext) {
    return promotions.budgetVisible(ctx) ? promotions.money(budgetRemaining(p)) : null;
  }

  @FieldResolver(() => Boolean, { description: 'True when the promotion is switched on and running right now.' })
  effective(@Root() p: Promotion, @Ctx() ctx: PricingContext) {
    return promotions.effective(ctx, p);
  }
}
