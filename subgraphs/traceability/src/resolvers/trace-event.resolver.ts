import { FieldResolver, Resolver, Root } from 'type-graphql';
import { TraceEvent } from '../entities/trace-event.entity.js';
import { DealerRef, ref, RegionRef, UserRef, WarehouseRef } from '../schema/refs.type.js';

@Resolver(() => TraceEvent)
export class TraceEventResolver {
  @FieldResolver(() => DealerRef, {
    nullable: true,
    description: 'The dealer involved: shipped to, received by, or selling/scanning.',
  })
  dealer(@Root() event: TraceEvent) {
    return ref<DealerRef>(event.dealerId);
  }

  @FieldResolver(() => WarehouseRef, { nullable: true, description: 'The warehouse where it happened, when known.' })
  warehouse(@Root() event: TraceEvent) {
    return ref<WarehouseRef>(event.warehouseId);
  }

  @FieldResolver(() => RegionRef, {
    nullable: true,
    description: 'The region (usually a city) where it happened, when known.',
  })
  region(@Root() event: TraceEvent) {
    return ref<RegionRef>(event.regionId);
  }

  @FieldResolver(() => UserRef, { nullable: true, description: 'The user who recorded it; null for system events.' })
  actor(@Root() event: TraceEvent) {
    return ref<UserRef>(event.actorUserId);
  }
}
