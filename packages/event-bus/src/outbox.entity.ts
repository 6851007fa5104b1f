import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { EventScope } from './event.js';

/**
 * One row of a subgraph's transactional outbox (`outbox_events`). Written by `recordEvent` in
 * the transaction that makes the change; the relay later sets `publishedAt` and `position`.
 */
@Entity({ tableName: 'outbox_events' })
@Index({ properties: ['publishedAt', 'seq'] })
export class OutboxEvent {
  /** Insertion order; the relay publishes unpublished rows in this order. */
  @PrimaryKey({ type: 'integer', autoincrement: true })
  seq!: number;

  /** The event's global id (consumers deduplicate on it). */
  @Property({ type: 'string', length: 40 })
  @Unique()
  eventId!: string;

  @Property({ type: 'string', length: 80 })
  type!: string;

  @Property({ type: 'string', length: 40 })
  source!: string;

  @Property({ type: 'datetime', length: 3 })
  occurredAt!: Date;

  @Property({ type: 'string', length: 80 })
  subjectId!: string;

  @Property({ type: 'json' })
  scope!: EventScope;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  /** Set by the relay once the event reached the bus; null while it waits. */
  @Property({ type: 'datetime', length: 3, nullable: true })
  publishedAt?: Date | null;

  /**
   * Publication order, assigned by the relay under a lock, so it only grows in the order rows
   * became visible: the embedded HTTP stream serves rows by it and readers resume after it.
   */
  @Property({ type: 'integer', nullable: true })
  @Unique()
  position?: number | null;
}

/**
 * The inbox of a consumer (`processed_events`): one row per event a consumer has handled,
 * written in the same transaction as the handler's effect, so a redelivered event is skipped.
 */
@Entity({ tableName: 'processed_events' })
export class ProcessedEvent {
  @PrimaryKey({ type: 'string', length: 60 })
  consumer!: string;

  @PrimaryKey({ type: 'string', length: 40 })
  eventId!: string;

  @Property({ type: 'datetime' })
  processedAt!: Date;
}

/**
 * The relay's single row (`outbox_relay_state`, id 1): the last position handed out. Relays
 * lock this one row (a record lock, no gap lock) to take turns, so producers' inserts into the
 * outbox never wait for a relay, and positions follow the order in which batches commit.
 */
@Entity({ tableName: 'outbox_relay_state' })
export class OutboxRelayState {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  id!: number;

  @Property({ type: 'integer' })
  lastPosition!: number;
}

/** The entities every subgraph's database gets (the kit adds them and their migrations). */
export const EVENT_ENTITIES = [OutboxEvent, ProcessedEvent, OutboxRelayState];
