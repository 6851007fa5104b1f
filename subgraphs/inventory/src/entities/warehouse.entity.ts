import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** The tier of a warehouse in the distribution network. */
export enum WarehouseKind {
  HQ = 'HQ',
  REGIONAL = 'REGIONAL',
  DEALER = 'DEALER',
}
registerEnumType(WarehouseKind, {
  name: 'WarehouseKind',
  description: 'The tier of a warehouse in the distribution network.',
  valuesConfig: {
    HQ: { description: "The brand's central warehouse (总仓)." },
    REGIONAL: { description: "A sales region's warehouse (区域仓), run by the brand." },
    DEALER: { description: "A dealer's own warehouse (经销商仓); only that dealer and HQ see it." },
  },
});

@Entity({ tableName: 'warehouse' })
@ObjectType({
  description: "A place that holds stock: the HQ warehouse, a regional warehouse or a dealer's warehouse.",
})
@Directive('@key(fields: "id")')
export class Warehouse {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable warehouse id, e.g. "wh_hq".' })
  id!: string;

  @Property({ type: 'string', length: 32, unique: true })
  @Field(() => String, { description: 'Warehouse code, e.g. "WH-HQ".' })
  code!: string;

  @Property({ type: 'string', length: 160 })
  @Field(() => String, { description: 'Chinese name.' })
  name!: string;

  @Property({ type: 'string', length: 160 })
  @Field(() => String, { description: 'English name.' })
  nameEn!: string;

  @Enum({ items: () => WarehouseKind, nativeEnumName: undefined })
  @Field(() => WarehouseKind, { description: 'Tier of the warehouse (HQ, regional or dealer).' })
  kind!: WarehouseKind;

  @Property({ type: 'string', length: 40 })
  @Index()
  regionId!: string;

  /** Materialized region path ("/reg_cn/reg_east/reg_js/"), so a manager's scope is one LIKE. */
  @Property({ type: 'string', length: 400 })
  @Index()
  regionPath!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  @Index()
  dealerId!: string | null;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, {
    description: 'False when the warehouse no longer ships; its stock is not offered for ordering.',
  })
  active!: boolean;

  /** Bumped by every administrative change, so two editors cannot overwrite each other unseen. */
  @Property({ type: 'integer', default: 1 })
  @Field(() => Int, { description: 'Incremented by every change; pass it as `expectedVersion` to updateWarehouse.' })
  version!: number;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description: 'When the warehouse was last deactivated; null while active or never deactivated.',
  })
  deactivatedAt!: Date | null;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why the warehouse was last deactivated; null while active.' })
  deactivatedReason!: string | null;

  @Property({ type: 'string', length: 300, nullable: true })
  @Field(() => String, { nullable: true, description: 'Street address, as HQ entered it; null when not given.' })
  address!: string | null;

  /** When the row was made; null for warehouses that existed before createWarehouse did. */
  @Property({ type: 'datetime', nullable: true })
  createdAt!: Date | null;
}
