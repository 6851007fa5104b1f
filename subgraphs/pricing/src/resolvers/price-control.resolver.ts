import { Grant, Grants, Money, servedByGateway, subscriptionsViaGateway, toUserErrors } from '@dnp/subgraph-kit';
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
import { PriceViolation } from '../entities/price-violation.entity.js';
import { ResaleFloor } from '../entities/resale-floor.entity.js';
import { RetailPriceReport } from '../entities/retail-price-report.entity.js';
import type { PricingContext } from '../pricing-context.js';
import { DealerRef } from '../schema/dealer-ref.type.js';
import {
  MinimumResalePriceFilter,
  MinimumResalePriceInput,
  PriceViolationFilter,
  PriceViolationGroupBy,
  RetailPriceReportInput,
} from '../schema/price-control.input.js';
import {
  MinimumResalePriceConnection,
  MinimumResalePricePayload,
  PriceViolationConnection,
  PriceViolationGroup,
  RetailPriceReportPayload,
} from '../schema/price-control.type.js';
import { ProductRef } from '../schema/product-ref.type.js';
import { RegionRef } from '../schema/region-ref.type.js';
import { PriceViolationService } from '../services/price-violation.service.js';
import { ResaleFloorService, type ResaleFloorResult } from '../services/resale-floor.service.js';
import { RetailPriceService } from '../services/retail-price.service.js';

const floors = new ResaleFloorService();
const reports = new RetailPriceService();
const violations = new PriceViolationService();
const CNY = 'CNY';

function floorPayload(result: ResaleFloorResult): MinimumResalePricePayload {
  return Object.assign(new MinimumResalePricePayload(), {
    minimumResalePrice: result.floor,
    errors: toUserErrors(result.errors),
  });
}

const productOf = (row: { productId: string }) => Object.assign(new ProductRef(), { id: row.productId });
const regionOf = (row: { regionId: string }) => Object.assign(new RegionRef(), { id: row.regionId });
const dealerOf = (row: { dealerId: string }) => Object.assign(new DealerRef(), { id: row.dealerId });
const pageArgs = {
  first: { nullable: true, description: 'Page size, 0 to 100 (default 20).' },
  after: { nullable: true, description: 'Cursor of the edge to continue after.' },
};

@Resolver(() => ResaleFloor)
export class ResaleFloorResolver {
  @Authorized(...Grants.STAFF)
  @Query(() => MinimumResalePriceConnection, {
    description: 'Minimum resale prices (控价) per product and region, newest first; for staff and dealer users.',
  })
  minimumResalePrices(
    @Ctx() ctx: PricingContext,
    @Arg('filter', () => MinimumResalePriceFilter, { nullable: true, description: 'Conditions to meet.' })
    filter?: MinimumResalePriceFilter,
    @Arg('first', () => Int, pageArgs.first) first?: number,
    @Arg('after', () => String, pageArgs.after) after?: string,
  ) {
    return floors.list(ctx, filter, { first, after });
  }

  @Authorized(...Grants.HQ)
  @Mutation(() => MinimumResalePricePayload, {
    description:
      'Sets (or replaces) the minimum resale price of a product in a region and its subtree (HQ_ADMIN). Refused ' +
      'in the payload, nothing written: PRICE_NOT_POSITIVE, PRODUCT_UNKNOWN, REGION_UNKNOWN, INVALID_VALIDITY.',
  })
  async setMinimumResalePrice(
    @Ctx() ctx: PricingContext,
    @Arg('input', () => MinimumResalePriceInput, { description: 'The minimum.' }) input: MinimumResalePriceInput,
  ) {
    return floorPayload(await floors.set(ctx, input));
  }

  @Authorized(...Grants.HQ)
  @Mutation(() => MinimumResalePricePayload, {
    description:
      'Removes the minimum resale price of a product set on a region (HQ_ADMIN); a missing one changes nothing.',
  })
  async removeMinimumResalePrice(
    @Ctx() ctx: PricingContext,
    @Arg('productId', () => ID, { description: 'The product.' }) productId: string,
    @Arg('regionId', () => ID, { description: 'The region the minimum was set on.' }) regionId: string,
  ) {
    return floorPayload(await floors.remove(ctx, productId, regionId));
  }

  @FieldResolver(() => ProductRef, { description: 'The product.' })
  product(@Root() row: ResaleFloor) {
    return productOf(row);
  }

  @FieldResolver(() => RegionRef, { description: 'The region; the minimum covers its subtree.' })
  region(@Root() row: ResaleFloor) {
    return regionOf(row);
  }

  @FieldResolver(() => Money, { description: 'The minimum retail price.' })
  minimum(@Root() row: ResaleFloor) {
    return Money.fromMinor(row.minPriceMinor, CNY);
  }
}

@Resolver(() => RetailPriceReport)
export class RetailPriceReportResolver {
  @Authorized(Grant.HQ_ADMIN, ...Grants.DEALER_USERS)
  @Mutation(() => RetailPriceReportPayload, {
    description:
      'Reports a retail price seen at a dealer: dealer users for their own dealer, HQ naming the dealer. Below the ' +
      "minimum resale price (the deepest region on the path decides) it raises the day's price violation. " +
      'Refused in the payload, nothing written: PRICE_NOT_POSITIVE, PRODUCT_UNKNOWN, REGION_UNKNOWN, ' +
      'OBSERVED_IN_FUTURE, DEALER_REQUIRED, DEALER_UNKNOWN, NOTE_TOO_LONG; FORBIDDEN for a dealer user naming ' +
      'another dealer.',
  })
  async reportRetailPrice(
    @Ctx() ctx: PricingContext,
    @Arg('input', () => RetailPriceReportInput, { description: 'The price seen.' }) input: RetailPriceReportInput,
  ) {
    const result = await reports.report(ctx, input);
    return Object.assign(new RetailPriceReportPayload(), { ...result, errors: toUserErrors(result.errors) });
  }

