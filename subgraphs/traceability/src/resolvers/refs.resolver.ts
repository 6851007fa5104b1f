import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { SerialCodeService } from '../services/serial-code.service.js';
import { ProductRef, ShipmentRef } from '../schema/refs.type.js';
import { SerialCodeConnection } from '../schema/trace.type.js';
import type { TraceabilityContext } from '../traceability-context.js';

const codes = new SerialCodeService();

@Resolver(() => ProductRef)
export class ProductRefResolver {
  @FieldResolver(() => Int, {
    description:
      "How many item-level serial codes (一物一码) exist for this product within the caller's scope: all for HQ, " +
      "their own for a dealer, their region's dealers for a manager, 0 for anonymous callers.",
  })
  serialCodeCount(@Root() product: ProductRef, @Ctx() ctx: TraceabilityContext) {
    return codes.itemCount(ctx, product.id);
  }
}

@Resolver(() => ShipmentRef)
export class ShipmentRefResolver {
  @FieldResolver(() => SerialCodeConnection, {
    description:
      'The serial codes that left with this shipment (cases, pallets and their contents), by code, within your ' +
      "scope: all for HQ, a dealer's own, those lying in an operator's warehouses.",
  })
  serialCodes(
    @Root() shipment: ShipmentRef,
    @Ctx() ctx: TraceabilityContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
  ) {
    return codes.byShipment(ctx, shipment.id, { first, after });
  }
}
