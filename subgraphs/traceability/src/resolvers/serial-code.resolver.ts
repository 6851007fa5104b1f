import { Grant, Grants, toUserErrors } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { SerialCode } from '../entities/serial-code.entity.js';
import { TraceEvent } from '../entities/trace-event.entity.js';
import { ScanService } from '../services/scan.service.js';
import { SerialCodeService } from '../services/serial-code.service.js';
import type { TraceabilityContext } from '../traceability-context.js';
import { DealerRef, ProductRef, ref, ShipmentRef, WarehouseRef } from '../schema/refs.type.js';
import { ScanCodeInput } from '../schema/trace.input.js';
import { ScanCodePayload } from '../schema/trace.type.js';

const codes = new SerialCodeService();
const scans = new ScanService();

@Resolver(() => SerialCode)
export class SerialCodeResolver {
  @Authorized(...Grants.DEALER_READERS)
  @Query(() => SerialCode, {
    nullable: true,
    description:
      'One serial code with its trace history. BAD_USER_INPUT when malformed; NOT_FOUND when unknown or outside ' +
      'your scope; UNAUTHENTICATED for anonymous and partner callers.',
  })
  traceCode(
    @Ctx() ctx: TraceabilityContext,
    @Arg('code', () => String, { description: 'The printed code, e.g. "JH0123456789ABCDEF" (case-insensitive).' })
    code: string,
  ) {
    return codes.trace(ctx, code);
  }

  @Authorized(Grant.HQ_ADMIN, Grant.SERVICE, ...Grants.DEALER_USERS)
  @Mutation(() => ScanCodePayload, {
    description:
      'Records a sale, receipt or inspection scan of a code (dealer users: their own codes; HQ: any). ' +
      "Raises a diversion alert when a sale or scan happens outside the owner's authorized regions.",
  })
  async scanCode(
    @Ctx() ctx: TraceabilityContext,
    @Arg('input', () => ScanCodeInput, { description: 'The scan.' }) input: ScanCodeInput,
  ) {
    const result = await scans.scan(ctx, input);
    return Object.assign(new ScanCodePayload(), { ...result, errors: toUserErrors(result.errors) });
  }

  @FieldResolver(() => ProductRef, { description: 'The product the code is printed for.' })
  product(@Root() code: SerialCode) {
    return ref<ProductRef>(code.productId);
  }

  @FieldResolver(() => SerialCode, {
    nullable: true,
    description: 'The case or pallet this code is packed in; null at the top or when outside your scope.',
  })
  parent(@Root() code: SerialCode, @Ctx() ctx: TraceabilityContext) {
    return codes.visible(ctx, code.parentCode);
  }

  @FieldResolver(() => [SerialCode], {
    description: 'Codes packed directly in this case or pallet, by code; empty for items.',
  })
  children(@Root() code: SerialCode, @Ctx() ctx: TraceabilityContext) {
    return codes.children(ctx, code.code);
  }

  @FieldResolver(() => DealerRef, {
    nullable: true,
    description: 'The dealer the code was shipped to; null while HQ holds it.',
  })
  ownerDealer(@Root() code: SerialCode) {
    return ref<DealerRef>(code.ownerDealerId);
  }

  @FieldResolver(() => WarehouseRef, {
    nullable: true,
    description:
      "The warehouse holding the code: the brand's before shipping and after a return, the dealer's once " +
      'received; null in transit and once sold.',
  })
  locationWarehouse(@Root() code: SerialCode) {
    return ref<WarehouseRef>(code.locationWarehouseId);
  }

  @FieldResolver(() => ShipmentRef, {
    nullable: true,
    description: 'The shipment that last carried the code to a dealer; null until shipped.',
  })
  shipment(@Root() code: SerialCode) {
    return ref<ShipmentRef>(code.shipmentId);
  }

  @FieldResolver(() => [TraceEvent], { description: 'The trace history of the code, oldest first.' })
  events(@Root() code: SerialCode, @Ctx() ctx: TraceabilityContext) {
    return codes.events(ctx, code.code);
  }
}
