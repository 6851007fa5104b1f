/**
 * @dnp/event-bus: domain events. Producers `recordEvent` in their transaction (outbox); the
 * `OutboxRelay` publishes after commit; consumers read a fan-out `EventFeed` (gateway) or a
 * consumer group (services) and deduplicate with `handleOnce` / `RecentIds`.
 */
export * from './catalog.js';
export * from './network-payloads.js';
export * from './rebate-payloads.js';
export * from './event.js';
export * from './outbox.entity.js';
export * from './outbox.js';
export * from './relay.js';
export * from './consumer.js';
export * from './memory-bus.js';
export * from './redis.js';
export * from './http-stream.js';
export * from './bus.js';
