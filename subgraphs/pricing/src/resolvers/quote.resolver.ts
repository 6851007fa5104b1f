import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { PricingContext } from '../pricing.loader.js';
import { quote } from '../services/quote.service.js';
import { QuoteInput } from './quote.input.js';
import { Quote } from './quote.type.js';

@Resolver(() => Quote)
export class QuoteResolver {
  @Query(() => Quote, { description: 'Prices lines for the viewer server-side (dealer prices, volume tiers, totals). PRICE_NOT_FOUND when any product has no price; nothing is reserved.' })
  quote(@Ctx() ctx: PricingContext, @Arg('input', () => QuoteInput, { description: 'The lines to price.' }) input: QuoteInput) {
    return quote(ctx, input);
  }
}