  @FieldResolver(() => ProductRef, { description: 'The product.' })
  product(@Root() row: RetailPriceReport) {
    return productOf(row);
  }

  @FieldResolver(() => DealerRef, { description: 'The dealer selling at that price.' })
  dealer(@Root() row: RetailPriceReport) {
    return dealerOf(row);
  }

  @FieldResolver(() => RegionRef, { description: 'Where the price was seen.' })
  region(@Root() row: RetailPriceReport) {
    return regionOf(row);
  }
}

@Resolver(() => PriceViolation)
export class PriceViolationResolver {
  @Authorized(...Grants.STAFF)
  @Query(() => PriceViolationConnection, {
    description:
      'Price violations (乱价), newest first: all for HQ, those seen in their region subtree for managers, their ' +
      "own dealer's for dealer users.",
  })
  priceViolations(
    @Ctx() ctx: PricingContext,
    @Arg('filter', () => PriceViolationFilter, { nullable: true, description: 'Conditions to meet.' })
    filter?: PriceViolationFilter,
    @Arg('first', () => Int, pageArgs.first) first?: number,
    @Arg('after', () => String, pageArgs.after) after?: string,
  ) {
    return violations.list(ctx, filter, { first, after });
  }

  @Authorized(...Grants.STAFF)
  @Query(() => PriceViolation, {
    nullable: true,
    description: "One price violation in the viewer's scope; NOT_FOUND otherwise.",
  })
  priceViolation(@Ctx() ctx: PricingContext, @Arg('id', () => ID, { description: 'Violation id.' }) id: string) {
    return violations.get(ctx, id);
  }

  @Authorized(...Grants.STAFF)
  @Query(() => [PriceViolationGroup], {
    description: "Price violations in the viewer's scope counted per region or dealer, most first.",
  })
  priceViolationSummary(
    @Ctx() ctx: PricingContext,
    @Arg('groupBy', () => PriceViolationGroupBy, { description: 'Per region (where seen) or per dealer.' })
    groupBy: PriceViolationGroupBy,
    @Arg('from', () => Date, { nullable: true, description: 'Only violations raised at or after this instant.' })
    from?: Date,
    @Arg('to', () => Date, { nullable: true, description: 'Only violations raised before this instant.' })
    to?: Date,
    @Arg('regionId', () => ID, { nullable: true, description: 'Only violations seen in this region subtree.' })
    regionId?: string,
  ) {
    return violations.summary(ctx, { groupBy, from, to, regionId });
  }

  @Authorized(...Grants.STAFF)
  @Subscription(() => PriceViolation, {
    subscribe: servedByGateway,
    description:
      'Each price violation as it is raised, for HQ, the managers of the region and the dealer; served by the ' +
      'gateway over graphql-ws. Pass the last `extensions.event.position` as `after` to catch up.',
  })
  priceViolationRaised(
    @Arg('after', () => String, {
      nullable: true,
      description:
        'Position of the last event received (`extensions.event.position`): events after it are replayed first.',
    })
    _after?: string,
  ): PriceViolation {
    throw subscriptionsViaGateway();
  }

  @Authorized(...Grants.STAFF)
  @Mutation(() => PriceViolation, {
    description: 'Marks a price violation as being followed up (HQ, the region manager, the dealer admin).',
  })
  acknowledgePriceViolation(
    @Ctx() ctx: PricingContext,
    @Arg('id', () => ID, { description: 'Violation id.' }) id: string,
  ) {
    return violations.acknowledge(ctx, id);
  }

  @Authorized(...Grants.STAFF)
  @Mutation(() => PriceViolation, {
    description: 'Closes a price violation (HQ, the region manager, the dealer admin); idempotent.',
  })
  resolvePriceViolation(@Ctx() ctx: PricingContext, @Arg('id', () => ID, { description: 'Violation id.' }) id: string) {
    return violations.resolve(ctx, id);
  }

  @FieldResolver(() => ProductRef, { description: 'The product.' })
  product(@Root() row: PriceViolation) {
    return productOf(row);
  }

  @FieldResolver(() => DealerRef, { description: 'The dealer that sold below the minimum.' })
  dealer(@Root() row: PriceViolation) {
    return dealerOf(row);
  }

  @FieldResolver(() => RegionRef, { description: 'Where the price was seen.' })
  region(@Root() row: PriceViolation) {
    return regionOf(row);
  }

  @FieldResolver(() => Money, { description: 'The retail price that raised it.' })
  price(@Root() row: PriceViolation) {
    return Money.fromMinor(row.priceMinor, CNY);
  }

  @FieldResolver(() => Money, { description: 'The minimum resale price it fell below.' })
  minimum(@Root() row: PriceViolation) {
    return Money.fromMinor(row.minimumMinor, CNY);
  }
}
