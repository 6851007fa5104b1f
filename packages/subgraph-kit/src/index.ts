/**
 * @dnp/subgraph-kit: the one library every subgraph builds on. Small functions, each documented
 * where it is defined. Specs' helpers are `@dnp/subgraph-kit/testing`, the migration tool
 * `@dnp/subgraph-kit/migrations`; neither is loaded by a running service.
 */
import 'reflect-metadata';
export * from './errors.js';
export * from './input-guard.js';
export * from './viewer.js';
export * from './logger.js';
export * from './base-config.js';
export * from './service-config.js';
export * from './request-context.js';
export * from './request-id.js';
export * from './money.js';
export * from './document-keys.js';
export * from './expiry-status.js';
export * from './pagination.js';
export * from './newest-first.js';
export * from './guarded-change.js';
export * from './ttl-cache.js';
export * from './group-commit.js';
export * from './update-each.js';
export * from './database.js';
export * from './federation.js';
export * from './loaders.js';
export * from './server.js';
export * from './bootstrap.js';
export * from './service-client.js';
export * from './ids.js';
export * from './user-error.js';
export * from './csv-file.js';
export * from './blob-store.js';
export * from './blob-store-s3.js';
export * from './blob-store-factory.js';
export * from './upload.entity.js';
export * from './upload-route.js';
export * from './export-job.entity.js';
export * from './export-job.js';
export * from './export-runner.js';
export * from './export-route.js';
export * from './export-job.resolver.js';
// The producer and consumer side of domain events, so subgraphs need no second dependency.
export {
  handleOnce,
  OutboxEvent,
  ProcessedEvent,
  type DomainEvent,
  type EventScope,
  type NewEvent,
} from '@dnp/event-bus';
// The event catalog: every event type with its payload type, version and owner.
export {
  EventType,
  EVENT_CATALOG,
  isEventOfType,
  isEventType,
  type EventPayload,
  type AnyNewEvent,
} from '@dnp/event-bus';
export { forUpdate, isSqlite } from '@dnp/event-bus';
export * from './outbox-events.js';
export * from './event-consumer.js';
export * from './event-consumer.entity.js';
export * from './insert-once.js';
export * from './periodic.js';
export * from './keyed-hold.js';
export * from './keyed-hold-write.js';
export * from './keyed-hold-table.js';
export * from './authorization.js';
export * from './data-scope.js';
export * from './audit.js';
export * from './sessions.js';
export * from './alert-lifecycle.js';
export * from './subquery.js';
export * from './alert-record.entity.js';
export * from './business-time.js';
export * from './business-period.js';
export * from './scope-match.js';
export * from './read-model.js';
export * from './gapless-counter.js';
export * from './scalars.js';
