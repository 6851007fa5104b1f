import { ForbiddenError, Money } from '@dnp/subgraph-kit';
import type { CreditAccount } from '../entities/credit-account.entity.js';
import type { FinanceContext, PaymentTotals } from '../finance-context.js';
import { financeScope, inPaymentStatsScope } from './scope.service.js';

const CURRENCY = 'CNY';

/** A dealer's payment behaviour, the finance input of its health score (answered as `DealerPaymentStats`). */
export interface PaymentStats {
  onTimeRate: number;
  overdueAmount: Money;
  creditUtilization: number;
}

/**
 * Turns a dealer's invoice totals and credit account into payment stats: on-time rate over the
 * invoices due in the last 12 months (1 when none), the amount past due now, and used / limit.
 */
export function computePaymentStats(
  totals: PaymentTotals,
  account: Pick<CreditAccount, 'limitMinor' | 'usedMinor' | 'currency'> | null,
): PaymentStats {
  let creditUtilization: number;
  if (!account) creditUtilization = 0;
  else if (account.limitMinor <= 0) creditUtilization = account.usedMinor > 0 ? 1 : 0;
  else creditUtilization = account.usedMinor / account.limitMinor;
  return {
    onTimeRate: totals.dueCount === 0 ? 1 : totals.onTimeCount / totals.dueCount,
    overdueAmount: Money.fromMinor(totals.overdueMinor, account?.currency ?? CURRENCY),
    creditUtilization,
  };
}

/** Payment behaviour of dealers, batched: any number of dealers costs the same two statements. */
export class PaymentStatsService {
  /**
   * Stats of one dealer, for whoever may see its account and for the users of its parent
   * dealers; anyone else gets FORBIDDEN (anonymous callers UNAUTHENTICATED).
   */
  async forDealer(ctx: FinanceContext, dealerId: string): Promise<PaymentStats> {
    const scope = financeScope(ctx.requireViewer());
    const [account, totals] = await Promise.all([
      ctx.loaders.creditAccountByDealer.load(dealerId),
      ctx.loaders.paymentTotalsByDealer.load(dealerId),
    ]);
    // Invoices are only issued on credit, so a dealer without an account has empty figures and
    // nothing to protect; any caller with a finance scope may read them (a warehouse operator has none).
    const allowed = account ? inPaymentStatsScope(scope, account) : scope.kind !== 'none' && scope.kind !== 'warehouse';
    if (!allowed) throw new ForbiddenError("You may not read this dealer's payment stats");
    return computePaymentStats(totals, account);
  }
}
