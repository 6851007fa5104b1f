import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { OrderStatus } from './order.entity.js';

/** What happened to an order. */
export enum OrderEventType {
  PLACED = 'PLACED',
  STOCK_RESERVED = 'STOCK_RESERVED',
  CREDIT_HELD = 'CREDIT_HELD',
  REVIEW_REQUESTED = 'REVIEW_REQUESTED',
  RELEASED = 'RELEASED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  CANCELLED = 'CANCELLED',
  SHIPPED = 'SHIPPED',
  PARTIALLY_SHIPPED = 'PARTIALLY_SHIPPED',
  RECEIVED = 'RECEIVED',
  COMPLETED = 'COMPLETED',
  COMMENTED = 'COMMENTED',
}
registerEnumType(OrderEventType, {
  name: 'OrderEventType',
  description: 'What happened to an order.',
  valuesConfig: {
    PLACED: { description: 'The dealer placed the order.' },
    STOCK_RESERVED: { description: 'The placement saga reserved the stock in the shipping warehouses.' },
    CREDIT_HELD: { description: "The placement saga held the order total on the dealer's credit line." },
    REVIEW_REQUESTED: {
      description: 'Automatic review passed but the order exceeds a review threshold; it waits for a manager.',
    },
    RELEASED: { description: 'The stock reservation and credit hold of a rejected or cancelled order were released.' },
    APPROVED: { description: 'Review (automatic or by a manager) accepted the order.' },
    REJECTED: { description: 'Review refused the order; the comment says why.' },
    CANCELLED: { description: 'The order was cancelled.' },
    SHIPPED: { description: 'A shipment left its warehouse and with it everything left (or the rest was cancelled).' },
    PARTIALLY_SHIPPED: { description: 'A shipment (or part of one) left its warehouse; more is still being picked.' },
    RECEIVED: { description: 'The dealer signed for a shipment (in full or with discrepancies).' },
    COMPLETED: { description: 'The dealer confirmed receipt.' },
    COMMENTED: { description: 'Someone added a comment without changing the status.' },
  },
});

@Entity({ tableName: 'order_event' })
@Index({ properties: ['orderId', 'at'] })
@ObjectType({ description: 'One entry of an order timeline: a status change or a comment, by whom and when.' })
export class OrderEvent {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable event id ("oev_…").' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  orderId!: string;

  @Enum({ items: () => OrderEventType, nativeEnumName: undefined })
  @Field(() => OrderEventType, { description: 'What happened.' })
  type!: OrderEventType;

  @Enum({ items: () => OrderStatus, nativeEnumName: undefined, nullable: true })
  @Field(() => OrderStatus, {
    nullable: true,
    description: 'Status before the event; null when the order was just placed or nothing changed.',
  })
  fromStatus!: OrderStatus | null;

  @Enum({ items: () => OrderStatus, nativeEnumName: undefined, nullable: true })
  @Field(() => OrderStatus, { nullable: true, description: 'Status after the event; null when nothing changed.' })
  toStatus!: OrderStatus | null;

  @Property({ type: 'string', length: 40, nullable: true })
  @Field(() => ID, {
    nullable: true,
    description: 'User who caused the event; null for the system (automatic review, warehouse system).',
  })
  actorUserId!: string | null;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'Display name of the actor at the time, e.g. "华东大区经理" or "自动审单".' })
  actorName!: string;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      'Reason or remark a person gave with the event, as they wrote it. For system events (actorUserId null) ' +
      'a fallback text in one language only; localize from messageCode and messageArgs instead.',
  })
  comment!: string | null;

  @Property({ type: 'string', length: 60, nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      'Stable code of a system text for clients to localize, e.g. STOCK_RESERVED_SUMMARY, ' +
      'REVIEW_THRESHOLD_REACHED, AUTO_REVIEW_PASSED, PLACEMENT_REJECTED, PROMOTIONS_CONSUMED, ' +
      'RESOURCES_RELEASED, MANUAL_REVIEW_APPROVED, SHIPMENT_SHIPPED, RECEIPT_CONFIRMED, RECEIPT_DISCREPANCY, ' +
      'REST_CANCELLED; null for events without a system text.',
  })
  messageCode!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      'JSON object of the arguments of messageCode (e.g. {"units":12,"warehouses":2}); null when messageCode ' +
      'is null or has no arguments.',
  })
  messageArgs!: string | null;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When it happened.' })
  at!: Date;
}
