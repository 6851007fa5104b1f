import 'reflect-metadata';
import { writeSubgraphSdl } from '@dnp/subgraph-kit';
import { fileURLToPath } from 'node:url';
import { dealersSubgraph } from './subgraph.js';

await writeSubgraphSdl(dealersSubgraph, fileURLToPath(new URL('../schema.graphql', import.meta.url)));
