import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { SerialCodeService } from '../services/serial-code.service.js';
import { ProductRef } from '../schema/refs.type.js';
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
