import 'reflect-metadata';
import { runSubgraph } from '@dnp/subgraph-kit';
import { config } from './config.js';
import { financeSubgraph } from './subgraph.js';

// The kit starts and stops the alert scan and the credit hold reconciler (the definition's background).
await runSubgraph(financeSubgraph, config);
