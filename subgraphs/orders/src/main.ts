import 'reflect-metadata';
import { createLogger, runPeriodically, runSubgraph } from '@dnp/subgraph-kit';
import { config } from './config.js';
import { sagaRunner } from './saga/saga-context.js';
import { SagaResumer } from './saga/saga-resumer.js';
import { OrderAlertService } from './services/order-alert.service.js';
import { ordersSubgraph } from './subgraph.js';

const running = await runSubgraph(ordersSubgraph, config);
const log = createLogger('orders-saga', config.LOG_LEVEL);
if (config.SAGA_FAULT_AFTER_STEP) log.warn({ step: config.SAGA_FAULT_AFTER_STEP }, 'SAGA_FAULT_AFTER_STEP is set: a test-only switch that crashes the process on purpose');

// Resume or compensate placement sagas a crash or an outage left unfinished.
const resumer = new SagaResumer(running.orm.em, sagaRunner(), log, config.SAGA_RESUME_INTERVAL_MS);
resumer.start();
// Orders waiting for review too long raise REVIEW_OVERDUE alerts.
const alerts = new OrderAlertService();
const stopScan = runPeriodically('review overdue scan', config.ALERT_SCAN_INTERVAL_MS, () => alerts.scan(running.orm.em, config.REVIEW_OVERDUE_MINUTES), log);
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void Promise.all([resumer.stop(), stopScan()]));
