import { Money } from '@dnp/subgraph-kit';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { PricingContext } from '../pricing-context.js';
import { ProductPriceService } from '../services/product-price.service.js';
import { ProductRef, VolumeTier } from '../schema/product-ref.type.js';

const prices = new ProductPriceService();

@Resolver(() => ProductRef)
export class ProductPriceResolver {
  @FieldResolver(() => Money, {
    nullable: true,
    description:
      "The viewer's unit price for quantity 1 (dealer price by grade and region; base list price " +
      'for viewers without a dealer); null when no price list prices the product.',
  })
  price(@Root() product: ProductRef, @Ctx() ctx: PricingContext) {
    return prices.price(ctx, product.id);
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description: 'The base list price (建议价) for quantity 1; null when the base list does not price the product.',
  })
  listPrice(@Root() product: ProductRef, @Ctx() ctx: PricingContext) {
    return prices.listPrice(ctx, product.id);
  }

  @FieldResolver(() => [VolumeTier], {
    description: "The viewer's volume tiers (阶梯价), ascending by minimum quantity; empty when there are none.",
  })
  volumeTiers(@Root() product: ProductRef, @Ctx() ctx: PricingContext) {
    return prices.volumeTiers(ctx, product.id);
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description:
      "For a sub-dealer: its parent dealer's unit price for quantity 1 for the sub-dealer's grade (二级分销, " +
      'buying from the parent instead of the brand); null for other viewers, a dealer without a parent, or a ' +
      'product the parent does not price.',
  })
  subDealerPrice(@Root() product: ProductRef, @Ctx() ctx: PricingContext) {
    return prices.subDealerPrice(ctx, product.id);
  }
}
