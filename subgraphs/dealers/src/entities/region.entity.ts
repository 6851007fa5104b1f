import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Levels of the sales region tree. */
export enum RegionLevel {
  COUNTRY = 'COUNTRY',
  SALES_REGION = 'SALES_REGION',
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
}
registerEnumType(RegionLevel, {
  name: 'RegionLevel',
  description: 'Level of a node in the sales region tree (country → sales region → province → city).',
  valuesConfig: {
    COUNTRY: { description: 'The whole country; the root of the tree.' },
    SALES_REGION: { description: 'A sales region (大区) grouping provinces, e.g. East China.' },
    PROVINCE: { description: 'A province, municipality or autonomous region.' },
    CITY: { description: 'A city or city district.' },
  },
});

@Entity({ tableName: 'region' })
@ObjectType({
  description: 'A node of the sales region tree (销售区域); dealers are registered in and authorized for regions.',
})
@Directive('@key(fields: "id")')
export class Region {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable region id, e.g. "reg_js_nj".' })
  id!: string;

  @Property({ type: 'string', length: 32, unique: true })
  @Field(() => String, { description: 'Region code, e.g. "CN-JS-NJ".' })
  code!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'Chinese name.' })
  name!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'English name.' })
  nameEn!: string;

  @Enum({ items: () => RegionLevel, nativeEnumName: undefined })
  @Field(() => RegionLevel, { description: 'Level of the region in the tree.' })
  level!: RegionLevel;

  @Property({ type: 'string', length: 40, nullable: true })
  @Index()
  parentId!: string | null;

  /** Materialized path of ids ("/reg_cn/reg_east/reg_js/"), so a subtree is one LIKE prefix query. */
  @Property({ type: 'string', length: 400 })
  @Index()
  path!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Depth in the tree; the country is 0.' })
  depth!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Display order among siblings.' })
  position!: number;
}

/** Region ids from the root down to the region, read from its materialized path. */
export function pathIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}
