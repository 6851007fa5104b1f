import { baseSubgraphConfig, parseConfig } from '@dnp/subgraph-kit';
import { z } from 'zod';

/** Settings only inventory has; every one has a default, so tests need no environment. */
const inventoryShape = {
  /** A lot is RED when it expires within this many days (or has expired). */
  EXPIRY_RED_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** A lot is YELLOW when it expires within this many days (and is not RED). */
  EXPIRY_YELLOW_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  /** A lot is BLUE when it expires within this many days (and is not YELLOW); OK beyond. */
  EXPIRY_BLUE_DAYS: z.coerce.number().int().min(0).max(3650).default(180),
};

/** Expiry warning thresholds in days (红黄蓝预警), ascending. */
export interface ExpiryThresholds {
  red: number;
  yellow: number;
  blue: number;
}

function thresholdsOf(values: { EXPIRY_RED_DAYS: number; EXPIRY_YELLOW_DAYS: number; EXPIRY_BLUE_DAYS: number }): ExpiryThresholds {
  const t = { red: values.EXPIRY_RED_DAYS, yellow: values.EXPIRY_YELLOW_DAYS, blue: values.EXPIRY_BLUE_DAYS };
  if (!(t.red <= t.yellow && t.yellow <= t.blue)) {
    throw new Error('Invalid configuration for inventory:\n  - EXPIRY_*_DAYS: must satisfy RED <= YELLOW <= BLUE');
  }
  return t;
}

/**
 * The inventory settings the services read (expiry thresholds). Parsed separately from the
 * server configuration so that importing a service never requires secrets.
 */
export const inventorySettings: { expiry: ExpiryThresholds } = (() => {
  const parsed = z.object(inventoryShape).safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration for inventory:\n${lines.join('\n')}`);
  }
  return { expiry: thresholdsOf(parsed.data) };
})();

/** The full server configuration of the inventory subgraph (default port 4004); called by main.ts. */
export function loadConfig() {
  return parseConfig(baseSubgraphConfig.extend(inventoryShape), { PORT: '4004', ...process.env }, 'inventory');
}
export type Config = ReturnType<typeof loadConfig>;
