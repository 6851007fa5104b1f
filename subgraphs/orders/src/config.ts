import { baseSubgraphConfig, parseConfig } from '@dnp/subgraph-kit';

/** The orders subgraph's configuration; the only place that reads the environment. */
export const config = parseConfig(baseSubgraphConfig.extend({}), { PORT: '4005', ...process.env }, 'orders');
export type Config = typeof config;
