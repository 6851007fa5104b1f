import { parseMinor } from '@dnp/subgraph-kit';
import { DealerGrade, type Dealer } from '../entities/dealer.entity.js';

/**
 * 90-day sales target per grade, in fen: a dealer that sells this much in 90 days earns the full
 * sales part of the score. Higher grades buy at better prices and are expected to sell more.
 */
export const HEALTH_SALES_TARGET_MINOR: Record<DealerGrade, number> = {
  [DealerGrade.A]: 50_000_000, // ¥500,000
  [DealerGrade.B]: 20_000_000, // ¥200,000
  [DealerGrade.C]: 8_000_000, // ¥80,000
  [DealerGrade.D]: 2_000_000, // ¥20,000
};

/** What the score is computed from. */
export interface HealthInputs {
  grade: DealerGrade;
  /** Sales of the last 90 days, in fen. */
  last90DaysMinor: number;
  /** Orders of the last 12 months. */
  orderCount: number;
  /** Share of invoices paid on time, 0..1. */
  onTimeRate: number;
  /** Amount past due now, in fen. */
  overdueMinor: number;
}

/**
 * The dealer health score (经销商健康度), 0..100:
 *
 *   40 · onTimeRate                                   payment discipline
 * + 30 · min(1, last90Days / target(grade))           sales against the grade's 90-day target
 * + 20 · (overdue = 0 ? 1 : max(0, 1 − overdue / last90Days))   overdue debt against recent sales
 * + 10 · (orderCount > 0 ? 1 : 0)                     still trading at all
 *
 * rounded to an integer. Out-of-range inputs are clamped, so a bad upstream value cannot push the
 * score outside 0..100.
 */
export function computeHealthScore(i: HealthInputs): number {
  const onTime = Math.min(1, Math.max(0, Number.isFinite(i.onTimeRate) ? i.onTimeRate : 0));
  const sales = Math.max(0, i.last90DaysMinor);
  const overdue = Math.max(0, i.overdueMinor);
  const salesPart = Math.min(1, sales / HEALTH_SALES_TARGET_MINOR[i.grade]);
  const overduePart = overdue === 0 ? 1 : sales === 0 ? 0 : Math.max(0, 1 - overdue / sales);
  const activePart = i.orderCount > 0 ? 1 : 0;
  const score = 40 * onTime + 30 * salesPart + 20 * overduePart + 10 * activePart;
  return Math.min(100, Math.max(0, Math.round(score)));
}

/** Parses a Money amount from the representation; 0 when absent or malformed. */
function minorOf(amount: unknown): number {
  if (typeof amount !== 'string') return 0;
  try {
    return parseMinor(amount);
  } catch {
    return 0;
  }
}

/**
 * Reads the score's inputs from a dealer whose `salesStats` and `paymentStats` the gateway has
 * passed in (the @requires fields). Missing stats count as "no data": no sales, no orders,
 * nothing overdue and an on-time rate of 1 (the finance convention when there are no invoices).
 */
export function healthInputsOf(dealer: Pick<Dealer, 'grade' | 'salesStats' | 'paymentStats'>): HealthInputs {
  const sales = dealer.salesStats as { last90DaysAmount?: { amount?: unknown }; orderCount?: unknown } | undefined;
  const payments = dealer.paymentStats as { onTimeRate?: unknown; overdueAmount?: { amount?: unknown } } | undefined;
  return {
    grade: dealer.grade,
    last90DaysMinor: minorOf(sales?.last90DaysAmount?.amount),
    orderCount: typeof sales?.orderCount === 'number' ? sales.orderCount : 0,
    onTimeRate: typeof payments?.onTimeRate === 'number' ? payments.onTimeRate : 1,
    overdueMinor: minorOf(payments?.overdueAmount?.amount),
  };
}
