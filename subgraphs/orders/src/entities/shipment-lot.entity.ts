import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, Int, ObjectType } from 'type-graphql';

/** Lot id of units from no lot (products not tracked by lot): part of the primary key, so never null. */
export const NO_LOT = '';

@Entity({ tableName: 'shipment_lot' })
@ObjectType({ description: 'Units of one order line a shipment took from one lot (FEFO or chosen).' })
export class ShipmentLot {
  @PrimaryKey({ type: 'string', length: 40 })
  shipmentId!: string;

  @PrimaryKey({ type: 'string', length: 40 })
  orderLineId!: string;

  /** The lot, or NO_LOT. */
  @PrimaryKey({ type: 'string', length: 40 })
  lotId!: string;

  @Property({ type: 'string', length: 40 })
  productId!: string;

  @Property({ type: 'string', length: 60, nullable: true })
  @Field(() => String, { nullable: true, description: 'Lot number (批号); null for goods not tracked by lot.' })
  lotNumber!: string | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'Expiry of the lot; null when none.' })
  expiresAt!: Date | null;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Units shipped from this lot.' })
  quantity!: number;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Units of this lot the dealer signed for; null until delivered.' })
  receivedQuantity!: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Of them, units that arrived damaged.' })
  damagedQuantity!: number | null;
}
