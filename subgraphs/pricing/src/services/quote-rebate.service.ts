import { AppError, Money, parseOptionalAmount, shareOfMinor } from '@dnp/subgraph-kit';
import { config } from '../config.js';
import type { PricingContext } from '../pricing-context.js';
import type { QuoteRebateResult } from './quote.model.js';

/** Why a quote's rebate part is less than requested (finance's hold refuses with the same codes). */
export const QuoteRebateCode = {
  /** Buying from a parent dealer (the brand's rebate is not the parent's money), or a viewer without a dealer. */
  REBATE_NOT_ALLOWED: 'REBATE_NOT_ALLOWED',
  /** More than REBATE_MAX_ORDER_SHARE_BP of the total. */
  REBATE_OVER_CAP: 'REBATE_OVER_CAP',
  /** More than the dealer's available rebate balance. */
  REBATE_OVER_BALANCE: 'REBATE_OVER_BALANCE',
} as const;

/**
 * The rebate a quote input asks to pay with, in minor units (0 when none): AMOUNT_INVALID,
 * AMOUNT_NOT_POSITIVE, AMOUNT_TOO_PRECISE or AMOUNT_TOO_LARGE (`field` rebateAmount) otherwise,
 * before anything is read.
 */
export function requestedRebateMinor(rebateAmount: string | null | undefined): number {
  const parsed = parseOptionalAmount(rebateAmount);
  if (parsed.code) throw new AppError(parsed.code, parsed.message, { field: 'rebateAmount' });
  return parsed.minor;
}

/** What the rebate block of a quote is computed from. */
export interface QuoteRebateFacts {
  currency: string;
  totalMinor: number;
  requestedMinor: number;
  /** The dealer whose balance pays; null for a viewer without a dealer. */
  dealerId: string | null;
  /** Two-tier: the parent dealer sells (no rebate may pay). */
  sellerDealerId: string | null;
}

/**
 * The quote's rebate block: cap = floor(total × REBATE_MAX_ORDER_SHARE_BP / 10 000), applied =
 * min(requested, cap, balance), payable = total − applied. Finance's `rebateBalance` is asked only
 * when a rebate is requested that the cap and the seller allow (a quote without one costs no call).
 */
export async function quoteRebate(ctx: PricingContext, facts: QuoteRebateFacts): Promise<QuoteRebateResult> {
  const { totalMinor, requestedMinor, dealerId } = facts;
  const allowed = !facts.sellerDealerId && dealerId != null;
  const capMinor = allowed ? shareOfMinor(totalMinor, config.REBATE_MAX_ORDER_SHARE_BP) : 0;
  const balanceMinor =
    allowed && requestedMinor > 0 && capMinor > 0 ? await ctx.loaders.rebateBalances.available(dealerId) : null;
  const appliedMinor = Math.max(0, Math.min(requestedMinor, capMinor, balanceMinor ?? 0));
  let code: string | null = null;
  if (!allowed) code = facts.sellerDealerId || requestedMinor > 0 ? QuoteRebateCode.REBATE_NOT_ALLOWED : null;
  else if (appliedMinor < requestedMinor)
    // The tighter limit is the reason (a balance below the cap, else the cap).
    code =
      balanceMinor != null && balanceMinor < capMinor
        ? QuoteRebateCode.REBATE_OVER_BALANCE
        : QuoteRebateCode.REBATE_OVER_CAP;
  const money = (minor: number) => Money.fromMinor(minor, facts.currency);
  return {
    capMinor,
    requestedMinor,
    appliedMinor,
    payableMinor: totalMinor - appliedMinor,
    cap: money(capMinor),
    requested: money(requestedMinor),
    applied: money(appliedMinor),
    payable: money(totalMinor - appliedMinor),
    balance: balanceMinor == null ? null : money(balanceMinor),
    code,
  };
}
