import 'reflect-metadata';
import { writeSubgraphSdl } from '@dnp/subgraph-kit';
import { fileURLToPath } from 'node:url';
import { pricingSubgraph } from './subgraph.js';

await writeSubgraphSdl(pricingSubgraph, fileURLToPath(new URL('../schema.graphql', import.meta.url)));
