import { DEFAULT_BUSINESS_TIME_ZONE } from '@dnp/subgraph-kit';
import { DealerGrade } from '../entities/dealer.entity.js';

/** The dealer-lifecycle settings (config.ts reads them from the environment; tests use the defaults). */
export interface NetworkSettings {
  /** The brand's business time zone: dates in messages, expiry thresholds and evaluation months. */
  timeZone: string;
  /** Grade of an admitted dealer when HQ names none (`DEFAULT_GRADE`). */
  defaultGrade: DealerGrade;
  /** Initial credit limit per grade in fen when HQ names none (`INITIAL_CREDIT_LIMITS`). */
  initialCreditLimits: Record<DealerGrade, number>;
  /** Payment term of an admitted dealer when HQ names none (`INITIAL_TERM_DAYS`). */
  initialTermDays: number;
  /** Business hour (0–23) of the daily licence expiry scan (`QUALIFICATION_SCAN_HOUR`). */
  qualificationScanHour: number;
  /** Days before expiry at which a licence raises an alert, besides expiry itself (`QUALIFICATION_ALERT_DAYS`). */
  qualificationAlertDays: number[];
  /** Business hour (0–23) on the 1st of the monthly grade evaluation (`GRADE_EVALUATION_HOUR`). */
  gradeEvaluationHour: number;
  /** Fen of 12 months' purchases a dealer needs for grades A, B and C (`GRADE_THRESHOLDS`); below C: D. */
  gradeThresholds: Record<'A' | 'B' | 'C', number>;
  /** The most of an order a rebate balance may pay, in basis points (`REBATE_MAX_ORDER_SHARE_BP`; the apps show it). */
  rebateMaxOrderShareBp: number;
}

/** The settings when nothing is configured (docs/design/network-administration.md §16). */
export const DEFAULT_NETWORK_SETTINGS: NetworkSettings = {
  timeZone: DEFAULT_BUSINESS_TIME_ZONE,
  rebateMaxOrderShareBp: 3000,
  defaultGrade: DealerGrade.D,
  initialCreditLimits: { A: 100_000_000, B: 50_000_000, C: 20_000_000, D: 5_000_000 },
  initialTermDays: 30,
  qualificationScanHour: 1,
  qualificationAlertDays: [30, 7],
  gradeThresholds: { A: 300_000_000, B: 100_000_000, C: 30_000_000 },
  gradeEvaluationHour: 3,
};

/**
 * Parses a per-grade list of fen amounts ("A=100000000,B=50000000,C=20000000,D=5000000"), as the
 * configuration gives `INITIAL_CREDIT_LIMITS` and `GRADE_THRESHOLDS`; throws on anything else.
 */
export function parseGradeAmounts(text: string, grades: readonly DealerGrade[]): Record<DealerGrade, number> {
  const out: Partial<Record<DealerGrade, number>> = {};
  for (const part of text.split(',')) {
    const [grade, amount] = part.split('=').map((s) => s.trim());
    if (!grades.includes(grade as DealerGrade) || !/^\d{1,15}$/.test(amount ?? ''))
      throw new Error(`"${part}" is not GRADE=fen`);
    out[grade as DealerGrade] = Number(amount);
  }
  for (const g of grades) if (out[g] === undefined) throw new Error(`grade ${g} is missing`);
  return out as Record<DealerGrade, number>;
}
