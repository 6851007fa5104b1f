import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'One line to price: a product and a quantity.' })
export class QuoteLineInput {
  @Field(() => ID, { description: 'The product to price.' })
  productId!: string;

  @Field(() => Int, { description: 'Quantity in selling units, 1 to 100000.' })
  quantity!: number;
}

@InputType({
  description: 'What to price: 1 to 200 lines. Lines of the same product are summed to select its volume tier.',
})
export class QuoteInput {
  @Field(() => [QuoteLineInput], { description: 'The lines, 1 to 200; the quote reports them in this order.' })
  lines!: QuoteLineInput[];

  @Field(() => ID, {
    nullable: true,
    description:
      "Buy from this parent dealer instead of the brand: only the seller's lists for its sub-dealers price, no " +
      "promotions apply and every line is checked against the brand's floor (PRICE_BELOW_FLOOR). A dealer may " +
      'name only its own parent (SELLER_NOT_PARENT). Null: the brand.',
  })
  sellerDealerId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Pay this much of the total with the rebate balance, a decimal amount ("120.50"); null or 0: none. The ' +
      "quote's rebate block shows the part allowed: at most REBATE_MAX_ORDER_SHARE_BP of the total and the " +
      'balance, none when buying from a parent dealer. AMOUNT_INVALID, AMOUNT_NOT_POSITIVE, AMOUNT_TOO_PRECISE, ' +
      'AMOUNT_TOO_LARGE refuse it.',
  })
  rebateAmount?: string | null;
}
