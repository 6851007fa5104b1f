import type { EntityManager } from '@mikro-orm/core';
import type { EventPayload, EventType } from './catalog.js';
import type { DomainEvent, EventScope } from './event.js';
import { OutboxEvent } from './outbox.entity.js';

/**
 * What a producer says about an event of catalog type `T` (its payload must have the catalog's
 * shape); source and time are filled in by `recordEvent`, the id by the kit's `recordEvent`.
 */
export interface NewEvent<T extends EventType = EventType> {
  /** `<subgraph>.<event>` from `EventType`; the part before the first dot becomes `source`. */
  type: T;
  subjectId: string;
  scope?: EventScope;
  payload: EventPayload<T>;
  /** Defaults to now. */
  occurredAt?: Date;
  /** The producer's id for it; `@dnp/subgraph-kit`'s `recordEvent` fills in a fresh `evt_…` one. */
  id?: string;
}

/**
 * An event as the outbox stores it: the id is given, because ids come from the one generator
 * in `@dnp/subgraph-kit` (`newId`), which this lower package cannot import.
 */
export type OutboxRecord<T extends EventType = EventType> = NewEvent<T> & { id: string };

/**
 * Adds an event to the outbox through `em`: it is inserted by the caller's next flush, in the
 * caller's transaction, so it commits (or rolls back) together with the change it describes.
 * Returns the event as it will be delivered.
 */
export function recordEvent<T extends EventType>(
  em: EntityManager,
  event: OutboxRecord<T>,
): DomainEvent<EventPayload<T>> {
  const dot = event.type.indexOf('.');
  if (dot <= 0) throw new Error(`Event type "${event.type}" is not <subgraph>.<name>`);
  const row = new OutboxEvent();
  row.eventId = event.id;
  row.type = event.type;
  row.source = event.type.slice(0, dot);
  row.occurredAt = event.occurredAt ?? new Date();
  row.subjectId = event.subjectId;
  row.scope = event.scope ?? {};
  row.payload = event.payload as unknown as OutboxEvent['payload'];
  row.publishedAt = null;
  row.position = null;
  em.persist(row);
  return toDomainEvent(row) as unknown as DomainEvent<EventPayload<T>>;
}

/** Any catalog event a producer may record (each type with its own payload). */
export type AnyNewEvent = { [T in EventType]: NewEvent<T> }[EventType];

/** The transport shape of an outbox row. */
export function toDomainEvent(
  row: Pick<OutboxEvent, 'eventId' | 'type' | 'source' | 'occurredAt' | 'subjectId' | 'scope' | 'payload'>,
): DomainEvent {
  return {
    id: row.eventId,
    type: row.type,
    source: row.source,
    occurredAt: new Date(row.occurredAt).toISOString(),
    subjectId: row.subjectId,
    scope: parseJson(row.scope) as EventScope,
    payload: parseJson(row.payload) as Record<string, unknown>,
  };
}

function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}
