import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Where an embedded-bus consumer (`event_consumer_position`) resumes: the feed position of the
 * last event it handled or skipped, written in the transaction of that event's effect, so a
 * restart neither loses nor (beyond `handleOnce`'s dedupe) repeats an event. The Redis bus keeps
 * this in its consumer group instead.
 */
@Entity({ tableName: 'event_consumer_position' })
export class EventConsumerPosition {
  /** The consumer's name (its `handleOnce` key), e.g. `pricing:catalogue`. */
  @PrimaryKey({ type: 'string', length: 80 })
  consumer!: string;

  /** The opaque feed position (`encodeFeedPosition` of each source's outbox position). */
  @Property({ type: 'string', length: 400 })
  position!: string;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}

/**
 * An event a consumer gave up on (`consumer_dead_letter`) after `CONSUMER_MAX_ATTEMPTS` failed
 * attempts: the event as delivered and the last error, so an operator can fix the cause and
 * replay it; the consumer skipped it and went on.
 */
@Entity({ tableName: 'consumer_dead_letter' })
export class ConsumerDeadLetter {
  @PrimaryKey({ type: 'string', length: 80 })
  consumer!: string;

  @PrimaryKey({ type: 'string', length: 40 })
  eventId!: string;

  @Property({ type: 'string', length: 80 })
  type!: string;

  /** The subgraph that raised the event. */
  @Property({ type: 'string', length: 40 })
  source!: string;

  /** The whole DomainEvent as delivered. */
  @Property({ type: 'json' })
  event!: Record<string, unknown>;

  /** The last attempt's error message (cut to 2000 characters). */
  @Property({ type: 'string', length: 2000 })
  error!: string;

  @Property({ type: 'integer' })
  attempts!: number;

  @Property({ type: 'datetime' })
  failedAt!: Date;
}

/** The consumer tables every subgraph's database gets (the kit adds them and their migration). */
export const EVENT_CONSUMER_ENTITIES = [EventConsumerPosition, ConsumerDeadLetter];
