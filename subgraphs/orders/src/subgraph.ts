import {
  AUDIT_ENTITIES,
  AUDIT_RESOLVERS,
  buildFederatedSchema,
  exportJobResolver,
  exportRoute,
  runPeriodically,
  startEventConsumers,
  type SubgraphDefinition,
} from '@dnp/subgraph-kit';
import { config } from './config.js';
import { OrderAlert } from './entities/order-alert.entity.js';
import { OrderEvent } from './entities/order-event.entity.js';
import { OrderLine } from './entities/order-line.entity.js';
import { OrderNumberCounter } from './entities/order-number-counter.entity.js';
import { OrderSaga } from './entities/order-saga.entity.js';
import { Order } from './entities/order.entity.js';
import { ShipmentLine } from './entities/shipment-line.entity.js';
import { Shipment } from './entities/shipment.entity.js';
import { ShipmentLot } from './entities/shipment-lot.entity.js';
import { FulfilmentTask } from './entities/fulfilment-task.entity.js';
import { ReturnLine } from './entities/return-line.entity.js';
import { ReturnNumberCounter } from './entities/return-number-counter.entity.js';
import { ReturnRequest } from './entities/return-request.entity.js';
import { SellerReviewRule } from './entities/seller-review-rule.entity.js';
import { SalesFactDay, SalesFactMonth, SalesFactSource, SalesProduct } from './entities/sales-fact.entity.js';
import { migrations } from './migrations/index.js';
import type { OrdersContext, OrdersLoaders } from './orders-context.js';
import { createOrdersLoaders } from './orders.loader.js';
import { DashboardResolver } from './resolvers/dashboard.resolver.js';
import { SalesReportResolver } from './resolvers/sales-report.resolver.js';
import { OrderAlertResolver } from './resolvers/order-alert.resolver.js';
import { OrderLineResolver, OrderResolver } from './resolvers/order.resolver.js';
import {
  OrderFulfilmentResolver,
  PickListLineResolver,
  ShipmentLineResolver,
  ShipmentLotResolver,
  ShipmentResolver,
} from './resolvers/shipment.resolver.js';
import { DealerResolver } from './resolvers/dealer.resolver.js';
import { PlaceOrderResolver } from './resolvers/place-order.resolver.js';
import { SellerReviewResolver } from './resolvers/seller-review.resolver.js';
import { DistributionResolver } from './resolvers/distribution.resolver.js';
import { OrderReturnsResolver, ReturnLineResolver, ReturnResolver } from './resolvers/return.resolver.js';
import { isSeeded, seedDemo } from './seed/demo.seed.js';
import { OrderAlertService } from './services/order-alert.service.js';
import { ReceiptService } from './services/receipt.service.js';
import { OrderService } from './services/order.service.js';
import { ShipmentReadService } from './services/shipment-read.service.js';
import { ReturnReadService } from './services/return-read.service.js';
import { sagaRunner } from './saga/saga-context.js';
import { SagaResumer } from './saga/saga-resumer.js';
import { fulfilment } from './fulfilment/fulfilment-context.js';
import { FulfilmentResumer } from './fulfilment/fulfilment-resumer.js';
import { ordersCachesConsumer } from './saga/caches-consumer.js';
import { sagaReferenceCache } from './saga/saga-context.js';
import { salesFactsConsumer } from './services/sales-facts/sales-facts-consumer.js';
import { rebuildSalesFacts } from './services/sales-facts/sales-facts-rebuild.js';
import { ordersExports } from './services/sales-report/sales-exports.js';

const orders = new OrderService();
const shipmentReads = new ShipmentReadService();
const returnReads = new ReturnReadService();
const stub = (ref: Record<string, unknown>) => ({ id: ref.id as string });

