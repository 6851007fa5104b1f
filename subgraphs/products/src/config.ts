import { baseSubgraphConfig, parseConfig } from '@dnp/subgraph-kit';
import { z } from 'zod';

/** The products subgraph's settings on top of the kit's base configuration. */
export const productsConfigSchema = baseSubgraphConfig.extend({
  /** Largest image (width × height) attachProductImages decodes; above it IMAGE_TOO_LARGE. */
  IMAGE_MAX_PIXELS: z.coerce.number().int().min(1).max(268_402_689).default(40_000_000),
  /** Most images one product may have (TOO_MANY_IMAGES beyond). */
  IMAGE_MAX_PER_PRODUCT: z.coerce.number().int().min(1).max(100).default(10),
});

/** The products subgraph's configuration; the only place that reads the environment. */
export const config = parseConfig(productsConfigSchema, { PORT: '4001', ...process.env }, 'products');
export type Config = typeof config;
