import { Grants, servedByGateway, subscriptionsViaGateway } from '@dnp/subgraph-kit';
import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { DiversionAlert } from '../entities/diversion-alert.entity.js';
import { SerialCode } from '../entities/serial-code.entity.js';
import { TraceEvent } from '../entities/trace-event.entity.js';
import { DiversionAlertService } from '../services/diversion-alert.service.js';
import { splitIds } from '../services/diversion.service.js';
import type { TraceabilityContext } from '../traceability-context.js';
import { DealerRef, ProductRef, ref, RegionRef, UserRef } from '../schema/refs.type.js';
import { DiversionAlertFilter } from '../schema/trace.input.js';
import { DiversionAlertConnection } from '../schema/trace.type.js';

const alerts = new DiversionAlertService();

@Resolver(() => DiversionAlert)
export class DiversionAlertResolver {
  @Authorized(...Grants.MANAGERS)
  @Query(() => DiversionAlertConnection, {
    description:
      'Diversion (窜货) alerts, newest first: all for HQ, those detected in their region subtree for managers; ' +
      'FORBIDDEN for dealers.',
  })
  diversionAlerts(
    @Ctx() ctx: TraceabilityContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => DiversionAlertFilter, { nullable: true, description: 'Conditions the alerts must meet.' })
    filter?: DiversionAlertFilter,
  ) {
    return alerts.list(ctx, { first, after, filter });
  }

  @Authorized(...Grants.MANAGERS)
  @Query(() => DiversionAlert, {
    nullable: true,
    description:
      'One diversion alert by id: HQ, or the manager of the region where it was detected; ' +
      'FORBIDDEN for dealers, NOT_FOUND otherwise.',
  })
  diversionAlert(@Ctx() ctx: TraceabilityContext, @Arg('id', () => ID, { description: 'Alert id.' }) id: string) {
    return alerts.byId(ctx, id);
  }

  @Authorized(...Grants.MANAGERS)
  @Subscription(() => DiversionAlert, {
    subscribe: servedByGateway,
    description:
      'Each diversion (窜货) alert as it is raised, for HQ and the managers of the region where it was detected; ' +
      'served by the gateway over graphql-ws. Pass the last `extensions.event.position` as `after` to catch up ' +
      'after a reconnect.',
  })
  diversionDetected(
    @Arg('after', () => String, {
      nullable: true,
      description:
        'Position of the last event received (`extensions.event.position`): events after it are replayed first.',
    })
    _after?: string,
  ): DiversionAlert {
    throw subscriptionsViaGateway();
  }

  @Authorized(...Grants.MANAGERS)
  @Mutation(() => DiversionAlert, {
    description:
      'Marks an open diversion alert as being investigated (HQ, or the manager of the region where it was detected).',
  })
  acknowledgeDiversionAlert(
    @Ctx() ctx: TraceabilityContext,
    @Arg('id', () => ID, { description: 'Alert id.' }) id: string,
  ) {
    return alerts.acknowledge(ctx, id);
  }

  @Authorized(...Grants.MANAGERS)
  @Mutation(() => DiversionAlert, {
    description: 'Closes a diversion alert (HQ, or the manager of the region where it was detected).',
  })
  resolveDiversionAlert(
    @Ctx() ctx: TraceabilityContext,
    @Arg('id', () => ID, { description: 'Alert id.' }) id: string,
  ) {
    return alerts.resolve(ctx, id);
  }

  @FieldResolver(() => SerialCode, {
    nullable: true,
    description: 'The diverted code (null only if it has since been deleted).',
  })
  serialCode(@Root() alert: DiversionAlert, @Ctx() ctx: TraceabilityContext) {
    // Seeing the alert is the authorization to see the code it is about.
    return ctx.loaders.codeByCode.load(alert.code);
  }

  @FieldResolver(() => ProductRef, { description: 'The product of the diverted code.' })
  product(@Root() alert: DiversionAlert) {
    return ref<ProductRef>(alert.productId);
  }

  @FieldResolver(() => DealerRef, { description: 'The dealer the code was shipped to (whose territory it left).' })
  ownerDealer(@Root() alert: DiversionAlert) {
    return ref<DealerRef>(alert.ownerDealerId);
  }

  @FieldResolver(() => [RegionRef], { description: "The owner's authorized regions when the alert was raised." })
  ownerAuthorizedRegions(@Root() alert: DiversionAlert) {
    return splitIds(alert.ownerAuthorizedRegionIds).map((id) => ref<RegionRef>(id)!);
  }

  @FieldResolver(() => RegionRef, { description: 'Where the code was sold or scanned.' })
  detectedRegion(@Root() alert: DiversionAlert) {
    return ref<RegionRef>(alert.detectedRegionId);
  }

  @FieldResolver(() => DealerRef, {
    nullable: true,
    description: 'The dealer whose user sold or scanned it; null for HQ inspectors.',
  })
  detectedByDealer(@Root() alert: DiversionAlert) {
    return ref<DealerRef>(alert.detectedByDealerId);
  }

  @FieldResolver(() => TraceEvent, { nullable: true, description: 'The sale or scan event that raised the alert.' })
  event(@Root() alert: DiversionAlert, @Ctx() ctx: TraceabilityContext) {
    return ctx.loaders.eventById.load(alert.eventId);
  }

  @FieldResolver(() => UserRef, { nullable: true, description: 'Who acknowledged the alert; null while open.' })
  acknowledgedBy(@Root() alert: DiversionAlert) {
    return ref<UserRef>(alert.acknowledgedBy);
  }
}
