import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Life cycle of a stock reservation. */
export enum ReservationStatus {
  ACTIVE = 'ACTIVE',
  RELEASED = 'RELEASED',
  COMMITTED = 'COMMITTED',
}
registerEnumType(ReservationStatus, {
  name: 'ReservationStatus',
  description: 'Life cycle of a stock reservation made for an order.',
  valuesConfig: {
    ACTIVE: {
      description: 'Some units are still held (a line has a remainder): counted in reserved, not available to others.',
    },
    RELEASED: { description: 'Given back before anything shipped (order rejected or cancelled).' },
    COMMITTED: {
      description:
        'Nothing remains and something shipped: the shipped units left the warehouse, any rest was given back.',
    },
  },
});

@Entity({ tableName: 'reservation' })
@Index({ properties: ['dealerId', 'id'] })
@Index({ properties: ['status', 'id'] })
@ObjectType({
  description: 'Stock held for one order (预占库存), split over warehouses and lots; made by the order saga.',
})
export class Reservation {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable reservation id ("rsv_…").' })
  id!: string;

  /** Idempotency key chosen by the caller (the order id): one reservation per key, ever. */
  @Property({ type: 'string', length: 120, unique: true })
  @Field(() => String, { description: 'Idempotency key the reservation was made with (the order id).' })
  key!: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Id of the dealer the stock is reserved for.' })
  dealerId!: string;

  @Enum({ items: () => ReservationStatus, nativeEnumName: undefined })
  @Field(() => ReservationStatus, {
    description: 'ACTIVE while a line has a remainder; then COMMITTED when anything shipped, else RELEASED.',
  })
  status!: ReservationStatus;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the stock was reserved.' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the status last changed.' })
  updatedAt!: Date;
}

@Entity({ tableName: 'reservation_line' })
@ObjectType({ description: 'Units of one product reserved in one warehouse, from one lot (or from unlotted stock).' })
export class ReservationLine {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  reservationId!: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Id of the product reserved.' })
  productId!: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Id of the warehouse the units are held in (and will ship from).' })
  warehouseId!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  @Field(() => ID, {
    nullable: true,
    description: 'Id of the lot the units come from; null for stock held without a lot.',
  })
  lotId!: string | null;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Units reserved.' })
  quantity!: number;

  /** Units shipped by commits (whole or in parts); `quantity − committed − released` is the remainder. */
  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Units of the line that shipped.' })
  committed!: number;

  /** Units given back by a release of the remainder. */
  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Units of the line given back unshipped.' })
  released!: number;
}
