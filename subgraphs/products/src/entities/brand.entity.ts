import type { Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Entity({ tableName: 'brand' })
@ObjectType({ description: 'A brand of the group (品牌); every product belongs to one.' })
@Directive('@key(fields: "id")')
export class Brand {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable brand id.' })
  id!: string;

  @Property({ type: 'string', length: 32, unique: true })
  @Field(() => String, { description: 'Short upper-case brand code, e.g. "JIAHE".' })
  code!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'Chinese name.' })
  name!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'English name.' })
  nameEn!: string;

  @Property({ type: 'boolean', default: true })
  @Field(() => Boolean, { description: 'False when HQ switched the brand off: no new products are sold under it.' })
  active: Opt<boolean> = true;
}
