import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ExpiryStatus } from '../entities/lot.entity.js';
import { Reservation } from '../entities/reservation.entity.js';
import { UserError } from './inventory.type.js';

@ObjectType({ description: 'What remains to pick of one reservation line (service only).' })
@Directive('@inaccessible')
export class PickListEntry {
  @Field(() => ID, { description: 'The reservation line.' })
  reservationLineId!: string;

  @Field(() => ID, { description: 'Product to pick.' })
  productId!: string;

  @Field(() => ID, { description: 'Warehouse to pick in.' })
  warehouseId!: string;

  @Field(() => ID, { nullable: true, description: 'Lot to pick from; null for stock held without a lot.' })
  lotId!: string | null;

  @Field(() => String, { nullable: true, description: "The lot's batch number; null without a lot." })
  lotNumber!: string | null;

  @Field(() => Date, { nullable: true, description: "The lot's expiry; null without a lot." })
  expiresAt!: Date | null;

  @Field(() => ExpiryStatus, {
    nullable: true,
    description: "The lot's expiry warning level (as Lot.expiryStatus); null without a lot.",
  })
  expiryStatus!: ExpiryStatus | null;

  @Field(() => Int, { description: 'Units left to pick: reserved, neither shipped nor given back.' })
  quantity!: number;
}

@ObjectType({ description: 'Units of one lot that a committed part took (service only).' })
@Directive('@inaccessible')
export class CommittedLot {
  @Field(() => ID, { description: 'Product shipped.' })
  productId!: string;

  @Field(() => ID, { description: 'Warehouse it shipped from.' })
  warehouseId!: string;

  @Field(() => ID, { nullable: true, description: 'Lot it came from; null for stock held without a lot.' })
  lotId!: string | null;

  @Field(() => String, { nullable: true, description: "The lot's batch number; null without a lot." })
  lotNumber!: string | null;

  @Field(() => Date, { nullable: true, description: "The lot's expiry; null without a lot." })
  expiresAt!: Date | null;

  @Field(() => Int, { description: 'Units shipped.' })
  quantity!: number;
}

@ObjectType({ description: 'Result of commitReservationPart: the reservation and the lots the part took.' })
@Directive('@inaccessible')
export class CommitReservationPartPayload {
  @Field(() => Reservation, { nullable: true, description: 'The reservation after the part; null when refused.' })
  reservation!: Reservation | null;

  @Field(() => [CommittedLot], { description: 'Units committed per lot (the same on a replay); empty when refused.' })
  lots!: CommittedLot[];

  @Field(() => [UserError], {
    description:
      'Why nothing was committed (NOT_FOUND, RESERVATION_RELEASED, LOT_NOT_RESERVED, IDEMPOTENCY_KEY_REUSED, ' +
      'BAD_USER_INPUT); empty on success.',
  })
  errors!: UserError[];
}
