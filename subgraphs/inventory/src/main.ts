import 'reflect-metadata';
import { runSubgraph } from '@dnp/subgraph-kit';
import { loadConfig } from './config.js';
import { inventorySubgraph } from './subgraph.js';

await runSubgraph(inventorySubgraph, loadConfig());
