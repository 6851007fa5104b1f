import 'reflect-metadata';
import { createLogger, runPeriodically, runSubgraph, ServiceClient, serviceUrls } from '@dnp/subgraph-kit';
import { config } from './config.js';
import { CreditAlertService } from './services/credit-alert.service.js';
import { creditHoldReconciler } from './services/credit-hold-reconciler.js';
import { financeSubgraph } from './subgraph.js';

const running = await runSubgraph(financeSubgraph, config);

// Credit alerts the write path could not see (payments, limit changes) are raised or cleared here.
const alerts = new CreditAlertService();
const stopScan = running.uncounted(() => runPeriodically('credit alert scan', config.ALERT_SCAN_INTERVAL_MS, () => alerts.scan(running.orm.em, config.CREDIT_ALERT_PERCENT), createLogger('finance-alerts', config.LOG_LEVEL)));
// Credit holds that outlived their orders (finished, or unknown after the grace period) are released here.
let orders: ServiceClient | undefined;
const ordersClient = () => (orders ??= new ServiceClient({ caller: 'finance', target: 'orders', url: serviceUrls(config.SUBGRAPH_URLS).orders!, secret: config.INTERNAL_JWT_SECRET }));
const reconcileLog = createLogger('finance-reconciler', config.LOG_LEVEL);
const reconciler = creditHoldReconciler(running.orm, ordersClient, { batch: config.RECONCILE_BATCH, graceMs: config.RECONCILE_GRACE_SECONDS * 1000 }, reconcileLog);
const stopReconcile = running.uncounted(() => runPeriodically('credit hold reconciler', config.RECONCILE_INTERVAL_MS, () => reconciler.run(), reconcileLog));
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void Promise.all([stopScan(), stopReconcile(), orders?.close()]));
