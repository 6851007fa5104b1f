import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { CreditAccount } from '../entities/credit-account.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { CreditAccountService } from '../services/credit-account.service.js';
import { PaymentStatsService } from '../services/payment-stats.service.js';
import { DealerPaymentStats, DealerRef } from '../schema/references.type.js';

const accounts = new CreditAccountService();
const stats = new PaymentStatsService();

@Resolver(() => DealerRef)
export class DealerResolver {
  @FieldResolver(() => CreditAccount, {
    nullable: true,
    description:
      "The dealer's credit line; null when it has none or you may not see it (dealer users see only their " +
      'own, managers their region).',
  })
  creditAccount(@Root() dealer: DealerRef, @Ctx() ctx: FinanceContext) {
    return accounts.forDealer(ctx, dealer.id);
  }

  @FieldResolver(() => DealerPaymentStats, {
    description:
      "The dealer's payment behaviour (on-time rate, overdue amount, credit utilization); readable by " +
      "whoever may see its credit account and by its parent dealers' users, FORBIDDEN otherwise.",
  })
  async paymentStats(@Root() dealer: DealerRef, @Ctx() ctx: FinanceContext) {
    return Object.assign(new DealerPaymentStats(), await stats.forDealer(ctx, dealer.id));
  }
}
