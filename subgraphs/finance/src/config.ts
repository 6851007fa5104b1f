import { baseSubgraphConfig, parseConfig } from '@dnp/subgraph-kit';

/** The finance subgraph's configuration; the only place that reads the environment. */
export const config = parseConfig(baseSubgraphConfig.extend({}), { PORT: '4006', ...process.env }, 'finance');
export type Config = typeof config;
