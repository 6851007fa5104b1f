import 'reflect-metadata';
import { writeSubgraphSdl } from '@dnp/subgraph-kit';
import { fileURLToPath } from 'node:url';
import { financeSubgraph } from './subgraph.js';

await writeSubgraphSdl(financeSubgraph, fileURLToPath(new URL('../schema.graphql', import.meta.url)));
