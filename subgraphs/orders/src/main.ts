import 'reflect-metadata';
import { createLogger, runSubgraph } from '@dnp/subgraph-kit';
import { config } from './config.js';
import { ordersSubgraph } from './subgraph.js';

if (config.SAGA_FAULT_AFTER_STEP) {
  const warning = 'SAGA_FAULT_AFTER_STEP is set: a test-only switch that crashes the process on purpose';
  createLogger('orders-saga', config.LOG_LEVEL).warn({ step: config.SAGA_FAULT_AFTER_STEP }, warning);
}
// The kit starts and stops the saga resumer and the review-overdue scan (the definition's background).
await runSubgraph(ordersSubgraph, config);
