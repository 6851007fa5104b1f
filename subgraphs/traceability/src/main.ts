import 'reflect-metadata';
import { runSubgraph } from '@dnp/subgraph-kit';
import { config } from './config.js';
import { traceabilitySubgraph } from './subgraph.js';

await runSubgraph(traceabilitySubgraph, config);
