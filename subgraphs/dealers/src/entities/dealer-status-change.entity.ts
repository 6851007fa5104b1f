import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType } from 'type-graphql';
import { DealerStatus } from './dealer.entity.js';

/** One change of a dealer's lifecycle state (admission, suspension, reinstatement, termination), kept forever. */
@Entity({ tableName: 'dealer_status_change' })
@Index({ properties: ['dealerId', 'at'] })
@ObjectType({ description: "One change of a dealer's lifecycle state, with who made it, when and why." })
export class DealerStatusChange {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @Property({ type: 'string', length: 40 })
  dealerId!: string;

  @Enum({ items: () => DealerStatus, nativeEnumName: undefined })
  @Field(() => DealerStatus, { description: 'State before the change (APPLICANT for an admission).' })
  fromStatus!: DealerStatus;

  @Enum({ items: () => DealerStatus, nativeEnumName: undefined })
  @Field(() => DealerStatus, { description: 'State after the change.' })
  toStatus!: DealerStatus;

  @Property({ type: 'string', length: 500 })
  @Field(() => String, { description: 'Why the state changed, as the person who changed it wrote it.' })
  reason!: string;

  @Property({ type: 'string', length: 40 })
  actorUserId!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'Display name (or user id) of whoever changed the state.' })
  actorName!: string;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the state changed.' })
  at!: Date;
}
