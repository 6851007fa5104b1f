import 'reflect-metadata';
import { runSubgraph } from '@dnp/subgraph-kit';
import { config } from './config.js';
import { pricingSubgraph } from './subgraph.js';

await runSubgraph(pricingSubgraph, config);
