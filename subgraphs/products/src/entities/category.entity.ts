import type { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

@Entity({ tableName: 'category' })
@ObjectType({ description: 'A node of the product category tree (品类).' })
@Directive('@key(fields: "id")')
export class Category {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable category id.' })
  id!: string;

  @Property({ type: 'string', length: 32, unique: true })
  @Field(() => String, { description: 'Short upper-case category code.' })
  code!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'Chinese name.' })
  name!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'English name.' })
  nameEn!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  @Index()
  parentId!: string | null;

  /** Materialized path of ids ("/cat_dairy/cat_mlk/"), so a subtree is one LIKE prefix query. */
  @Property({ type: 'string', length: 400 })
  @Index()
  path!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Depth in the tree; top-level categories are 0.' })
  depth!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Display order among siblings.' })
  position!: number;

  /** Optimistic concurrency for edits and moves; every change adds one. */
  @Property({ type: 'integer', default: 1 })
  @Field(() => Int, { description: 'Version of the category row, raised by every change.' })
  version: Opt<number> = 1;

  @Property({ type: 'boolean', default: true })
  @Field(() => Boolean, { description: 'False when HQ switched the category off: no new products are filed in it.' })
  active: Opt<boolean> = true;
}
