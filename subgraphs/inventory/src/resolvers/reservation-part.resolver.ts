import { Grant } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, Directive, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { InventoryContext } from '../inventory-context.js';
import { CommitReservationPartInput } from '../schema/reservation-part.input.js';
import { CommitReservationPartPayload, PickListEntry } from '../schema/reservation-part.type.js';
import { ReservationPartService } from '../services/reservation-part.service.js';

const parts = new ReservationPartService();

/** Shipping a reservation in parts, and what remains to pick (service only). */
@Resolver()
export class ReservationPartResolver {
  @Authorized(Grant.SERVICE)
  @Query(() => [PickListEntry], {
    description: "What remains to pick of an order's reservation in one warehouse, first-expiry-first (service only).",
  })
  @Directive('@inaccessible')
  pickList(
    @Ctx() ctx: InventoryContext,
    @Arg('key', () => String, { description: 'Key the reservation was made with (the order id).' }) key: string,
    @Arg('warehouseId', () => ID, { description: 'Warehouse to pick in.' }) warehouseId: string,
  ) {
    return parts.pickList(ctx, key, warehouseId);
  }

  @Authorized(Grant.SERVICE)
  @Mutation(() => CommitReservationPartPayload, {
    description:
      'Ships one part of a reservation: its units leave on hand and reserved, with SHIPMENT ledger entries ' +
      '(service only; idempotent by partKey).',
  })
  @Directive('@inaccessible')
  async commitReservationPart(
    @Ctx() ctx: InventoryContext,
    @Arg('input', () => CommitReservationPartInput, { description: 'The part: reservation key, part key, lines.' })
    input: CommitReservationPartInput,
  ) {
    return Object.assign(new CommitReservationPartPayload(), await parts.commitPart(ctx, input));
  }
}
