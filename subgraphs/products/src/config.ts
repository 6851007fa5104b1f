import { baseSubgraphConfig, parseConfig } from '@dnp/subgraph-kit';

/** The products subgraph's configuration; the only place that reads the environment. */
export const config = parseConfig(baseSubgraphConfig.extend({}), { PORT: '4001', ...process.env }, 'products');
export type Config = typeof config;
