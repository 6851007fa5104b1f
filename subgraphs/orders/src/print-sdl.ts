import 'reflect-metadata';
import { writeSubgraphSdl } from '@dnp/subgraph-kit';
import { fileURLToPath } from 'node:url';
import { ordersSubgraph } from './subgraph.js';

await writeSubgraphSdl(ordersSubgraph, fileURLToPath(new URL('../schema.graphql', import.meta.url)));
