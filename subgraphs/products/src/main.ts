import 'reflect-metadata';
import { runSubgraph } from '@dnp/subgraph-kit';
import { config } from './config.js';
import { productsSubgraph } from './subgraph.js';

await runSubgraph(productsSubgraph, config);
