import 'reflect-metadata';
import { createLogger, runPeriodically, runSubgraph, ServiceClient, serviceUrls } from '@dnp/subgraph-kit';
import { config } from './config.js';
import { promotionBudgetReconciler } from './services/promotion-budget-reconciler.js';
import { pricingSubgraph } from './subgraph.js';

const running = await runSubgraph(pricingSubgraph, config);

// Promotion budget consumptions that outlived their orders (finished, or unknown after the
// grace period) are released here.
let orders: ServiceClient | undefined;
const ordersClient = () =>
  (orders ??= new ServiceClient({
    caller: 'pricing',
    target: 'orders',
    url: serviceUrls(config.SUBGRAPH_URLS).orders!,
    secret: config.INTERNAL_JWT_SECRET,
  }));
const reconcileLog = createLogger('pricing-reconciler', config.LOG_LEVEL);
const settings = { batch: config.RECONCILE_BATCH, graceMs: config.RECONCILE_GRACE_SECONDS * 1000 };
const reconciler = promotionBudgetReconciler(running.orm, ordersClient, settings, reconcileLog);
const stopReconcile = running.uncounted(() =>
  runPeriodically('promotion budget reconciler', config.RECONCILE_INTERVAL_MS, () => reconciler.run(), reconcileLog),
);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void Promise.all([stopReconcile(), orders?.close()]));
}
