import { EventType, type DomainEvent } from '@dnp/event-bus';
import { EXPORT_OWNERS } from '../export-proxy.js';

/**
 * How the gateway serves one Subscription field: which domain events feed it, which public
 * by-id query re-reads the event's subject (so the subscriber's selection, including fields
 * owned by other subgraphs, resolves through the supergraph with the subscriber's scope), and
 * which events the field's arguments keep.
 */
export interface SubscriptionFieldSpec {
  /** Subscription field name in the API schema, e.g. `stockChanged`. */
  field: string;
  /** Event types that feed it, from the catalog, e.g. `EventType.STOCK_CHANGED`. */
  eventTypes: EventType[];
  /** Query field taking `id: ID!` that returns the field's type, e.g. `stockLevel`. */
  byIdQuery: string;
  /**
   * Query field taking `ids: [ID!]!` that returns the subjects in order (null where unseen), e.g.
   * `stockLevelsByIds`: a burst of events is re-read with it in one call per subgraph. Optional:
   * without it (or when the supergraph lacks it) bursts use one aliased `byIdQuery` per event.
   */
  byIdsQuery?: string;
  /**
   * The by-id query for these arguments, when the field's subjects live in several subgraphs (an export
   * job is read through its owner's query); null when the arguments name none. Optional: without it
   * `byIdQuery` serves every subscription.
   */
  byIdQueryOf?(args: Readonly<Record<string, unknown>>): string | null;
  /** False when the subscriber's arguments exclude the event (a cheap pre-filter on the payload). */
  matches(args: Readonly<Record<string, unknown>>, event: DomainEvent): boolean;
  /**
   * Why the arguments cannot be served (refused with BAD_USER_INPUT before the subscription
   * starts), or null when they can. Optional: without it every valid argument set is served.
   */
  refuseArgs?(args: Readonly<Record<string, unknown>>): string | null;
}

/** Most product ids one `stockChanged(productIds:)` may name (a storefront page shows fewer). */
export const MAX_STOCK_PRODUCT_IDS = 200;

/**
 * The owners' query reading one export job for its requester, from the owner's tag in the id (kit
 * `newExportId`: `exp_` and the owner's first three letters, e.g. `exp_inv01…` → `inventoryExportJob`;
 * the time-ordered rest starts with a digit); null for an id without a known owner's tag.
 */
export function exportJobQueryOf(id: unknown): string | null {
  if (typeof id !== 'string') return null;
  const owner = EXPORT_OWNERS.find((o) => id.startsWith(`exp_${o.slice(0, 3)}`));
  return owner ? `${owner}ExportJob` : null;
}

/** Each subscription's id list as a set, built once: the pre-filter runs per event and subscriber. */
const idSets = new WeakMap<readonly unknown[], ReadonlySet<unknown>>();

/** A list argument keeps only events whose payload value is in it (none when empty); unset keeps all. */
function listArgMatches(
  args: Readonly<Record<string, unknown>>,
  event: DomainEvent,
  arg: string,
  payloadKey: string,
): boolean {
  const wanted = args[arg];
  if (!Array.isArray(wanted)) return true;
  let set = idSets.get(wanted);
  if (!set) idSets.set(wanted, (set = new Set(wanted)));
  const actual = event.payload[payloadKey];
  // As for single values: a producer that leaves the key out cannot be filtered here; the re-read decides.
  return actual === undefined || set.has(actual);
}

/** An argument set on the subscription keeps only events whose payload (or scope) carries that value. */
function argMatches(
  args: Readonly<Record<string, unknown>>,
  event: DomainEvent,
  arg: string,
  payloadKey = arg,
): boolean {
  const wanted = args[arg];
  if (wanted === undefined || wanted === null) return true;
  const actual = event.payload[payloadKey];
  // A producer that leaves the key out cannot be filtered here; the re-read decides.
  return actual === undefined || actual === wanted;
}

