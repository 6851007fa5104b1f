import { baseSubgraphConfig, parseConfig, reconcileConfigShape } from '@dnp/subgraph-kit';
import { z } from 'zod';

/** The finance subgraph's settings on top of the kit's base configuration. */
export const financeConfigSchema = baseSubgraphConfig.extend({
  /**
   * A credit hold that takes an account's use (used + held) above this share of its limit raises a
   * credit alert, in percent.
   */
  CREDIT_ALERT_PERCENT: z.coerce.number().int().min(1).max(100).default(90),
  /** How often the credit alert scanner runs (raises missed alerts, clears recovered ones), 1 s to 1 h. */
  ALERT_SCAN_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /**
   * The credit hold reconciler (RECONCILE_INTERVAL_MS, RECONCILE_GRACE_SECONDS, RECONCILE_BATCH; see the
   * kit's keyed-hold.ts).
   */
  ...reconcileConfigShape,
  // o2c:P3 receivables
  /** A dealer with an invoice more than this many days past due draws no credit (0 = off). */
  OVERDUE_BLOCK_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  /**
   * Test only (§18): every Nth invoice transaction throws right after taking its number, so the
   * gap-free numbering can be seen to hold; unset in production (logged at start when set).
   */
  FINANCE_FAULT_AFTER_INVOICE_NUMBER: z.coerce.number().int().min(1).optional(),
});

/** The finance subgraph's configuration; the only place that reads the environment. */
export const config = parseConfig(financeConfigSchema, { PORT: '4006', ...process.env }, 'finance');
export type Config = typeof config;
