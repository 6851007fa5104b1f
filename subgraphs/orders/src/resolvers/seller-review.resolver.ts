import { Grant, Money, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { SellerReviewRule } from '../entities/seller-review-rule.entity.js';
import type { OrdersContext } from '../orders-context.js';
import {
  SubDealerReviewRules,
  SubDealerReviewRulesInput,
  SubDealerReviewRulesPayload,
} from '../schema/seller-review.type.js';
import { SellerReviewService } from '../services/seller-review.service.js';

const rules = new SellerReviewService();

/** The GraphQL view of a stored rule. */
function view(rule: SellerReviewRule | null): SubDealerReviewRules | null {
  if (!rule) return null;
  return Object.assign(new SubDealerReviewRules(), {
    autoApprove: rule.autoApprove,
    reviewAmountThreshold:
      rule.reviewThresholdMinor == null ? null : Money.fromMinor(Number(rule.reviewThresholdMinor), 'CNY'),
    updatedAt: rule.updatedAt,
  });
}

/** Two-tier review rules: a parent dealer sets how it reviews its sub-dealers' orders to it. */
@Resolver()
export class SellerReviewResolver {
  @Authorized(Grant.DEALER_ADMIN)
  @Query(() => SubDealerReviewRules, {
    nullable: true,
    description:
      "The viewer's dealer's review rule for its sub-dealers' orders (DEALER_ADMIN); null: never set, the " +
      "brand's review threshold applies.",
  })
  subDealerReviewRules(@Ctx() ctx: OrdersContext) {
    return rules.mine(ctx).then(view);
  }

  @Authorized(Grant.DEALER_ADMIN)
  @Mutation(() => SubDealerReviewRulesPayload, {
    description:
      "Sets how the viewer's dealer (a parent, DEALER_ADMIN) reviews the orders its sub-dealers place with it: " +
      'every order, those at or above a threshold, or none. Applies to orders placed afterwards; audited.',
  })
  async setSubDealerReviewRules(
    @Ctx() ctx: OrdersContext,
    @Arg('input', () => SubDealerReviewRulesInput, { description: 'The rule.' }) input: SubDealerReviewRulesInput,
  ): Promise<SubDealerReviewRulesPayload> {
    const result = await rules.set(ctx, input);
    return Object.assign(new SubDealerReviewRulesPayload(), {
      rules: view(result.rule),
      errors: toUserErrors(result.errors),
    });
  }
}
