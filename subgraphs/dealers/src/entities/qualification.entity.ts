import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/** Kinds of licence a dealer must hold. */
export enum QualificationKind {
  BUSINESS_LICENSE = 'BUSINESS_LICENSE',
  FOOD_DISTRIBUTION_LICENSE = 'FOOD_DISTRIBUTION_LICENSE',
  GSP_CERTIFICATE = 'GSP_CERTIFICATE',
}
registerEnumType(QualificationKind, {
  name: 'QualificationKind',
  description: 'Kind of licence or certificate (资质) a dealer holds.',
  valuesConfig: {
    BUSINESS_LICENSE: { description: 'Business licence (营业执照).' },
    FOOD_DISTRIBUTION_LICENSE: { description: 'Food distribution licence (食品经营许可证).' },
    GSP_CERTIFICATE: { description: 'Good Supply Practice certificate (GSP证书) for health products.' },
  },
});

@Entity({ tableName: 'qualification' })
@ObjectType({ description: 'A licence or certificate a dealer holds (资质), with its validity.' })
export class Qualification {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable qualification id.' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  dealerId!: string;

  @Enum({ items: () => QualificationKind, nativeEnumName: undefined })
  @Field(() => QualificationKind, { description: 'Kind of licence.' })
  kind!: QualificationKind;

  @Property({ type: 'string', length: 64 })
  @Field(() => String, { description: 'Licence number as printed on the document.' })
  number!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'Authority that issued the licence.' })
  issuer!: string;

  @Property({ type: 'datetime' })
  @Index()
  @Field(() => Date, { description: 'Last moment the licence is valid.' })
  validUntil!: Date;
}