/** The orders subgraph: owns Order, OrderLine and Shipment; adds `orders` and `salesStats` to Dealer. */
export const ordersSubgraph: SubgraphDefinition<OrdersLoaders> = {
  name: 'orders',
  entities: [
    Order,
    OrderLine,
    Shipment,
    ShipmentLine,
    OrderEvent,
    OrderSaga,
    OrderNumberCounter,
    OrderAlert,
    ...AUDIT_ENTITIES,
    // o2c:P2 fulfilment
    ShipmentLot,
    FulfilmentTask,
    // o2c:P5 returns
    ReturnRequest,
    ReturnLine,
    ReturnNumberCounter,
    // network administration §10: two-tier orders
    SellerReviewRule,
    // rr §9 (R5): the sales aggregates
    SalesFactDay,
    SalesFactMonth,
    SalesFactSource,
    SalesProduct,
  ],
  migrations,
  createLoaders: createOrdersLoaders,
  // The demo's orders are inserted, not shipped through the consumer: their sales facts are rebuilt from
  // them, so the demo's sales report and dealer ranking have a year to show.
  seed: async (em, log) => {
    await seedDemo(em, log);
    log.info(await rebuildSalesFacts(em, config.BUSINESS_TIME_ZONE), 'rebuilt the sales facts of the demo orders');
  },
  isSeeded,
  // rr §9: GET /exports/:id and the export runner (kit export job) for the sales reports.
  routes: exportRoute(ordersExports),
  // The saga resumer (every SAGA_RESUME_INTERVAL_MS) resumes or compensates placement sagas a
  // crash or an outage left unfinished; the review-overdue scan (every ALERT_SCAN_INTERVAL_MS)
  // raises REVIEW_OVERDUE alerts for orders waiting for review too long.
  background: (orm, log) => {
    const resumer = new SagaResumer(orm.em, sagaRunner(), log, config.SAGA_RESUME_INTERVAL_MS);
    resumer.start();
    // o2c:P2 the fulfilment resumer finishes tasks a crash or an outage left PENDING.
    const tasks = new FulfilmentResumer(orm.em, fulfilment().runner, log, config.FULFILMENT_RESUME_INTERVAL_MS);
    tasks.start();
    const alerts = new OrderAlertService();
    const scan = () => alerts.scan(orm.em, config.REVIEW_OVERDUE_MINUTES);
    const stopScan = runPeriodically('review overdue scan', config.ALERT_SCAN_INTERVAL_MS, scan, log);
    // o2c:P2 unshipped orders (UNSHIPPED_ALERT_DAYS) and the auto receipt (AUTO_RECEIPT_DAYS).
    const receipts = new ReceiptService();
    const fulfilmentScan = async () => {
      await alerts.scanUnshipped(orm.em, config.UNSHIPPED_ALERT_DAYS);
      await receipts.autoConfirm(orm.em, config.AUTO_RECEIPT_DAYS);
    };
    const stopFulfilmentScan = runPeriodically('fulfilment scan', config.ALERT_SCAN_INTERVAL_MS, fulfilmentScan, log);
    // net:P5a the event consumers (kit protocol): the saga's reference cache follows dealer and product changes.
    const stopConsumers = startEventConsumers({ name: 'orders', orm, log }, config, [
      ordersCachesConsumer(sagaReferenceCache),
      // rr §9 (R5): the sales aggregates follow shipments, credited returns and products.
      salesFactsConsumer(() => config.BUSINESS_TIME_ZONE),
    ]);
    return async () => {
      await Promise.all([resumer.stop(), stopScan(), tasks.stop(), stopFulfilmentScan()]);
      await stopConsumers();
    };
  },
  buildSchema: () =>
    buildFederatedSchema<OrdersContext>({
      resolvers: [
        OrderAlertResolver,
        OrderResolver,
        PlaceOrderResolver,
        OrderLineResolver,
        ShipmentResolver,
        ShipmentLineResolver,
        DealerResolver,
        DashboardResolver,
        ...AUDIT_RESOLVERS,
        // o2c:P2 fulfilment
        ShipmentLotResolver,
        PickListLineResolver,
        OrderFulfilmentResolver,
        // o2c:P5 returns
        ReturnResolver,
        ReturnLineResolver,
        OrderReturnsResolver,
        // network administration §10: two-tier orders
        SellerReviewResolver,
        DistributionResolver,
        // rr §9 (R5): sales reports
        SalesReportResolver,
        exportJobResolver(ordersExports, { start: 'startOrdersReportExport', job: 'ordersExportJob' }),
      ],
      referenceResolvers: {
        Order: (ref, ctx) => orders.reference(ctx, ref.id as string),
        Shipment: (ref, ctx) => shipmentReads.reference(ctx, ref.id as string),
        ReturnRequest: (ref, ctx) => returnReads.reference(ctx, ref.id as string),
        // Stubs: the key is all this subgraph knows; Dealer's own fields resolve from it.
        Dealer: stub,
        Product: stub,
        Warehouse: stub,
        Region: stub,
        Lot: stub,
      },
    }),
};
