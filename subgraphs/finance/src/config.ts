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
  /**
   * Our receiving bank accounts, `number=name,…`: a bank file names one of them (BANK_ACCOUNT_UNKNOWN
   * otherwise). The default is the demo account.
   */
  BANK_ACCOUNTS: z
    .string()
    .regex(/^\s*[0-9A-Za-z-]{4,40}=[^,=]+(,\s*[0-9A-Za-z-]{4,40}=[^,=]+)*\s*$/, 'must be number=name,…')
    .default('6222020000000000001=品牌总部基本户'),
  /** The CJK font statement PDFs embed (a TrueType collection or font; WenQuanYi Micro Hei by default). */
  PDF_CJK_FONT_PATH: z.string().default('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'),
  /** The business hour (0–23) on the 1st of a month at which the previous month's statements run. */
  STATEMENT_RUN_HOUR: z.coerce.number().int().min(0).max(23).default(2),
  /** Most document lines one statement PDF lists. */
  STATEMENT_PDF_MAX_LINES: z.coerce.number().int().min(1).max(100_000).default(5000),
  /** The brand's name printed on statements. */
  BRAND_NAME: z.string().min(1).max(100).default('经销商网络品牌有限公司'),
  // net:P6 credit changes
  /**
   * A credit-limit increase above this many minor units waits for a second HQ person's approval
   * (双人复核); smaller increases, decreases and term changes apply at once. ¥100,000 by default.
   */
  CREDIT_APPROVAL_THRESHOLD_MINOR: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(10_000_000),
  // rr:R3 rebate settlement
  /** The business hour (0–23) on the 1st after a rebate period ends at which its settlements are proposed. */
  REBATE_SETTLEMENT_HOUR: z.coerce.number().int().min(0).max(23).default(3),
  /**
   * A rebate settlement above this many minor units may not be approved by its policy's creator (双人复核);
   * ¥50,000 by default.
   */
  REBATE_SECOND_APPROVER_ABOVE_MINOR: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(5_000_000),
});

/** The finance subgraph's configuration; the only place that reads the environment. */
export const config = parseConfig(financeConfigSchema, { PORT: '4006', ...process.env }, 'finance');
export type Config = typeof config;

/** Our receiving bank accounts (BANK_ACCOUNTS) by number. */
export const bankAccounts: ReadonlyMap<string, string> = new Map(
  config.BANK_ACCOUNTS.split(',').map((pair) => {
    const [number, name] = pair.split('=').map((s) => s.trim());
    return [number!, name!] as const;
  }),
);
