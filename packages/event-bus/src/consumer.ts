import { LRUCache } from 'lru-cache';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { ProcessedEvent } from './outbox.entity.js';

/** What `handleOnce` did: ran the effect, or skipped an event the consumer had already handled. */
export type HandleOutcome<T> = { handled: true; result: T } | { handled: false };

/**
 * Runs a consumer's effect for one event exactly once per consumer: in one transaction it
 * checks the consumer's inbox (`processed_events`), runs `effect` with the transaction's
 * EntityManager and records the event id, so a redelivered event (at-least-once delivery, two
 * relays, a replay after a crash) changes nothing the second time. Concurrent deliveries of one
 * event are settled by the inbox's primary key: the loser rolls back and reports `handled: false`.
 */
export async function handleOnce<T>(
  em: EntityManager,
  consumer: string,
  eventId: string,
  effect: (tx: EntityManager) => Promise<T>,
): Promise<HandleOutcome<T>> {
  const fork = em.fork();
  try {
    return await fork.transactional(async (tx): Promise<HandleOutcome<T>> => {
      if (await tx.findOne(ProcessedEvent, { consumer, eventId })) return { handled: false };
      const mark = new ProcessedEvent();
      mark.consumer = consumer;
      mark.eventId = eventId;
      mark.processedAt = new Date();
      tx.persist(mark);
      // Inserted first, so a concurrent duplicate blocks on (or fails at) the key before the effect runs twice.
      await tx.flush();
      const result = await effect(tx);
      return { handled: true, result };
    });
  } catch (err) {
    if (
      err instanceof UniqueConstraintViolationException &&
      (await em.fork().findOne(ProcessedEvent, { consumer, eventId }))
    )
      return { handled: false };
    throw err;
  }
}

/**
 * A bounded memory of recently seen event ids (first seen, first dropped: a repeat does not
 * refresh an id), for readers that deliver to memory rather than a database, e.g. a gateway's
 * subscriptions. On lru-cache, like the kit's `TtlCache` (this package sits below the kit).
 */
export class RecentIds {
  private readonly ids: LRUCache<string, true>;
  constructor(capacity = 10_000) {
    this.ids = new LRUCache({ max: capacity });
  }

  /** True the first time an id is offered (and remembers it), false for a repeat. */
  firstTime(id: string): boolean {
    // `has` leaves the order alone, so the oldest first-seen id goes first.
    if (this.ids.has(id)) return false;
    this.ids.set(id, true);
    return true;
  }
}
