import { AlertRecord } from '@dnp/subgraph-kit';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { QualificationKind } from './qualification.entity.js';

/** A warning that a licence expires soon (30 or 7 days) or has expired (0), raised once per licence and threshold. */
@Entity({ tableName: 'qualification_alert' })
@Index({ properties: ['dealerId', 'raisedAt'] })
@ObjectType({ description: 'A warning that a licence expires within 30 or 7 days, or has expired (资质到期预警).' })
export class QualificationAlert extends AlertRecord {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable alert id ("qla_…").' })
  id!: string;

  /** `<qualificationId>:<thresholdDays>` while open: one alert per licence and threshold; null once resolved. */
  @Property({ type: 'string', length: 60, nullable: true, unique: true })
  openKey!: string | null;

  @Property({ type: 'string', length: 40 })
  @Index()
  qualificationId!: string;

  @Property({ type: 'string', length: 40 })
  dealerId!: string;

  /** Copy of the dealer's region path, for region managers' scope. */
  @Property({ type: 'string', length: 400 })
  regionPath!: string;

  @Enum({ items: () => QualificationKind, nativeEnumName: undefined })
  @Field(() => QualificationKind, { description: 'Kind of the licence.' })
  kind!: QualificationKind;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'The threshold crossed: 30 or 7 days before expiry, or 0 at expiry.' })
  thresholdDays!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Days left when it was raised (negative: expired that many days before).' })
  daysLeft!: number;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, { description: "True when the licence is required: once expired the dealer can't order." })
  required!: boolean;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'Last moment the licence is valid.' })
  validUntil!: Date;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When an approved renewal resolved it; null while open.' })
  resolvedAt!: Date | null;
}