/**
 * The Subscription fields of the partner contract (docs/domain.md) and what the console needs. The
 * gateway serves a field only when it is in the API schema and its by-id query exists, so a
 * supergraph without a field simply does not offer it.
 */
export const SUBSCRIPTION_FIELDS: readonly SubscriptionFieldSpec[] = [
  {
    field: 'stockChanged',
    eventTypes: [EventType.STOCK_CHANGED],
    byIdQuery: 'stockLevel',
    byIdsQuery: 'stockLevelsByIds',
    matches: (args, event) =>
      argMatches(args, event, 'productId') &&
      argMatches(args, event, 'warehouseId') &&
      listArgMatches(args, event, 'productIds', 'productId'),
    refuseArgs: (args) =>
      Array.isArray(args.productIds) && args.productIds.length > MAX_STOCK_PRODUCT_IDS
        ? `productIds names ${args.productIds.length} products; at most ${MAX_STOCK_PRODUCT_IDS} per subscription`
        : null,
  },
  {
    field: 'inventoryAlertRaised',
    eventTypes: [EventType.INVENTORY_ALERT_RAISED],
    byIdQuery: 'inventoryAlert',
    matches: () => true,
  },
  {
    field: 'orderStatusChanged',
    eventTypes: [EventType.ORDER_STATUS_CHANGED],
    byIdQuery: 'order',
    matches: (args, event) => {
      const dealerId = args.dealerId;
      if (typeof dealerId !== 'string') return true;
      if (event.payload.dealerId !== undefined) return event.payload.dealerId === dealerId;
      return !event.scope.dealerIds || event.scope.dealerIds.includes(dealerId);
    },
  },
  // o2c:P2 shipments: re-read as the subscriber through shipment(id).
  {
    field: 'shipmentStatusChanged',
    eventTypes: [EventType.SHIPMENT_STATUS_CHANGED],
    byIdQuery: 'shipment',
    matches: (args, event) =>
      argMatches(args, event, 'orderId') &&
      argMatches(args, event, 'dealerId') &&
      argMatches(args, event, 'warehouseId'),
  },
  {
    field: 'diversionDetected',
    eventTypes: [EventType.DIVERSION_DETECTED],
    byIdQuery: 'diversionAlert',
    matches: () => true,
  },
  {
    field: 'orderAlertRaised',
    eventTypes: [EventType.REVIEW_OVERDUE, EventType.UNSHIPPED_OVERDUE, EventType.FULFILMENT_FAILED],
    byIdQuery: 'orderAlert',
    matches: () => true,
  },
  {
    field: 'creditAlertRaised',
    eventTypes: [EventType.CREDIT_ALERT_RAISED],
    byIdQuery: 'creditAlert',
    matches: () => true,
  },
  {
    field: 'paymentRecorded',
    eventTypes: [EventType.PAYMENT_RECORDED],
    byIdQuery: 'payment',
    matches: (args, event) => argMatches(args, event, 'dealerId'),
  },
  {
    field: 'priceViolationRaised',
    eventTypes: [EventType.PRICE_VIOLATION_RAISED],
    byIdQuery: 'priceViolation',
    matches: () => true,
  },
  // rr §7: a dealer's standing on its rebate policies, re-read as the subscriber (a dealer only its own).
  {
    field: 'rebateProgressChanged',
    eventTypes: [EventType.REBATE_PROGRESS_CHANGED],
    byIdQuery: 'rebateProgressById',
    matches: (args, event) => argMatches(args, event, 'dealerId'),
  },
  // rr §9: one export's progress, re-read through its owner's `<owner>ExportJob(id)` (the requester only).
  {
    field: 'exportProgressed',
    eventTypes: [EventType.EXPORT_PROGRESSED],
    byIdQuery: 'financeExportJob',
    byIdQueryOf: (args) => exportJobQueryOf(args.id),
    matches: (args, event) => argMatches(args, event, 'id', 'jobId'),
    refuseArgs: (args) => (exportJobQueryOf(args.id) ? null : `${String(args.id)} is not an export id`),
  },
];
