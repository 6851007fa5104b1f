import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { AlertRecord } from '@dnp/subgraph-kit';
import { Field, ID, Int, ObjectType } from 'type-graphql';

/**
 * A credit alert (信用预警): a dealer's credit use went above the alert share of its limit.
 * `openKey` is unique while the condition lasts (cleared when use falls back below), so one
 * alert is raised per episode.
 */
@Entity({ tableName: 'credit_alert' })
@Index({ properties: ['dealerId', 'id'] })
@ObjectType({
  description:
    "A credit alert: a dealer's credit use (used + held) went above the alert share of its limit (default 90 %).",
})
export class CreditAlert extends AlertRecord {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable alert id.' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  dealerId!: string;

  @Property({ type: 'string', length: 40 })
  accountId!: string;

  /** Copy of the account's dealer region path, for region managers. */
  @Property({ type: 'string', length: 400 })
  dealerRegionPath!: string;

  /** Copy of the account's dealer chain, for parent dealers' events. */
  @Property({ type: 'string', length: 400 })
  dealerPath!: string;

  @Property({ type: 'string', length: 80, nullable: true, unique: true })
  openKey!: string | null;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Credit use when the alert was raised, in parts per million of the limit.' })
  utilizationPpm!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'The alert threshold, in percent of the limit.' })
  thresholdPercent!: number;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description: 'When credit use fell back below the threshold; null while it lasts.',
  })
  resolvedAt!: Date | null;
}
