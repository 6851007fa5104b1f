import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Where a retail price came from. */
export enum RetailPriceSource {
  REPORT = 'REPORT',
  SCAN = 'SCAN',
}
registerEnumType(RetailPriceSource, {
  name: 'RetailPriceSource',
  description: 'Where a retail price came from.',
  valuesConfig: {
    REPORT: { description: 'Reported by a dealer user or HQ (reportRetailPrice).' },
    SCAN: { description: 'Entered with a SELL scan of a serial code at the till (traceability.retail_sold).' },
  },
});

/** One observed retail price of a product at a dealer in a region (reported or scanned). */
@Entity({ tableName: 'retail_price_report' })
@Index({ properties: ['dealerId', 'id'] })
@ObjectType({ description: 'One observed retail price of a product at a dealer in a region.' })
export class RetailPriceReport {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable id ("rpr_…").' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  productId!: string;

  @Property({ type: 'string', length: 40 })
  dealerId!: string;

  @Property({ type: 'string', length: 40 })
  regionId!: string;

  /** Materialized path of the region, for region managers' scope. */
  @Property({ type: 'string', length: 400 })
  regionPath!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'The retail price in fen (分).' })
  priceMinor!: number;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'The minimum resale price that applied, in fen; null when none did.',
  })
  minimumMinor!: number | null;

  @Property({ type: 'string', length: 8 })
  @Field(() => RetailPriceSource, { description: 'Reported or scanned.' })
  source!: RetailPriceSource;

  @Property({ type: 'string', length: 24, nullable: true })
  @Field(() => String, { nullable: true, description: 'The serial code of the unit, when known.' })
  code!: string | null;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Free note of the reporter.' })
  note!: string | null;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the price was seen (or the unit sold).' })
  observedAt!: Date;

  /** Who reported it; null for a scan filed by the consumer. */
  @Property({ type: 'string', length: 60, nullable: true })
  reportedBy!: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  @Field(() => ID, { nullable: true, description: 'The price violation it raised or joined; null when none.' })
  violationId!: string | null;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the report was filed.' })
  createdAt!: Date;
}
