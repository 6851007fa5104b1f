import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { AlertRecord } from '@dnp/subgraph-kit';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** What an order alert is about. */
export enum OrderAlertKind {
  REVIEW_OVERDUE = 'REVIEW_OVERDUE',
  UNSHIPPED_OVERDUE = 'UNSHIPPED_OVERDUE',
  FULFILMENT_FAILED = 'FULFILMENT_FAILED',
}
registerEnumType(OrderAlertKind, {
  name: 'OrderAlertKind',
  description: 'What an order alert is about.',
  valuesConfig: {
    REVIEW_OVERDUE: {
      description: 'An order has waited for a manager (PENDING_REVIEW) longer than the configured threshold.',
    },
    UNSHIPPED_OVERDUE: {
      description: 'An approved order still has a shipment waiting in a warehouse longer than the threshold (days).',
    },
    FULFILMENT_FAILED: {
      description: 'A stock commit, invoice or code link of a shipment was refused; HQ must resolve it by hand.',
    },
  },
});

/** A raised order alert; `openKey` (unique) keeps one alert per order and condition. */
@Entity({ tableName: 'order_alert' })
@Index({ properties: ['dealerId', 'id'] })
@ObjectType({ description: 'An order alert, e.g. an order waiting for review too long (订单预警).' })
export class OrderAlert extends AlertRecord {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable alert id.' })
  id!: string;

  @Enum({ items: () => OrderAlertKind, type: 'string' })
  @Field(() => OrderAlertKind, { description: 'What the alert is about.' })
  kind!: OrderAlertKind;

  @Property({ type: 'string', length: 40 })
  orderId!: string;

  @Property({ type: 'string', length: 40 })
  dealerId!: string;

  /** The dealer's region path ("/reg_cn/reg_east/"), for region managers. */
  @Property({ type: 'string', length: 400 })
  regionPath!: string;

  /** One open alert per order and condition; null once resolved (UNSHIPPED_OVERDUE clears when shipped). */
  @Property({ type: 'string', length: 120, unique: true, nullable: true })
  openKey!: string | null;

  /** When the condition cleared (nothing left to pick); null while open, and for alerts that never clear. */
  @Property({ type: 'datetime', nullable: true })
  resolvedAt!: Date | null;

  @Property({ type: 'string', length: 400 })
  @Field(() => String, { description: 'What happened, in English (the apps translate by kind).' })
  message!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, {
    description: 'Minutes the order had waited when the alert was raised (0 for FULFILMENT_FAILED).',
  })
  waitedMinutes!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'The configured threshold, in minutes (0 for FULFILMENT_FAILED).' })
  thresholdMinutes!: number;
}
