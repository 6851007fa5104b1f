import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, Int, ObjectType } from 'type-graphql';

@Entity({ tableName: 'shipment_line' })
@ObjectType({ description: 'How much of one order line a shipment carries.' })
export class ShipmentLine {
  @PrimaryKey({ type: 'string', length: 40 })
  shipmentId!: string;

  @PrimaryKey({ type: 'string', length: 40 })
  @Index()
  orderLineId!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Units of the order line in this shipment.' })
  quantity!: number;
}
