import { recordEvent as recordOutboxEvent, type DomainEvent, type NewEvent } from '@dnp/event-bus';
import type { EntityManager } from '@mikro-orm/core';
import { newId } from './ids.js';

/** Prefix of every domain event id. */
export const EVENT_ID_PREFIX = 'evt';

/** A new domain event id: the kit's one id generator, `evt_…` (sortable, ordered within a millisecond). */
export function newEventId(at: Date | number = Date.now()): string {
  return newId(EVENT_ID_PREFIX, at);
}

/**
 * Adds an event to the outbox through `em` (see `@dnp/event-bus`'s `recordEvent`): it is inserted
 * by the caller's next flush, in the caller's transaction. Events without an id get `newEventId()`.
 */
export function recordEvent<P extends Record<string, unknown>>(em: EntityManager, event: NewEvent<P>): DomainEvent<P> {
  return recordOutboxEvent(em, { ...event, id: event.id ?? newEventId() });
}

/** `recordEvent` for several events, in order. */
export function recordEvents(em: EntityManager, events: NewEvent[]): DomainEvent[] {
  return events.map((e) => recordEvent(em, e));
}
