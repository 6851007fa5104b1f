import { connectionType } from '@dnp/subgraph-kit';
import { Directive, Field, ObjectType } from 'type-graphql';
import { Reservation } from '../entities/reservation.entity.js';
import { UserError } from './inventory.type.js';

export const ReservationConnection = connectionType(Reservation, 'Reservation', 'stock reservation');

@ObjectType({ description: 'Result of reserveStock: the reservation, or why nothing was reserved.' })
@Directive('@inaccessible')
export class ReserveStockPayload {
  @Field(() => Reservation, {
    nullable: true,
    description: 'The reservation (new, or the existing one for this key); null when refused.',
  })
  reservation!: Reservation | null;

  @Field(() => [UserError], {
    description: 'Why nothing was reserved (e.g. INSUFFICIENT_STOCK per line); empty on success.',
  })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of releaseReservation.' })
@Directive('@inaccessible')
export class ReleaseReservationPayload {
  @Field(() => Boolean, {
    description:
      'True when nothing of the reservation remains held (released now or before, or all shipped); false for an ' +
      'unknown key or a refusal.',
  })
  released!: boolean;

  @Field(() => Reservation, { nullable: true, description: 'The reservation; null for an unknown key.' })
  reservation!: Reservation | null;

  @Field(() => [UserError], { description: 'Why it cannot be released (BAD_USER_INPUT); empty otherwise.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of commitReservation.' })
@Directive('@inaccessible')
export class CommitReservationPayload {
  @Field(() => Reservation, { nullable: true, description: 'The committed reservation; null when refused.' })
  reservation!: Reservation | null;

  @Field(() => [UserError], {
    description: 'Why it cannot be committed (NOT_FOUND, RESERVATION_RELEASED); empty on success.',
  })
  errors!: UserError[];
}
