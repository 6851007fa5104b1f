import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DealerGrade, DealerLevel, DealerStatus } from '../entities/dealer.entity.js';

/** Orders a dealer list can be sorted in. */
export enum DealerSort {
  CODE_ASC = 'CODE_ASC',
  CODE_DESC = 'CODE_DESC',
  NAME_ASC = 'NAME_ASC',
  NAME_DESC = 'NAME_DESC',
  JOINED_NEWEST = 'JOINED_NEWEST',
  JOINED_OLDEST = 'JOINED_OLDEST',
}
registerEnumType(DealerSort, {
  name: 'DealerSort',
  description: 'Orders a dealer list can be sorted in; ties are broken by id.',
  valuesConfig: {
    CODE_ASC: { description: 'Dealer code ascending (the default).' },
    CODE_DESC: { description: 'Dealer code descending.' },
    NAME_ASC: { description: 'Chinese name, A to Z (Unicode order).' },
    NAME_DESC: { description: 'Chinese name, Z to A.' },
    JOINED_NEWEST: { description: 'Most recently joined first.' },
    JOINED_OLDEST: { description: 'Longest in the network first.' },
  },
});

@InputType({ description: 'Narrows a dealer list. All given conditions must hold.' })
export class DealerFilter {
  @Field(() => String, {
    nullable: true,
    description:
      'Case-insensitive text in the name (Chinese or English), code or contact name; at most 100 characters.',
  })
  search?: string | null;

  @Field(() => DealerLevel, { nullable: true, description: 'Only dealers of this level.' })
  level?: DealerLevel | null;

  @Field(() => DealerStatus, { nullable: true, description: 'Only dealers in this lifecycle state.' })
  status?: DealerStatus | null;

  @Field(() => DealerGrade, { nullable: true, description: 'Only dealers of this grade.' })
  grade?: DealerGrade | null;

  @Field(() => ID, { nullable: true, description: 'Only dealers whose home region is this region or lies below it.' })
  regionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only the direct sub-dealers of this dealer.' })
  parentId?: string | null;
}
