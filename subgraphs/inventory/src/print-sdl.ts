import 'reflect-metadata';
import { writeSubgraphSdl } from '@dnp/subgraph-kit';
import { fileURLToPath } from 'node:url';
import { inventorySubgraph } from './subgraph.js';

await writeSubgraphSdl(inventorySubgraph, fileURLToPath(new URL('../schema.graphql', import.meta.url)));
