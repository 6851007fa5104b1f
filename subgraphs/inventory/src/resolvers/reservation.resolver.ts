import { Grant, Grants } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, Directive, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Reservation, ReservationLine } from '../entities/reservation.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import { ReservationService } from '../services/reservation.service.js';
import { ReservationFilter, ReserveStockInput } from '../schema/reservation.input.js';
import {
  CommitReservationPayload,
  ReleaseReservationPayload,
  ReservationConnection,
  ReserveStockPayload,
} from '../schema/reservation.type.js';

const reservations = new ReservationService();

@Resolver(() => Reservation)
export class ReservationResolver {
  @Authorized(...Grants.HQ)
  @Query(() => ReservationConnection, {
    description: 'Stock reservations made by the order saga, newest first (HQ only; FORBIDDEN for others).',
  })
  reservations(
    @Ctx() ctx: InventoryContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => ReservationFilter, { nullable: true, description: 'Conditions the reservations must meet.' })
    filter?: ReservationFilter,
  ) {
    return reservations.list(ctx, { first, after, filter });
  }

  @Authorized(Grant.SERVICE)
  @Mutation(() => ReserveStockPayload, {
    description:
      'Reserves stock for an order, all lines or none, nearest warehouses first and lots first-expiry-first ' +
      '(service only; idempotent by key).',
  })
  @Directive('@inaccessible')
  async reserveStock(
    @Ctx() ctx: InventoryContext,
    @Arg('input', () => ReserveStockInput, { description: 'What to reserve, for whom, under which key.' })
    input: ReserveStockInput,
  ) {
    return Object.assign(new ReserveStockPayload(), await reservations.reserve(ctx, input));
  }

  @Authorized(Grant.SERVICE)
  @Mutation(() => ReleaseReservationPayload, {
    description:
      "Gives back what remains of a reservation (the saga's compensation, the cancel of the rest; service only; " +
      'idempotent). A partly shipped reservation ends COMMITTED.',
  })
  @Directive('@inaccessible')
  async releaseReservation(
    @Ctx() ctx: InventoryContext,
    @Arg('key', () => String, { description: 'Key the reservation was made with.' }) key: string,
  ) {
    return Object.assign(new ReleaseReservationPayload(), await reservations.release(ctx, key));
  }

  @Authorized(Grant.SERVICE)
  @Mutation(() => CommitReservationPayload, {
    description:
      'Ships what remains of a reservation: its units leave on hand and reserved, with SHIPMENT ledger entries ' +
      '(service only; idempotent).',
  })
  @Directive('@inaccessible')
  async commitReservation(
    @Ctx() ctx: InventoryContext,
    @Arg('key', () => String, { description: 'Key the reservation was made with.' }) key: string,
  ) {
    return Object.assign(new CommitReservationPayload(), await reservations.commit(ctx, key));
  }

  @FieldResolver(() => [ReservationLine], { description: 'Units reserved per product, warehouse and lot.' })
  lines(@Root() reservation: Reservation, @Ctx() ctx: InventoryContext) {
    return reservations.lines(ctx, reservation);
  }
}
