import { baseSubgraphConfig, parseConfig } from '@dnp/subgraph-kit';
import { z } from 'zod';

/** Steps of the placement saga a test may crash after (see SAGA_FAULT_AFTER_STEP). */
const FAULT_STEPS = ['PRICED', 'PROMOTIONS_CONSUMED', 'RESERVED', 'CREDIT_HELD'] as const;

/** The orders subgraph's settings on top of the kit's base configuration. */
export const ordersConfigSchema = baseSubgraphConfig.extend({
  /** Orders whose total (minor units) is at least this wait for a manager (PENDING_REVIEW). Default ¥50,000. */
  REVIEW_AMOUNT_THRESHOLD_MINOR: z.coerce.number().int().min(0).default(5_000_000),
  /** How long one saga step may retry transport failures (and each service call's timeout), in ms. */
  SAGA_STEP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  /** An unfinished placement saga older than this is compensated instead of continued, in seconds. */
  SAGA_DEADLINE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** How often the resumer looks for unfinished sagas, in ms (it also runs once at start-up). */
  SAGA_RESUME_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(3_000),
  /** An order waiting in PENDING_REVIEW longer than this raises a REVIEW_OVERDUE alert, in minutes. */
  REVIEW_OVERDUE_MINUTES: z.coerce.number().int().min(1).max(43_200).default(240),
  /** How often the review-overdue scanner runs, 1 s to 1 h. */
  ALERT_SCAN_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /**
   * How long the saga reuses product (status, sales regions) and dealer (status, authorized
   * regions) reads, in ms; 0 asks the products and dealers subgraphs on every placement. A product
   * discontinued or a dealer suspended is refused by new orders at most this much later.
   */
  SAGA_REFERENCE_CACHE_MS: z.coerce.number().int().min(0).max(300_000).default(5_000),
  /**
   * TEST-ONLY fault switch: the process exits with code 137 right after persisting this saga step,
   * to prove crash recovery deterministically (e2e/order-saga.e2e.ts). Never set it in production;
   * main.ts logs a warning when it is set.
   */
  SAGA_FAULT_AFTER_STEP: z.enum(FAULT_STEPS).optional(),
  // o2c:P2 fulfilment (docs/design/order-to-cash.md §18)
  /** An approved order with a shipment still PICKING this many days after approval raises UNSHIPPED_OVERDUE. */
  UNSHIPPED_ALERT_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** Shipments SHIPPED this many days ago are confirmed in full by the system (自动签收); 0 = never. */
  AUTO_RECEIPT_DAYS: z.coerce.number().int().min(0).max(365).default(15),
  /** How long after delivery a dealer may request a return, in days (returns, P5). */
  RETURN_WINDOW_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** How long shipShipment / confirmReceipt wait for their fulfilment task before answering, in ms. */
  FULFILMENT_INLINE_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(5_000),
  /** How often the fulfilment resumer looks for unfinished tasks, in ms (it also runs once at start-up). */
  FULFILMENT_RESUME_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(3_000),
  /** How long one fulfilment effect retries transport failures (and each call's timeout), in ms. */
  FULFILMENT_STEP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
});

/** The orders subgraph's configuration; the only place that reads the environment. */
export const config = parseConfig(ordersConfigSchema, { PORT: '4005', ...process.env }, 'orders');
export type Config = typeof config;
