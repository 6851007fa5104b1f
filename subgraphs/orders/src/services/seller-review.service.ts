import { domainError, insertAudit, parseAmount, Role, type DomainError } from '@dnp/subgraph-kit';
import { SellerReviewRule } from '../entities/seller-review-rule.entity.js';
import type { OrdersContext } from '../orders-context.js';

/** What setSubDealerReviewRules is given: amounts as decimal strings. */
export interface SubDealerReviewRulesData {
  autoApprove: boolean;
  /** With autoApprove, orders at or above this total wait for review; null or absent: none do. */
  reviewAmountThreshold?: string | null;
}

/** What setSubDealerReviewRules answers: the rule as stored, or why nothing was. */
export interface SubDealerReviewRulesResult {
  rule: SellerReviewRule | null;
  errors: DomainError[];
}

/** Largest total an order holds (a 32-bit integer column), in minor units. */
const MAX_THRESHOLD_MINOR = 2_147_483_647;

/**
 * Refusal codes of setSubDealerReviewRules (each writes nothing): the caller's dealer has no
 * sub-dealers (`NOT_A_PARENT_DEALER`), a threshold that is not a positive amount (the kit's amount
 * codes) or exceeds any order total (`AMOUNT_TOO_LARGE`).
 */
export const SellerReviewCode = { NOT_A_PARENT_DEALER: 'NOT_A_PARENT_DEALER' } as const;

/**
 * How a parent dealer reviews the orders its sub-dealers place with it (two-tier, §10): every order
 * (`autoApprove` false), those at or above a threshold, or none. Read by placement (the saga's
 * COMPLETED step decides with the rule as it was when the order was placed).
 */
export class SellerReviewService {
  /** The rule of the viewer's dealer; null when it never set one (the brand's threshold applies). */
  async mine(ctx: OrdersContext): Promise<SellerReviewRule | null> {
    const viewer = ctx.requireRole(Role.DEALER_ADMIN);
    return ctx.em.fork().findOne(SellerReviewRule, { sellerDealerId: viewer.dealerId! });
  }

  /** setSubDealerReviewRules: the parent's DEALER_ADMIN for its own dealer; audited, upserted. */
  async set(ctx: OrdersContext, input: SubDealerReviewRulesData): Promise<SubDealerReviewRulesResult> {
    const viewer = ctx.requireRole(Role.DEALER_ADMIN);
    const scope = ctx.scope;
    if (scope.kind !== 'dealer' || scope.readDealerIds.length < 2)
      return refused(SellerReviewCode.NOT_A_PARENT_DEALER, 'Only a dealer with sub-dealers sets how it reviews them');
    let thresholdMinor: number | null = null;
    const text = input.reviewAmountThreshold?.trim();
    if (text) {
      const parsed = parseAmount(text);
      if (parsed.code) return refused(parsed.code, parsed.message, 'reviewAmountThreshold');
      if (parsed.minor > MAX_THRESHOLD_MINOR)
        return refused('AMOUNT_TOO_LARGE', 'The threshold exceeds any order total', 'reviewAmountThreshold');
      thresholdMinor = parsed.minor;
    }
    const sellerDealerId = viewer.dealerId!;
    const rule = await ctx.em.fork().transactional(async (tx) => {
      const before = await tx.findOne(SellerReviewRule, { sellerDealerId });
      const after = {
        sellerDealerId,
        autoApprove: input.autoApprove,
        reviewThresholdMinor: thresholdMinor,
        updatedByUserId: viewer.userId,
        updatedAt: new Date(),
      };
      if (before) await tx.nativeUpdate(SellerReviewRule, { sellerDealerId }, after);
      else await tx.insert(SellerReviewRule, after);
      await insertAudit(tx, ctx, {
        operation: 'setSubDealerReviewRules',
        action: before ? 'UPDATE' : 'CREATE',
        entityType: 'SellerReviewRule',
        entityId: sellerDealerId,
        before: before
          ? { autoApprove: before.autoApprove, reviewThresholdMinor: before.reviewThresholdMinor }
          : undefined,
        after: { autoApprove: after.autoApprove, reviewThresholdMinor: thresholdMinor },
      });
      return Object.assign(new SellerReviewRule(), after);
    });
    return { rule, errors: [] };
  }
}

function refused(code: string, message: string, field: string | null = null): SubDealerReviewRulesResult {
  return { rule: null, errors: [domainError(code, message, field)] };
}
