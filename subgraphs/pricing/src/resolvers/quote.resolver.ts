import { Grant } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { PricingContext } from '../pricing-context.js';
import { previewQuote, quote } from '../services/quote.service.js';
import { PreviewDealerInput } from '../schema/promotion.input.js';
import { QuoteInput } from '../schema/quote.input.js';
import { Quote } from '../schema/quote.type.js';

@Resolver(() => Quote)
export class QuoteResolver {
  @Authorized(Grant.ANYONE)
  @Query(() => Quote, {
    description:
      'Prices lines for the viewer server-side (dealer prices, volume tiers, promotions, totals). ' +
      'PRICE_NOT_FOUND when any product has no price; nothing is reserved or consumed.',
  })
  quote(
    @Ctx() ctx: PricingContext,
    @Arg('input', () => QuoteInput, { description: 'The lines to price.' }) input: QuoteInput,
  ) {
    return quote(ctx, input);
  }

  @Authorized(Grant.HQ_ADMIN, Grant.REGION_MANAGER)
  @Query(() => Quote, {
    description:
      "HQ console's preview: the quote a dealer of a grade and region would get (same code path as " +
      'quote; also reports NOT_ELIGIBLE promotions). HQ_ADMIN; REGION_MANAGER for regions of their subtree.',
  })
  previewQuote(
    @Ctx() ctx: PricingContext,
    @Arg('input', () => QuoteInput, { description: 'The lines to price.' }) input: QuoteInput,
    @Arg('asDealer', () => PreviewDealerInput, { description: 'The dealer grade and region to price as.' })
    asDealer: PreviewDealerInput,
  ) {
    return previewQuote(ctx, input, asDealer);
  }
}
