import 'reflect-metadata';
import { writeSubgraphSdl } from '@dnp/subgraph-kit';
import { fileURLToPath } from 'node:url';
import { traceabilitySubgraph } from './subgraph.js';

await writeSubgraphSdl(traceabilitySubgraph, fileURLToPath(new URL('../schema.graphql', import.meta.url)));
