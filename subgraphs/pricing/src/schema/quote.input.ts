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
}
