import { baseSubgraphConfig, parseConfig, reconcileConfigShape } from '@dnp/subgraph-kit';
import { z } from 'zod';

/** The pricing subgraph's configuration; the only place that reads the environment. */
export const config = parseConfig(
  baseSubgraphConfig.extend({
    /**
     * How long a process reuses price lists, price entries and product attributes (ms); its own
     * changes clear them at once, another instance's show within this time. 0 turns it off.
     */
    PRICING_REFERENCE_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
    /**
     * The promotion budget reconciler (RECONCILE_INTERVAL_MS, RECONCILE_GRACE_SECONDS,
     * RECONCILE_BATCH; see the kit's keyed-hold.ts).
     */
    ...reconcileConfigShape,
  }),
  { PORT: '4003', ...process.env },
  'pricing',
);
export type Config = typeof config;
