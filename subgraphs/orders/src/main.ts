import 'reflect-metadata';
import { createLogger, runSubgraph } from '@dnp/subgraph-kit';
import { config } from './config.js';
import { sagaRunner } from './saga/saga-context.js';
import { SagaResumer } from './saga/saga-resumer.js';
import { ordersSubgraph } from './subgraph.js';

const running = await runSubgraph(ordersSubgraph, config);
const log = createLogger('orders-saga', config.LOG_LEVEL);
if (config.SAGA_FAULT_AFTER_STEP) log.warn({ step: config.SAGA_FAULT_AFTER_STEP }, 'SAGA_FAULT_AFTER_STEP is set: a test-only switch that crashes the process on purpose');

// Resume or compensate placement sagas a crash or an outage left unfinished.
const resumer = new SagaResumer(running.orm.em, sagaRunner(), log, config.SAGA_RESUME_INTERVAL_MS);
resumer.start();
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void resumer.stop());
