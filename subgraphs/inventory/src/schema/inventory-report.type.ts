import { LocalDateScalar } from '@dnp/subgraph-kit';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ProductRef } from './federation.type.js';

@ObjectType({ description: "One product's stock flow in the report's warehouse over its business days." })
export class InventoryReportRow {
  @Field(() => ID, { description: 'The warehouse.' })
  warehouseId!: string;

  @Field(() => ProductRef, { description: 'The product.' })
  product!: ProductRef;

  @Field(() => Int, { description: 'Units on hand at the close of the day before `from`.' })
  openingUnits!: number;

  @Field(() => Int, { description: 'Units that came in over the range (receipts, transfers in, returns in).' })
  inUnits!: number;

  @Field(() => Int, { description: 'Units that went out over the range (shipments, transfers out, write-offs).' })
  outUnits!: number;

  @Field(() => Int, { description: 'Units on hand at the close of `to`.' })
  closingUnits!: number;

  @Field(() => Float, { description: 'Average stock: (opening + closing) / 2.' })
  averageUnits!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Turnover (库存周转率): out units over average stock, two decimals; null when the average is 0.',
  })
  turnover!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Days of stock (可售天数): closing units over the average daily out units; null with no out units.',
  })
  daysOfStock!: number | null;
}

@ObjectType({ description: 'The inventory report of one warehouse over a range of business days (rr §9).' })
export class InventoryReport {
  @Field(() => ID, { description: 'The warehouse.' })
  warehouseId!: string;

  @Field(() => LocalDateScalar, { description: 'First business day.' })
  from!: string;

  @Field(() => LocalDateScalar, { description: 'Last business day (inclusive).' })
  to!: string;

  @Field(() => Int, { description: 'Business days in the range.' })
  days!: number;

  @Field(() => [InventoryReportRow], { description: 'This page of products, in product id order.' })
  rows!: InventoryReportRow[];

  @Field(() => Int, { description: 'Products in the report in all (those with stock facts up to `to`).' })
  totalCount!: number;
}
