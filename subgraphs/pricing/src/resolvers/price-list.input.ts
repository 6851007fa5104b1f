import { Field, ID, InputType } from 'type-graphql';
import { DealerGrade } from '../entities/price-list.entity.js';

@InputType({ description: 'Narrows a price list list. All given conditions must hold.' })
export class PriceListFilter {
  @Field(() => Boolean, { nullable: true, description: 'Only switched-on (true) or switched-off (false) lists; validity dates are not considered.' })
  active?: boolean | null;

  @Field(() => DealerGrade, { nullable: true, description: 'Only lists for exactly this dealer grade.' })
  dealerGrade?: DealerGrade | null;

  @Field(() => ID, { nullable: true, description: 'Only lists for exactly this region.' })
  regionId?: string | null;
}
