import { Money, UserError } from '@dnp/subgraph-kit';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PriceListEntry } from '../entities/price-list-entry.entity.js';
import { DealerGrade } from '../entities/price-list.entity.js';

@InputType({ description: "One price of a parent dealer's list for its sub-dealers (setSubDealerPrice)." })
export class SubDealerPriceInput {
  @Field(() => ID, { description: 'A known product.' })
  productId!: string;

  @Field(() => DealerGrade, {
    nullable: true,
    description: 'The sub-dealer grade the price is for; null for every grade (a grade-specific price wins over it).',
  })
  grade?: DealerGrade | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 1,
    description: 'Minimum quantity, 1 to 100000 (1 = base price, more = volume tier).',
  })
  minQuantity?: number | null;

  @Field(() => String, {
    description: 'Unit price as a decimal amount in CNY, e.g. "52.80": positive, at most two decimals.',
  })
  unitPrice!: string;
}

@ObjectType({ description: 'What setSubDealerPrice or removeSubDealerPrice did.' })
export class SubDealerPricePayload {
  @Field(() => PriceListEntry, { nullable: true, description: 'The price written; null when removed or refused.' })
  entry!: PriceListEntry | null;

  @Field(() => Money, {
    nullable: true,
    description:
      "The brand's floor the price had to respect: the highest over the grade(s) and the home regions of the " +
      'direct sub-dealers; null when no floor binds it. Set with PRICE_BELOW_FLOOR too.',
  })
  floor!: Money | null;

  @Field(() => [UserError], {
    description:
      'Why nothing was written: PRICE_BELOW_FLOOR, INVALID_PRICE, INVALID_QUANTITY, UNKNOWN_PRODUCT, NOT_A_SELLER.',
  })
  errors!: UserError[];
}

@ObjectType({ description: "The brand's floor price (价格管控) of a product for one sub-dealer grade." })
export class SubDealerFloor {
  @Field(() => DealerGrade, { description: 'The sub-dealer grade.' })
  grade!: DealerGrade;

  @Field(() => Money, {
    nullable: true,
    description:
      "The lowest unit price the seller may charge that grade: the highest floor over its direct sub-dealers' " +
      'home regions; null when the brand sets none.',
  })
  floor!: Money | null;
}
