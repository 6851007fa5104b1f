import { Property } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType } from 'type-graphql';

/**
 * The columns and GraphQL fields every raised-and-acknowledged alert shares (credit, inventory,
 * order alerts): when it was raised and who acknowledged it when. A mapped superclass: each
 * alert entity extends it and keeps its own table; `alert-lifecycle.ts` writes these columns.
 * type-graphql merges a decorated superclass's fields into each alert type; AlertRecord itself is
 * never returned by a field, so it does not appear in the schema.
 */
@ObjectType({ description: 'Columns every acknowledgeable alert shares (not itself in the schema).' })
export abstract class AlertRecord {
  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the alert was raised.' })
  raisedAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When someone acknowledged the alert; null until then.' })
  acknowledgedAt!: Date | null;

  @Property({ type: 'string', length: 60, nullable: true })
  @Field(() => String, { nullable: true, description: 'User id of whoever acknowledged it.' })
  acknowledgedBy!: string | null;
}
