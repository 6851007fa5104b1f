import { CreditAlert } from './entities/credit-alert.entity.js';
import { CreditAlertResolver } from './resolvers/credit-alert.resolver.js';
import { CreditAlertLiveResolver } from './resolvers/credit-alert-live.resolver.js';
import {
  AUDIT_ENTITIES,
  AUDIT_RESOLVERS,
  buildFederatedSchema,
  exportJobResolver,
  exportProgressResolver,
  Grant,
  Grants,
  exportRoute,
  GAPLESS_COUNTER_ENTITIES,
  runPeriodically,
  ServiceClient,
  startEventConsumers,
  serviceUrls,
  type SubgraphDefinition,
} from '@dnp/subgraph-kit';
import { BankImport } from './entities/bank-import.entity.js';
import { ReceivablesMonth, ReceivablesSnapshot } from './entities/receivables-month.entity.js';
import { ReceivablesReportResolver } from './resolvers/receivables-report.resolver.js';
import { financeExports } from './services/finance-exports.js';
import { snapshotLastMonth } from './services/receivables-report.service.js';
import { BankStatementLine } from './entities/bank-statement-line.entity.js';
import { FinancePeriod } from './entities/finance-period.entity.js';
import { OrderingBlockScan } from './entities/ordering-block-scan.entity.js';
import { PayerAccount } from './entities/payer-account.entity.js';
import { StatementEvent } from './entities/statement-event.entity.js';
import { Statement } from './entities/statement.entity.js';
import { BankResolver } from './resolvers/bank.resolver.js';
import { AgingResolver } from './resolvers/aging.resolver.js';
import { StatementResolver } from './resolvers/statement.resolver.js';
import { OrderingBlockScanner } from './services/ordering-block.scanner.js';
import { runDueMonthEnd } from './services/statement-run.service.js';
import { config } from './config.js';
import { CreditAccount } from './entities/credit-account.entity.js';
import { CreditHold } from './entities/credit-hold.entity.js';
import { Invoice } from './entities/invoice.entity.js';
import { Payment } from './entities/payment.entity.js';
import { InvoiceLine } from './entities/invoice-line.entity.js';
import { VatRate } from './entities/vat-rate.entity.js';
import { CreditNote } from './entities/credit-note.entity.js';
import { CreditNoteLine } from './entities/credit-note-line.entity.js';
import { ReceivableAllocation } from './entities/receivable-allocation.entity.js';
import { CreditHoldCapture } from './entities/credit-hold-capture.entity.js';
import { CreditLimitChange } from './entities/credit-limit-change.entity.js';
import { CreditLimitChangeResolver } from './resolvers/credit-limit-change.resolver.js';
import { financeAdmissionConsumer } from './services/admission-consumer.js';
// rr:R2 rebates
import { DealerProfile, ProductProfile } from './entities/rebate-profile.entity.js';
import { RebateAward, RebatePolicy, RebatePolicyDealer, RebateTarget } from './entities/rebate-policy.entity.js';
import { RebatePolicyResolver } from './resolvers/rebate-policy.resolver.js';
import {
  RebateAccrualEntry,
  RebateBasisMonth,
  RebateBasisSource,
  RebateProgress,
} from './entities/rebate-accrual.entity.js';
import { rebateAccrualConsumer } from './services/rebate-accrual/rebate-accrual-consumer.js';
import { RebateProgressResolver } from './resolvers/rebate-progress.resolver.js';
import { rebateProfileConsumer } from './services/rebate-profiles/rebate-profile-consumer.js';
// rr:R3 rebate settlement and balance
import {
  RebateBalance,
  RebateBalanceEntry,
  RebateHold,
  RebateSettlement,
  RebateSettlementLine,
  RebateSettlementRun,
} from './entities/rebate-settlement.entity.js';
import { RebateSettlementResolver } from './resolvers/rebate-settlement.resolver.js';
import { RebateBalanceResolver } from './resolvers/rebate-balance.resolver.js';
import { scheduleRebateSettlement } from './services/rebate-settlement/rebate-settlement.schedule.js';
import type { FinanceContext, FinanceLoaders } from './finance-context.js';
import { createFinanceLoaders } from './finance.loader.js';
import { migrations } from './migrations/index.js';
import { CreditAccountResolver } from './resolvers/credit-account.resolver.js';
import { CreditHoldResolver } from './resolvers/credit-hold.resolver.js';
import { DealerResolver } from './resolvers/dealer.resolver.js';
import { InvoiceResolver, PaymentResolver } from './resolvers/invoice.resolver.js';
import { isSeeded, seedDemo } from './seed/demo.seed.js';
import { InvoicingResolver } from './resolvers/invoicing.resolver.js';
import { PaymentsResolver } from './resolvers/payment.resolver.js';
import { PaymentLiveResolver } from './resolvers/payment-live.resolver.js';
import { CreditNoteResolver } from './resolvers/credit-note.resolver.js';
import { ReturnCreditNoteResolver } from './resolvers/return-credit-note.resolver.js';
import { ReturnRequestRef, returnRequestRef } from './schema/return-request-ref.type.js';
import {
  InvoiceShipmentResolver,
  OrderFinanceResolver,
  ShipmentFinanceResolver,
} from './resolvers/order-finance.resolver.js';
import { CreditAccountService } from './services/credit-account.service.js';
import { CreditAlertService } from './services/credit-alert.service.js';
import { creditHoldReconciler } from './services/credit-hold-reconciler.js';
import { rebateHoldReconciler } from './services/rebate-balance/rebate-hold-reconciler.js';
import { dealerRef, orderRef, productRef, shipmentRef } from './schema/references.type.js';

