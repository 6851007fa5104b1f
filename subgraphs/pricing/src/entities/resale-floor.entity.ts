import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';

/**
 * A minimum resale price (最低零售价, 控价) of one product in one region and its subtree: a retail
 * price reported or scanned below it is price disorder (乱价). One row per product and region
 * (setMinimumResalePrice replaces it); the most specific region on a report's path decides.
 */
@Entity({ tableName: 'resale_floor' })
@Unique({ properties: ['productId', 'regionId'] })
@ObjectType('MinimumResalePrice', {
  description: 'A minimum resale price (最低零售价) of a product in a region and its subtree (控价).',
})
export class ResaleFloor {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable id ("rsf_…").' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  productId!: string;

  @Property({ type: 'string', length: 40 })
  regionId!: string;

  /** Materialized path of the region ("/reg_cn/reg_east/"), so a report's path finds every floor above it. */
  @Property({ type: 'string', length: 400 })
  regionPath!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'The minimum retail price in fen (分).' })
  minPriceMinor!: number;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'First instant the minimum applies.' })
  validFrom!: Date;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'First instant it no longer applies; null when open-ended.' })
  validTo!: Date | null;

  @Property({ type: 'string', length: 60 })
  updatedBy!: string;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the minimum was last set.' })
  updatedAt!: Date;
}
