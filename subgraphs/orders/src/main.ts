import 'reflect-metadata';
import { runSubgraph } from '@dnp/subgraph-kit';
import { config } from './config.js';
import { ordersSubgraph } from './subgraph.js';

await runSubgraph(ordersSubgraph, config);
