import type { EventPayload, EventType } from './catalog.js';

/**
 * The contract every producer and consumer of domain events shares. Producers write events into
 * their subgraph's outbox in the same transaction as the change; a relay publishes them after
 * commit; consumers (other subgraphs, the gateway's subscription engine) receive them at least
 * once and deduplicate by `id`.
 */

/**
 * Who may see an event. The gateway uses it as a cheap pre-filter before it resolves the
 * subscriber's selection through the supergraph (which applies the subgraphs' own row scopes
 * again), so a scope here may be wider than the truth but never narrower.
 */
export interface EventScope {
  /** Dealers whose users may see the event (an order's dealer and its parent dealers). */
  dealerIds?: string[];
  /** Region ids from the root down to the region the event belongs to (for region managers). */
  regionPath?: string[];
  /** Set when only HQ may see the event (and finance clerks, for `finance.` events). */
  hqOnly?: boolean;
  /**
   * Warehouses the event is about (a stock level's, a shipment's): a warehouse operator sees it only
   * when one of them is in its `warehouseIds` claim; without the list, no operator does.
   */
  warehouseIds?: string[];
}

/** One domain event, as stored in the outbox and carried by every transport. */
export interface DomainEvent<P = Record<string, unknown>> {
  /** Globally unique id (kit `newId('evt')`); consumers deduplicate on it. */
  id: string;
  /** Dotted type, `<subgraph>.<event>`: one of the catalog's `EventType`s (src/catalog.ts). */
  type: string;
  /** Name of the subgraph that raised it. */
  source: string;
  /** When the change committed (ISO-8601). */
  occurredAt: string;
  /** Id of the entity the event is about (the key the gateway re-reads it by). */
  subjectId: string;
  scope: EventScope;
  payload: P;
}

/**
 * Narrows a delivered event to catalog type `type`, so its payload has the catalog's shape. A
 * consumer reads only the fields it knows and ignores the rest (payloads grow additively).
 */
export function isEventOfType<T extends EventType>(
  event: DomainEvent,
  type: T,
): event is DomainEvent<EventPayload<T>> & DomainEvent {
  return event.type === type;
}

/** An event as delivered, with its position in the stream it came from (for resume). */
export interface DeliveredEvent<P = Record<string, unknown>> {
  event: DomainEvent<P>;
  /** Opaque, ordered position (a Redis stream id, or an outbox sequence); pass back to resume. */
  position: string;
}

/** A running reader; `close` stops it and releases its connection. */
export interface FeedHandle {
  close(): Promise<void>;
}

/**
 * A fan-out feed of every committed event from every subgraph: each reader sees all events
 * (unlike a consumer group, which shares them out). The gateway's subscription engine reads one.
 */
export interface EventFeed {
  /**
   * Starts reading after `after` (an earlier `DeliveredEvent.position`, exclusive) or, without
   * it, from now. Events of one source arrive in commit order; `onEvent` is awaited in order.
   */
  read(
    opts: { after?: string; types?: string[] },
    onEvent: (delivered: DeliveredEvent) => void | Promise<void>,
  ): Promise<FeedHandle>;
}
