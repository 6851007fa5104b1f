import { AlertRecord } from '@dnp/subgraph-kit';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { RetailPriceSource } from './retail-price-report.entity.js';

/** Work state of a price violation. */
export enum PriceViolationStatus {
  OPEN = 'OPEN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  RESOLVED = 'RESOLVED',
}
registerEnumType(PriceViolationStatus, {
  name: 'PriceViolationStatus',
  description: 'Work state of a price violation (乱价).',
  valuesConfig: {
    OPEN: { description: 'New; nobody has looked at it yet.' },
    ACKNOWLEDGED: { description: 'Seen and being followed up.' },
    RESOLVED: { description: 'Closed; a later report below the minimum raises a new violation.' },
  },
});

/**
 * A price violation (乱价): a retail price below the minimum resale price. Raised once per dealer ×
 * product × region × business day while open (`openKey`); later reports that day join it.
 */
@Entity({ tableName: 'price_violation' })
@Index({ properties: ['dealerId', 'id'] })
@ObjectType({ description: 'A retail price below the minimum resale price (乱价), naming the dealer and the code.' })
@Directive('@key(fields: "id")')
export class PriceViolation extends AlertRecord {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable id ("pvl_…").' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  dealerId!: string;

  @Property({ type: 'string', length: 40 })
  productId!: string;

  @Property({ type: 'string', length: 40 })
  regionId!: string;

  /** Materialized path of the region, so a manager's scope is one LIKE. */
  @Property({ type: 'string', length: 400 })
  @Index()
  regionPath!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'The retail price that raised it, in fen.' })
  priceMinor!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'The minimum resale price it fell below, in fen.' })
  minimumMinor!: number;

  @Property({ type: 'string', length: 24, nullable: true })
  @Field(() => String, { nullable: true, description: 'The serial code when the price came from a scan or named one.' })
  code!: string | null;

  @Property({ type: 'string', length: 8 })
  @Field(() => RetailPriceSource, { description: 'Whether a report or a scan raised it.' })
  source!: RetailPriceSource;

  @Property({ type: 'string', length: 40 })
  reportId!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => String, { description: "The brand's business day (YYYY-MM-DD) of the retail price." })
  businessDay!: string;

  @Property({ type: 'string', length: 140, nullable: true, unique: true })
  openKey!: string | null;

  @Enum({ items: () => PriceViolationStatus, nativeEnumName: undefined })
  @Index()
  @Field(() => PriceViolationStatus, { description: 'Work state.' })
  status!: PriceViolationStatus;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was resolved; null while open or acknowledged.' })
  resolvedAt!: Date | null;
}
