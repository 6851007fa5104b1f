import 'reflect-metadata';
import { createLogger, runPeriodically, runSubgraph } from '@dnp/subgraph-kit';
import { config } from './config.js';
import { CreditAlertService } from './services/credit-alert.service.js';
import { financeSubgraph } from './subgraph.js';

const running = await runSubgraph(financeSubgraph, config);

// Credit alerts the write path could not see (payments, limit changes) are raised or cleared here.
const alerts = new CreditAlertService();
const stopScan = runPeriodically('credit alert scan', config.ALERT_SCAN_INTERVAL_MS, () => alerts.scan(running.orm.em, config.CREDIT_ALERT_PERCENT), createLogger('finance-alerts', config.LOG_LEVEL));
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stopScan());
