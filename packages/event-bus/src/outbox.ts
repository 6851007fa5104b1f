import type { EntityManager } from '@mikro-orm/core';
import { randomBytes } from 'node:crypto';
import type { EventPayload, EventType } from './catalog.js';
import type { DomainEvent, EventScope } from './event.js';
import { OutboxEvent } from './outbox.entity.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** A new event id, `evt_` + time + randomness (the same shape as the kit's `newId('evt')`). */
export function newEventId(at = Date.now()): string {
  let time = at;
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  return `evt_${head}${[...randomBytes(16)].map((b) => ALPHABET[b % 32]).join('')}`;
}

/**
 * What a producer says about an event of catalog type `T` (its payload must have the catalog's
 * shape); id, source and time are filled in by `recordEvent`.
 */
export interface NewEvent<T extends EventType = EventType> {
  /** `<subgraph>.<event>` from `EventType`; the part before the first dot becomes `source`. */
  type: T;
  subjectId: string;
  scope?: EventScope;
  payload: EventPayload<T>;
  /** Defaults to now. */
  occurredAt?: Date;
  /** Defaults to a fresh `evt_…` id. */
  id?: string;
}

/**
 * Adds an event to the outbox through `em`: it is inserted by the caller's next flush, in the
 * caller's transaction, so it commits (or rolls back) together with the change it describes.
 * Returns the event as it will be delivered.
 */
export function recordEvent<T extends EventType>(em: EntityManager, event: NewEvent<T>): DomainEvent<EventPayload<T>> {
  const dot = event.type.indexOf('.');
  if (dot <= 0) throw new Error(`Event type "${event.type}" is not <subgraph>.<name>`);
  const row = new OutboxEvent();
  row.eventId = event.id ?? newEventId();
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

/** `recordEvent` for several events, in order. */
export function recordEvents(em: EntityManager, events: readonly AnyNewEvent[]): DomainEvent[] {
  return events.map((e) => recordEvent(em, e) as unknown as DomainEvent);
}

/** The transport shape of an outbox row. */
export function toDomainEvent(row: Pick<OutboxEvent, 'eventId' | 'type' | 'source' | 'occurredAt' | 'subjectId' | 'scope' | 'payload'>): DomainEvent {
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
