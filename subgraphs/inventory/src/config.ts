import { baseSubgraphConfig, parseConfig, reconcileConfigShape } from '@dnp/subgraph-kit';
import { z } from 'zod';

/** Settings only inventory has; every one has a default, so tests need no environment. */
const inventoryShape = {
  /** A lot is RED when it expires within this many days (or has expired). */
  EXPIRY_RED_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** A lot is YELLOW when it expires within this many days (and is not RED). */
  EXPIRY_YELLOW_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  /** A lot is BLUE when it expires within this many days (and is not YELLOW); OK beyond. */
  EXPIRY_BLUE_DAYS: z.coerce.number().int().min(0).max(3650).default(180),
  /**
   * Per-category expiry windows overriding the three above, as `code=red/yellow/blue` pairs
   * (product category codes; a product takes its own category's, else its parent's), e.g.
   * `fresh-dairy=3/7/14,vaccines=60/120/240`.
   */
  EXPIRY_CATEGORY_THRESHOLDS: z.string().default(''),
  /** How often the alert scanner runs (safety stock, expiry windows), 1 s to 1 h. */
  ALERT_SCAN_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /**
   * The reservation reconciler (RECONCILE_INTERVAL_MS, RECONCILE_GRACE_SECONDS, RECONCILE_BATCH; see the
   * kit's keyed-hold.ts).
   */
  ...reconcileConfigShape,
};

/** How the reconciler releases reservations that outlived their orders. */
export interface ReconcileSettings {
  intervalMs: number;
  graceMs: number;
  batch: number;
}

/** Expiry warning thresholds in days (红黄蓝预警), ascending. */
export interface ExpiryThresholds {
  red: number;
  yellow: number;
  blue: number;
}

function thresholdsOf(values: {
  EXPIRY_RED_DAYS: number;
  EXPIRY_YELLOW_DAYS: number;
  EXPIRY_BLUE_DAYS: number;
}): ExpiryThresholds {
  const t = { red: values.EXPIRY_RED_DAYS, yellow: values.EXPIRY_YELLOW_DAYS, blue: values.EXPIRY_BLUE_DAYS };
  if (!(t.red <= t.yellow && t.yellow <= t.blue)) {
    throw new Error('Invalid configuration for inventory:\n  - EXPIRY_*_DAYS: must satisfy RED <= YELLOW <= BLUE');
  }
  return t;
}

/** Parses `EXPIRY_CATEGORY_THRESHOLDS` into thresholds per category code. */
export function categoryThresholds(text: string): Map<string, ExpiryThresholds> {
  const out = new Map<string, ExpiryThresholds>();
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([^=\s]+)=(\d+)\/(\d+)\/(\d+)$/.exec(part);
    if (!m)
      throw new Error(
        `Invalid configuration for inventory:\n  - EXPIRY_CATEGORY_THRESHOLDS: "${part}" is not code=red/yellow/blue`,
      );
    out.set(
      m[1]!,
      thresholdsOf({ EXPIRY_RED_DAYS: Number(m[2]), EXPIRY_YELLOW_DAYS: Number(m[3]), EXPIRY_BLUE_DAYS: Number(m[4]) }),
    );
  }
  return out;
}

/**
 * The inventory settings the services read (expiry thresholds, alert scanning). Parsed
 * separately from the server configuration so that importing a service never requires secrets.
 */
export const inventorySettings: {
  expiry: ExpiryThresholds;
  expiryByCategory: Map<string, ExpiryThresholds>;
  alertScanIntervalMs: number;
  reconcile: ReconcileSettings;
  /** The brand's time zone: lot expiry days are its business days. */
  businessTimeZone: string;
} = (() => {
  const parsed = z
    .object({ ...inventoryShape, BUSINESS_TIME_ZONE: baseSubgraphConfig.shape.BUSINESS_TIME_ZONE })
    .safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration for inventory:\n${lines.join('\n')}`);
  }
  const d = parsed.data;
  return {
    expiry: thresholdsOf(d),
    expiryByCategory: categoryThresholds(d.EXPIRY_CATEGORY_THRESHOLDS),
    alertScanIntervalMs: d.ALERT_SCAN_INTERVAL_MS,
    reconcile: {
      intervalMs: d.RECONCILE_INTERVAL_MS,
      graceMs: d.RECONCILE_GRACE_SECONDS * 1000,
      batch: d.RECONCILE_BATCH,
    },
    businessTimeZone: d.BUSINESS_TIME_ZONE,
  };
})();

/** The full server configuration of the inventory subgraph (default port 4004); called by main.ts. */
export function loadConfig() {
  return parseConfig(baseSubgraphConfig.extend(inventoryShape), { PORT: '4004', ...process.env }, 'inventory');
}
export type Config = ReturnType<typeof loadConfig>;
