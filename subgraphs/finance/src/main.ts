import 'reflect-metadata';
import { runSubgraph } from '@dnp/subgraph-kit';
import { config } from './config.js';
import { financeSubgraph } from './subgraph.js';

await runSubgraph(financeSubgraph, config);
