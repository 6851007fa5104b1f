import { baseSubgraphConfig, parseConfig } from '@dnp/subgraph-kit';

/** The pricing subgraph's configuration; the only place that reads the environment. */
export const config = parseConfig(baseSubgraphConfig.extend({}), { PORT: '4003', ...process.env }, 'pricing');
export type Config = typeof config;
