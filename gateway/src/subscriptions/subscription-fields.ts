import type { DomainEvent } from '@dnp/event-bus';

/**
 * How the gateway serves one Subscription field: which domain events feed it, which public
 * by-id query re-reads the event's subject (so the subscriber's selection, including fields
 * owned by other subgraphs, resolves through the supergraph with the subscriber's scope), and
 * which events the field's arguments keep.
 */
export interface SubscriptionFieldSpec {
  /** Subscription field name in the API schema, e.g. `stockChanged`. */
  field: string;
  /** Event types that feed it, e.g. `inventory.stock_changed`. */
  eventTypes: string[];
  /** Query field taking `id: ID!` that returns the field's type, e.g. `stockLevel`. */
  byIdQuery: string;
  /**
   * Query field taking `ids: [ID!]!` that returns the subjects in order (null where unseen), e.g.
   * `stockLevelsByIds`: a burst of events is re-read with it in one call per subgraph. Optional:
   * without it (or when the supergraph lacks it) bursts use one aliased `byIdQuery` per event.
   */
  byIdsQuery?: string;
  /** False when the subscriber's arguments exclude the event (a cheap pre-filter on the payload). */
  matches(args: Readonly<Record<string, unknown>>, event: DomainEvent): boolean;
}

/** An argument set on the subscription keeps only events whose payload (or scope) carries that value. */
function argMatches(args: Readonly<Record<string, unknown>>, event: DomainEvent, arg: string, payloadKey = arg): boolean {
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
    eventTypes: ['inventory.stock_changed'],
    byIdQuery: 'stockLevel',
    byIdsQuery: 'stockLevelsByIds',
    matches: (args, event) => argMatches(args, event, 'productId') && argMatches(args, event, 'warehouseId'),
  },
  {
    field: 'inventoryAlertRaised',
    eventTypes: ['inventory.alert_raised'],
    byIdQuery: 'inventoryAlert',
    matches: () => true,
  },
  {
    field: 'orderStatusChanged',
    eventTypes: ['orders.order_status_changed'],
    byIdQuery: 'order',
    matches: (args, event) => {
      const dealerId = args.dealerId;
      if (typeof dealerId !== 'string') return true;
      if (event.payload.dealerId !== undefined) return event.payload.dealerId === dealerId;
      return !event.scope.dealerIds || event.scope.dealerIds.includes(dealerId);
    },
  },
  {
    field: 'diversionDetected',
    eventTypes: ['traceability.diversion_detected'],
    byIdQuery: 'diversionAlert',
    matches: () => true,
  },
  {
    field: 'orderAlertRaised',
    eventTypes: ['orders.review_overdue'],
    byIdQuery: 'orderAlert',
    matches: () => true,
  },
  {
    field: 'creditAlertRaised',
    eventTypes: ['finance.credit_alert_raised'],
    byIdQuery: 'creditAlert',
    matches: () => true,
  },
];
