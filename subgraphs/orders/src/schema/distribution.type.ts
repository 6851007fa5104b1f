import { Money, PageInfo } from '@dnp/subgraph-kit';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/** A non-negative safe integer of minor units, written as digits. */
function minorUnits(value: unknown): number {
  const digits = typeof value === 'number' ? String(value) : value;
  if (typeof digits === 'string' && /^\d{1,16}$/.test(digits) && Number.isSafeInteger(Number(digits)))
    return Number(digits);
  throw new GraphQLError(`MinorUnits is a string of digits (minor units >= 0), not ${JSON.stringify(value)}`);
}

/** Integer minor units as a digit string (finance declares the same scalar for its service operations). */
export const OrdersMinorUnitsScalar = new GraphQLScalarType<number, string>({
  name: 'MinorUnits',
  description: 'An amount in integer minor units (fen) as a string of digits, e.g. "9989" for 99.89.',
  serialize: (value) => String(minorUnits(value)),
  parseValue: minorUnits,
  parseLiteral: (ast) => minorUnits(ast.kind === Kind.STRING ? ast.value : undefined),
  extensions: { codegenScalarType: 'string' },
});

@ObjectType({
  description:
    'One cell of the distribution flow of a month: what sellers of one level (or the brand) shipped to buyers of ' +
    'one level. Sell-in is BRAND → a level, sell-through a level → a lower level.',
})
export class DistributionFlowRow {
  @Field(() => String, {
    description: 'The seller\'s level when the orders were placed ("PROVINCIAL_AGENT", …), or "BRAND".',
  })
  sellerLevel!: string;

  @Field(() => String, {
    description: 'The buyer\'s level when the orders were placed; "UNKNOWN" for orders older than the levels kept.',
  })
  buyerLevel!: string;

  @Field(() => Int, { description: 'Orders with a part shipped in the month.' })
  orders!: number;

  @Field(() => Int, { description: 'Units shipped in the month.' })
  units!: number;

  @Field(() => Money, { description: 'Value (tax-inclusive) shipped in the month.' })
  value!: Money;
}

@ObjectType({ description: "A dealer's purchases in a window (dealers' grade evaluation; service only)." })
@Directive('@inaccessible')
export class DealerPurchaseTotal {
  @Field(() => ID, { description: 'The buying dealer.' })
  dealerId!: string;

  @Field(() => OrdersMinorUnitsScalar, {
    description: 'Gross shipped to the dealer by any seller in the window, less gross credited for its returns.',
  })
  purchasesMinor!: number;

  @Field(() => Int, { description: 'Orders with a part shipped in the window.' })
  orders!: number;
}

@ObjectType({ description: "An edge to one dealer's purchase total, with its cursor." })
@Directive('@inaccessible')
export class DealerPurchaseTotalEdge {
  @Field(() => String, { description: 'Opaque cursor to pass as `after` to continue after this edge.' })
  cursor!: string;

  @Field(() => DealerPurchaseTotal, { description: "The dealer's total." })
  node!: DealerPurchaseTotal;
}

// Not the kit's connectionType: a service-only page is @inaccessible as a whole.
@ObjectType({ description: "A page of dealers' purchase totals, by dealer id (service only)." })
@Directive('@inaccessible')
export class DealerPurchaseTotalConnection {
  @Field(() => [DealerPurchaseTotalEdge], { description: 'The totals of this page, by dealer id.' })
  edges!: DealerPurchaseTotalEdge[];

  @Field(() => PageInfo, { description: 'Where this page sits in the whole list.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many dealers bought in the window.' })
  totalCount!: number;
}
