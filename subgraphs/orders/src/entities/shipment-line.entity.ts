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
  @Field(() => Int, { description: 'Units of the order line in this shipment (after a split: what it shipped).' })
  quantity!: number;

  /** The order line's product (a copy; null on legacy rows). */
  @Property({ type: 'string', length: 40, nullable: true })
  productId?: string | null;

  /** Gross value of the units shipped, by the parts rule; fixed when the shipment ships. */
  @Property({ type: 'integer', nullable: true })
  grossMinor?: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Units the dealer signed for; null until delivered.' })
  receivedQuantity?: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Of the received units, how many arrived damaged.' })
  damagedQuantity?: number | null;

  /** Good units in non-rejected dealer returns (the return guard). */
  @Property({ type: 'integer', default: 0 })
  returnedQuantity?: number;

  /** Units in discrepancy claims (damaged and short). */
  @Property({ type: 'integer', default: 0 })
  claimedQuantity?: number;
}
