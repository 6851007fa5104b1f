import 'reflect-metadata';
import { writeSubgraphSdl } from '@dnp/subgraph-kit';
import { fileURLToPath } from 'node:url';
import { productsSubgraph } from './subgraph.js';

await writeSubgraphSdl(productsSubgraph, fileURLToPath(new URL('../schema.graphql', import.meta.url)));
