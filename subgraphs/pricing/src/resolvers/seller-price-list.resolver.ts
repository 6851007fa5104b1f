import { Grants, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { DealerGrade, PriceList } from '../entities/price-list.entity.js';
import type { PricingContext } from '../pricing-context.js';
import { SellerPriceListService, type SubDealerPriceResult } from '../services/seller-price-list.service.js';
import { SubDealerPriceInput, SubDealerPricePayload } from '../schema/seller-price.type.js';

const sellerLists = new SellerPriceListService();

function payload(result: SubDealerPriceResult): SubDealerPricePayload {
  return Object.assign(new SubDealerPricePayload(), { ...result, errors: toUserErrors(result.errors) });
}

@Resolver(() => PriceList)
export class SellerPriceListResolver {
  @Authorized(...Grants.DEALER_USERS)
  @Query(() => PriceList, {
    nullable: true,
    description:
      "The caller's dealer's price list for its sub-dealers (二级分销) of one grade, or for every grade; null " +
      "until its first price is set. Entries carry the brand's floor per grade. Dealer users only.",
  })
  subDealerPriceList(
    @Ctx() ctx: PricingContext,
    @Arg('grade', () => DealerGrade, {
      nullable: true,
      description: 'The list for this sub-dealer grade; null (default) for the list for every grade.',
    })
    grade?: DealerGrade | null,
  ) {
    return sellerLists.ownList(ctx, grade ?? null);
  }

  @Authorized(...Grants.SELLERS)
  @Mutation(() => SubDealerPricePayload, {
    description:
      "Sets one price of the caller's dealer for its direct sub-dealers (the parent's DEALER_ADMIN), creating " +
      "its list on first use. Refused in the payload, nothing written: PRICE_BELOW_FLOOR (below the brand's " +
      'floor for the grade, or any grade, in any home region of the sub-dealers), INVALID_PRICE, ' +
      'INVALID_QUANTITY, UNKNOWN_PRODUCT, NOT_A_SELLER (no sub-dealers). FORBIDDEN without a dealer.',
  })
  async setSubDealerPrice(
    @Ctx() ctx: PricingContext,
    @Arg('input', () => SubDealerPriceInput, { description: 'The price.' }) input: SubDealerPriceInput,
  ) {
    return payload(await sellerLists.set(ctx, input));
  }

  @Authorized(...Grants.SELLERS)
  @Mutation(() => SubDealerPricePayload, {
    description:
      "Removes one price of the caller's dealer for its sub-dealers (the parent's DEALER_ADMIN); a price that " +
      'is not there changes nothing. INVALID_QUANTITY, UNKNOWN_PRODUCT in the payload; FORBIDDEN without a dealer.',
  })
  async removeSubDealerPrice(
    @Ctx() ctx: PricingContext,
    @Arg('productId', () => ID, { description: 'The product.' }) productId: string,
    @Arg('grade', () => DealerGrade, {
      nullable: true,
      description: 'The sub-dealer grade of the price; null for the price for every grade.',
    })
    grade?: DealerGrade | null,
    @Arg('minQuantity', () => Int, {
      nullable: true,
      defaultValue: 1,
      description: 'Minimum quantity of the price (1 = base price).',
    })
    minQuantity?: number | null,
  ) {
    return payload(await sellerLists.remove(ctx, productId, grade ?? null, minQuantity ?? 1));
  }
}
