import 'reflect-metadata';
import { createLogger, openDatabase } from '@dnp/subgraph-kit';
import { config } from '../config.js';
import { rebuildSalesFacts } from '../services/sales-facts/sales-facts-rebuild.js';
import { ordersSubgraph } from '../subgraph.js';

// `pnpm reports:rebuild sales`: rebuilds orders' sales aggregates from its source tables (the
// configured database, migrations applied first), in chunks; for migrations and benchmark history.
const log = createLogger('orders-reports-rebuild', config.LOG_LEVEL);
const orm = await openDatabase({
  config,
  entities: ordersSubgraph.entities,
  migrations: ordersSubgraph.migrations,
  log,
});
try {
  const started = Date.now();
  const result = await rebuildSalesFacts(orm.em, config.BUSINESS_TIME_ZONE, undefined, (done) =>
    log.debug(done, 'rebuilding sales facts'),
  );
  log.info({ ...result, ms: Date.now() - started }, 'rebuilt sales_fact_day and sales_fact_month');
} finally {
  await orm.close();
}
