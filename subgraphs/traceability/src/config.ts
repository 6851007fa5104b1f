import { baseSubgraphConfig, parseConfig } from '@dnp/subgraph-kit';

/** The traceability subgraph's configuration; the only place that reads the environment. */
export const config = parseConfig(baseSubgraphConfig.extend({}), { PORT: '4007', ...process.env }, 'traceability');
export type Config = typeof config;
