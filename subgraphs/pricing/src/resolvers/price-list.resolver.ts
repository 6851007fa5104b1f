import { Money, Grant, Grants } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PriceListEntry } from '../entities/price-list-entry.entity.js';
import { PriceList } from '../entities/price-list.entity.js';
import type { PricingContext } from '../pricing-context.js';
import { PriceListService } from '../services/price-list.service.js';
import { PriceListAdminService } from '../services/price-list-admin.service.js';
import { PriceListEntryInput, PriceListFilter, PriceListInput } from '../schema/price-list.input.js';
import { PriceListConnection, PriceListEntryConnection } from '../schema/price-list.type.js';
import { ProductRef } from '../schema/product-ref.type.js';
import { PriceListPayload, SetPriceListEntriesPayload } from '../schema/promotion.type.js';
import { RegionRef } from '../schema/region-ref.type.js';
import { SubDealerFloor } from '../schema/seller-price.type.js';
import { SellerPriceListService } from '../services/seller-price-list.service.js';

const priceLists = new PriceListService();
const admin = new PriceListAdminService();
const sellerLists = new SellerPriceListService();

@Resolver(() => PriceList)
export class PriceListResolver {
  @Authorized(...Grants.MANAGERS)
  @Query(() => PriceListConnection, {
    description:
      'Price lists by code (HQ and region managers; a manager sees the lists that can apply in ' +
      'their region). Dealers: FORBIDDEN.',
  })
  priceLists(
    @Ctx() ctx: PricingContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => PriceListFilter, { nullable: true, description: 'Conditions the lists must meet.' })
    filter?: PriceListFilter,
  ) {
    return priceLists.list(ctx, { first, after, filter });
  }

  @Authorized(...Grants.MANAGERS)
  @Query(() => PriceList, {
    nullable: true,
    description:
      'One price list by id (HQ and region managers); NOT_FOUND when unknown or outside the ' +
      "viewer's region. Dealers: FORBIDDEN.",
  })
  priceList(@Ctx() ctx: PricingContext, @Arg('id', () => ID, { description: 'Price list id.' }) id: string) {
    return priceLists.findOne(ctx, id);
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => PriceListPayload, {
    description: 'Creates a price list (HQ_ADMIN). Validation errors in the payload, nothing written.',
  })
  async createPriceList(
    @Ctx() ctx: PricingContext,
    @Arg('input', () => PriceListInput, { description: 'The settings.' }) input: PriceListInput,
  ) {
    return Object.assign(new PriceListPayload(), await admin.create(ctx, input));
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => PriceListPayload, {
    description: "Replaces a price list's settings (HQ_ADMIN); its entries stay. NOT_FOUND for an unknown id.",
  })
  async updatePriceList(
    @Ctx() ctx: PricingContext,
    @Arg('id', () => ID, { description: 'Price list id.' }) id: string,
    @Arg('input', () => PriceListInput, { description: 'The new settings.' }) input: PriceListInput,
  ) {
    return Object.assign(new PriceListPayload(), await admin.update(ctx, id, input));
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => SetPriceListEntriesPayload, {
    description:
      'Inserts or updates prices (base and tiers) of a list by (product, minQuantity) (HQ_ADMIN). ' +
      'Unknown products, non-positive prices and minQuantity < 1 are refused in the payload, ' +
      'nothing written.',
  })
  async setPriceListEntries(
    @Ctx() ctx: PricingContext,
    @Arg('priceListId', () => ID, { description: 'Price list id.' }) priceListId: string,
    @Arg('entries', () => [PriceListEntryInput], { description: 'The prices to upsert, 1 to 1000.' })
    entries: PriceListEntryInput[],
  ) {
    return Object.assign(new SetPriceListEntriesPayload(), await admin.setEntries(ctx, priceListId, entries));
  }

  @FieldResolver(() => PriceListEntryConnection, {
    description: 'The prices of the list, by product id and then minimum quantity.',
  })
  entries(
    @Root() list: PriceList,
    @Ctx() ctx: PricingContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
  ) {
    return priceLists.entries(ctx, list, { first, after });
  }

  @FieldResolver(() => RegionRef, {
    nullable: true,
    description: 'The region the list applies to (with its subtree); null when it applies everywhere.',
  })
  region(@Root() list: PriceList) {
    return list.regionId ? { id: list.regionId } : null;
  }

  @FieldResolver(() => Boolean, {
    description: 'True when the list is active and valid right now, i.e. it can price products.',
  })
  effective(@Root() list: PriceList, @Ctx() ctx: PricingContext) {
    return priceLists.effective(ctx, list);
  }
}

@Resolver(() => PriceListEntry)
export class PriceListEntryResolver {
  @FieldResolver(() => Money, { description: 'The unit price, in the currency of the list.' })
  unitPrice(@Root() entry: PriceListEntry, @Ctx() ctx: PricingContext) {
    return priceLists.entryUnitPrice(ctx, entry);
  }

  @FieldResolver(() => ProductRef, { description: 'The product priced.' })
  product(@Root() entry: PriceListEntry) {
    return { id: entry.productId };
  }

  @FieldResolver(() => [SubDealerFloor], {
    description:
      "On a dealer's list for its sub-dealers: the brand's floor of the product per grade (the list's grade, or " +
      "every grade), each the highest over the direct sub-dealers' home regions. Empty on the brand's lists.",
  })
  floors(@Root() entry: PriceListEntry, @Ctx() ctx: PricingContext) {
    return sellerLists.entryFloors(ctx, entry);
  }
}
