import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/** What a fulfilment task carries out (docs/design/order-to-cash.md §4.3). */
export enum FulfilmentTaskKind {
  SHIP = 'SHIP',
  RECEIPT = 'RECEIPT',
  CANCEL_REST = 'CANCEL_REST',
  RETURN_TAKE_BACK = 'RETURN_TAKE_BACK',
  RETURN_RECEIVE = 'RETURN_RECEIVE',
  RETURN_CREDIT = 'RETURN_CREDIT',
}

/** Where a fulfilment task stands. */
export enum FulfilmentTaskStatus {
  PENDING = 'PENDING',
  DONE = 'DONE',
  FAILED = 'FAILED',
}

/**
 * A persisted fulfilment task: inserted in the transaction that ships, receives or cancels, so it
 * exists if and only if that change committed; its effects are service calls idempotent by its key.
 */
@Entity({ tableName: 'fulfilment_task' })
@Unique({ properties: ['kind', 'subjectId'] })
@Index({ properties: ['status', 'leaseUntil'] })
export class FulfilmentTask {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @Enum({ items: () => FulfilmentTaskKind, nativeEnumName: undefined })
  kind!: FulfilmentTaskKind;

  /** The shipment (or return, or order for CANCEL_REST) the task is about. */
  @Property({ type: 'string', length: 40 })
  subjectId!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  orderId!: string;

  @Enum({ items: () => FulfilmentTaskStatus, nativeEnumName: undefined })
  status!: FulfilmentTaskStatus;

  /** Names of the effects already answered, comma-separated (a re-run skips them). */
  @Property({ type: 'string', length: 200, default: '' })
  effectsDone!: string;

  /** JSON: what the effects send (fixed in the transaction that made the task). */
  @Property({ type: 'text' })
  payload!: string;

  @Property({ type: 'integer', default: 0 })
  attempts!: number;

  @Property({ type: 'string', length: 500, nullable: true })
  lastError!: string | null;

  /** A process works on the task until then; the resumer claims tasks whose lease ran out. */
  @Property({ type: 'datetime' })
  leaseUntil!: Date;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  doneAt!: Date | null;
}
