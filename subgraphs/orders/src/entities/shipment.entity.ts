import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/** Where a shipment stands. */
export enum ShipmentStatus {
  PENDING = 'PENDING',
  SHIPPED = 'SHIPPED',
  DELIVERED = 'DELIVERED',
}
registerEnumType(ShipmentStatus, {
  name: 'ShipmentStatus',
  description: 'Where a shipment stands.',
  valuesConfig: {
    PENDING: { description: 'Planned: stock is reserved in the warehouse but nothing has left yet.' },
    SHIPPED: { description: 'Left the warehouse; in transit.' },
    DELIVERED: { description: 'Received by the dealer.' },
  },
});

@Entity({ tableName: 'shipment' })
@ObjectType({ description: 'The part of an order one warehouse sends (智能分单 splits an order by warehouse).' })
@Directive('@key(fields: "id")')
export class Shipment {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable shipment id ("shp_…").' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  orderId!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  warehouseId!: string;

  @Enum({ items: () => ShipmentStatus, nativeEnumName: undefined })
  @Field(() => ShipmentStatus, { description: 'Current status.' })
  status!: ShipmentStatus;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it left the warehouse; null while pending.' })
  shippedAt!: Date | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the dealer received it; null until delivered.' })
  deliveredAt!: Date | null;

  @Property({ type: 'string', length: 40, nullable: true })
  @Field(() => String, { nullable: true, description: "Carrier's tracking number; null while pending." })
  trackingNumber!: string | null;
}
