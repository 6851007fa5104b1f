import { ExpiryStatus } from '@dnp/subgraph-kit';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

// The kit's enum, re-exported for this subgraph's own modules.
export { ExpiryStatus };

@Entity({ tableName: 'lot' })
@Unique({ properties: ['warehouseId', 'productId', 'lotNumber'] })
@Index({ properties: ['productId', 'warehouseId'] })
@Index({ properties: ['expiresAt', 'id'] })
@ObjectType({ description: 'A production batch of a product held in one warehouse (批次), with its expiry date.' })
@Directive('@key(fields: "id")')
export class Lot {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable lot id.' })
  id!: string;

  @Property({ type: 'string', length: 64 })
  @Field(() => String, { description: 'Batch number printed on the packaging.' })
  lotNumber!: string;

  @Property({ type: 'string', length: 40 })
  productId!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  warehouseId!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Units of this lot still in the warehouse, including reserved ones.' })
  quantity!: number;

  /** Units of this lot held by active reservations; never above `quantity`. */
  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, {
    description: 'Units of this lot reserved for orders that have not shipped yet (at most quantity).',
  })
  reserved!: number;

  /** Units of this lot held back from sale; `reserved + quarantined` never exceeds `quantity`. */
  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Units of this lot held back from sale (quarantined), never reserved.' })
  quarantined!: number;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the batch was produced.' })
  producedAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the batch expires (production date plus shelf life).' })
  expiresAt!: Date;
}
