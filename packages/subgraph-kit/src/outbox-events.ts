import {
  recordEvent as recordOutboxEvent,
  type AnyNewEvent,
  type DomainEvent,
  type EventPayload,
  type EventType,
  type NewEvent,
} from '@dnp/event-bus';
import type { EntityManager } from '@mikro-orm/core';
import { newId } from './ids.js';

/** Prefix of every domain event id. */
export const EVENT_ID_PREFIX = 'evt';

/** A new domain event id: the kit's one id generator, `evt_…` (sortable, ordered within a millisecond). */
export function newEventId(at: Date | number = Date.now()): string {
  return newId(EVENT_ID_PREFIX, at);
}

/**
 * Adds an event of the catalog to the outbox through `em` (see `@dnp/event-bus`'s `recordEvent`):
 * it is inserted by the caller's next flush, in the caller's transaction. The payload must have
 * the catalog's shape for its type; an event without an id gets `newEventId()`.
 */
export function recordEvent<T extends EventType>(em: EntityManager, event: NewEvent<T>): DomainEvent<EventPayload<T>> {
  return recordOutboxEvent(em, { ...event, id: event.id ?? newEventId() });
}

/** `recordEvent` for several events, in order. */
export function recordEvents(em: EntityManager, events: readonly AnyNewEvent[]): DomainEvent[] {
  return events.map((e) => recordEvent(em, e) as unknown as DomainEvent);
}