const accounts = new CreditAccountService();
/** How often the month-end job and the ordering-block scan look for work (each acts at most once a day). */
const MONTH_END_CHECK_MS = 10 * 60_000;

/**
 * The finance subgraph: owns CreditAccount, Invoice, Payment and the order saga's credit holds; adds
 * credit fields to Dealer.
 */
export const financeSubgraph: SubgraphDefinition<FinanceLoaders> = {
  name: 'finance',
  entities: [
    CreditAccount,
    CreditHold,
    Invoice,
    Payment,
    CreditAlert,
    ...AUDIT_ENTITIES,
    // o2c:P3 receivables
    InvoiceLine,
    VatRate,
    CreditNote,
    CreditNoteLine,
    ReceivableAllocation,
    CreditHoldCapture,
    ...GAPLESS_COUNTER_ENTITIES,
    // o2c:P4 reconciliation
    BankImport,
    BankStatementLine,
    PayerAccount,
    Statement,
    StatementEvent,
    FinancePeriod,
    OrderingBlockScan,
    // net:P6 credit changes
    CreditLimitChange,
    // rr:R2 rebates
    DealerProfile,
    ProductProfile,
    RebatePolicy,
    RebatePolicyDealer,
    RebateTarget,
    RebateAward,
    RebateBasisMonth,
    RebateAccrualEntry,
    RebateProgress,
    RebateBasisSource,
    // rr:R3 rebate settlement and balance
    RebateSettlement,
    RebateSettlementLine,
    RebateSettlementRun,
    RebateBalance,
    RebateBalanceEntry,
    RebateHold,
    // rr:R5 reports
    ReceivablesMonth,
    ReceivablesSnapshot,
  ],
  migrations,
  createLoaders: createFinanceLoaders,
  seed: seedDemo,
  isSeeded,
  // rr:R5 GET /exports/:id and the export runner (kit export job) for the receivables trend.
  routes: exportRoute(financeExports),
  // The credit alert scan (every ALERT_SCAN_INTERVAL_MS) raises or clears alerts the write path
  // could not see (payments, limit changes); the credit hold reconciler (every
  // RECONCILE_INTERVAL_MS) releases holds that outlived their orders.
  background: (orm, log) => {
    let orders: ServiceClient | undefined;
    const ordersClient = () =>
      (orders ??= new ServiceClient({
        caller: 'finance',
        target: 'orders',
        url: serviceUrls(config.SUBGRAPH_URLS).orders!,
        secret: config.INTERNAL_JWT_SECRET,
      }));
    if (config.FINANCE_FAULT_AFTER_INVOICE_NUMBER) {
      const every = config.FINANCE_FAULT_AFTER_INVOICE_NUMBER;
      log.warn(
        { every },
        'FINANCE_FAULT_AFTER_INVOICE_NUMBER is set: invoice transactions fail on purpose (tests only)',
      );
    }
    const alerts = new CreditAlertService();
    const scan = () => alerts.scan(orm.em, config.CREDIT_ALERT_PERCENT);
    const stopScan = runPeriodically('credit alert scan', config.ALERT_SCAN_INTERVAL_MS, scan, log);
    const reconcile = { batch: config.RECONCILE_BATCH, graceMs: config.RECONCILE_GRACE_SECONDS * 1000 };
    const reconciler = creditHoldReconciler(orm, ordersClient, reconcile, log);
    const reconcileOnce = () => reconciler.run();
    const stopReconcile = runPeriodically('credit hold reconciler', config.RECONCILE_INTERVAL_MS, reconcileOnce, log);
    // rr §8: rebate holds whose orders are gone go back to the balance, on the credit holds' settings.
    const rebateReconciler = rebateHoldReconciler(orm, ordersClient, reconcile, log);
    const reconcileRebates = () => rebateReconciler.run();
    const stopRebates = runPeriodically('rebate hold reconciler', config.RECONCILE_INTERVAL_MS, reconcileRebates, log);
    // o2c:P4 the month-end statement run (STATEMENT_RUN_HOUR on the 1st; a missed run catches up).
    const monthEnd = () => runDueMonthEnd(orm.em.fork(), config.BUSINESS_TIME_ZONE, config.STATEMENT_RUN_HOUR);
    const stopMonthEnd = runPeriodically('month-end statements', MONTH_END_CHECK_MS, monthEnd, log);
    // o2c:P4 the daily ordering-block scan (a block that time alone sets raises ordering_block_changed).
    const blocks = new OrderingBlockScanner(config.OVERDUE_BLOCK_DAYS, config.BUSINESS_TIME_ZONE);
    const stopBlocks = runPeriodically(
      'ordering-block scan',
      MONTH_END_CHECK_MS,
      () => blocks.scan(orm.em.fork()),
      log,
    );
    // net:P6 the event consumers (kit protocol): finance:admission opens an admitted dealer's brand account.
    const stopConsumers = startEventConsumers({ name: 'finance', orm, log }, config, [
      financeAdmissionConsumer(),
      // rr:R2 finance:rebate-profiles keeps the dealer and product copies rebate eligibility and scopes read.
      rebateProfileConsumer(),
      // rr:R2 finance:rebate-accrual accrues invoices, payments and returns to the active rebate policies.
      rebateAccrualConsumer(),
    ]);
    // rr:R3 the period-end rebate settlement proposals (REBATE_SETTLEMENT_HOUR after a period ends).
    const stopSettlement = scheduleRebateSettlement(orm, config.BUSINESS_TIME_ZONE, config.REBATE_SETTLEMENT_HOUR, log);
    // rr:R5 the receivables month-end snapshot (the last closed month, once; receivablesReport reads it).
    const snapshot = () => snapshotLastMonth(orm.em, config.BUSINESS_TIME_ZONE);
    const stopSnapshot = runPeriodically('receivables month-end snapshot', MONTH_END_CHECK_MS, snapshot, log);
    return async () => {
      await Promise.all([
        ...[stopScan(), stopReconcile(), stopRebates(), stopMonthEnd(), stopBlocks(), stopConsumers()],
        ...[stopSettlement(), stopSnapshot()],
      ]);
      await orders?.close();
    };
  },
  buildSchema: () =>
    buildFederatedSchema<FinanceContext>({
      resolvers: [
        CreditAlertResolver,
        CreditAlertLiveResolver,
        CreditAccountResolver,
        CreditHoldResolver,
        InvoiceResolver,
        PaymentResolver,
        DealerResolver,
        ...AUDIT_RESOLVERS,
        // o2c:P3 receivables
        InvoicingResolver,
        PaymentsResolver,
        PaymentLiveResolver,
        CreditNoteResolver,
        OrderFinanceResolver,
        ShipmentFinanceResolver,
        InvoiceShipmentResolver,
        // o2c:P4 reconciliation
        StatementResolver,
        AgingResolver,
        BankResolver,
        // ReturnRequest.creditNote (the credit note issued under the return's key)
        ReturnCreditNoteResolver,
        // net:P6 credit changes
        CreditLimitChangeResolver,
        // rr:R2 rebates
        RebatePolicyResolver,
        RebateProgressResolver,
        // rr:R3 rebate settlement and balance
        RebateSettlementResolver,
        RebateBalanceResolver,
        // rr:R5 reports
        ReceivablesReportResolver,
        exportJobResolver(financeExports, { start: 'startFinanceReportExport', job: 'financeExportJob' }),
        // The supergraph's one `exportProgressed(id)` (every owner's jobs; the gateway re-reads by the id's owner).
        exportProgressResolver([...Grants.STAFF, Grant.FINANCE_CLERK, Grant.WAREHOUSE_OPERATOR]),
      ],
      // Reachable only through `_entities`, so type-graphql would leave it out otherwise.
      orphanedTypes: [ReturnRequestRef],
      referenceResolvers: {
        CreditAccount: (ref, ctx) => accounts.byReference(ctx, ref.id as string),
        Dealer: (ref) => dealerRef(ref.id as string),
        Order: (ref) => orderRef(ref.id as string),
        Product: (ref) => productRef(ref.id as string),
        Shipment: (ref) => shipmentRef(ref.id as string),
        // o2c:P4 aging rows name regions
        Region: (ref) => ({ id: ref.id as string }),
        ReturnRequest: (ref) => returnRequestRef(ref.id as string),
      },
    }),
};
