import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/** Work state of a diversion alert. */
export enum AlertStatus {
  OPEN = 'OPEN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  RESOLVED = 'RESOLVED',
}
registerEnumType(AlertStatus, {
  name: 'AlertStatus',
  description: 'Work state of a diversion alert.',
  valuesConfig: {
    OPEN: { description: 'New; nobody has looked at it yet.' },
    ACKNOWLEDGED: { description: 'Seen by HQ or a manager and being investigated.' },
    RESOLVED: { description: 'Closed.' },
  },
});

@Entity({ tableName: 'diversion_alert' })
@Index({ properties: ['detectedAt', 'id'] })
@ObjectType({ description: "A code sold or scanned outside its dealer's authorized regions (窜货)." })
@Directive('@key(fields: "id")')
export class DiversionAlert {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable alert id ("div_…").' })
  id!: string;

  @Property({ type: 'string', length: 24 })
  @Index()
  @Field(() => String, { description: 'The diverted serial code.' })
  code!: string;

  @Property({ type: 'string', length: 40 })
  productId!: string;

  @Property({ type: 'string', length: 40 })
  ownerDealerId!: string;

  /** Comma-joined authorized region ids of the owner when the alert was raised. */
  @Property({ type: 'string', length: 400 })
  ownerAuthorizedRegionIds!: string;

  @Property({ type: 'string', length: 40 })
  detectedRegionId!: string;

  /** Materialized path of the detected region, so a manager's scope is one LIKE. */
  @Property({ type: 'string', length: 400 })
  @Index()
  detectedRegionPath!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  detectedByDealerId!: string | null;

  @Property({ type: 'string', length: 40 })
  eventId!: string;

  @Enum({ items: () => AlertStatus, nativeEnumName: undefined })
  @Index()
  @Field(() => AlertStatus, { description: 'Work state of the alert.' })
  status!: AlertStatus;

  @Property({ type: 'datetime', length: 3 })
  @Field(() => Date, { description: 'When the diverting sale or scan happened.' })
  detectedAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the alert was acknowledged; null while open.' })
  acknowledgedAt!: Date | null;

  @Property({ type: 'string', length: 40, nullable: true })
  acknowledgedBy!: string | null;
}
