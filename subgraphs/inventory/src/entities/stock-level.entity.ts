import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@Entity({ tableName: 'stock_level' })
@Unique({ properties: ['warehouseId', 'productId'] })
@Index({ properties: ['productId', 'warehouseId'] })
@ObjectType({ description: 'How much of one product one warehouse holds (库存).' })
export class StockLevel {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable stock level id.' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  warehouseId!: string;

  @Property({ type: 'string', length: 40 })
  productId!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Units physically in the warehouse, including reserved ones.' })
  onHand!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Units held for approved orders that have not shipped yet.' })
  reserved!: number;

  /** Units on hand held back from sale (returned goods awaiting inspection); never reserved. */
  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, {
    description: 'Units on hand held back from sale (待检/隔离: returned or damaged goods awaiting inspection).',
  })
  quarantined!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Level under which the product should be replenished (安全库存).' })
  safetyStock!: number;

  /** Bumped by every change, so concurrent writers can detect each other. */
  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Incremented on every change of this stock level.' })
  version!: number;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the stock level last changed.' })
  updatedAt!: Date;
}
