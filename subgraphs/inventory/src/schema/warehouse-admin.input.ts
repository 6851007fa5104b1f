import { Field, ID, InputType, Int } from 'type-graphql';
import { WarehouseKind } from '../entities/warehouse.entity.js';

@InputType({ description: 'A new warehouse (HQ only).' })
export class CreateWarehouseInput {
  @Field(() => String, {
    description: 'Network-wide code (统一编码): "WH-" then 2 to 28 capital letters, digits or hyphens.',
  })
  code!: string;

  @Field(() => String, { description: 'Chinese name, 1 to 160 characters.' })
  name!: string;

  @Field(() => String, { description: 'English name, 1 to 160 characters.' })
  nameEn!: string;

  @Field(() => WarehouseKind, { description: 'Tier: HQ, REGIONAL or DEALER (a DEALER warehouse needs dealerId).' })
  kind!: WarehouseKind;

  @Field(() => ID, { description: 'The sales region the warehouse lies in.' })
  regionId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The ACTIVE dealer that runs a DEALER warehouse (one active warehouse per dealer); not for others.',
  })
  dealerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Street address, at most 300 characters.' })
  address?: string | null;
}

@InputType({ description: "Changes to a warehouse's master data (HQ only); omitted fields stay as they are." })
export class UpdateWarehouseInput {
  @Field(() => ID, { description: 'The warehouse to change.' })
  id!: string;

  @Field(() => Int, { description: 'The version read before editing: VERSION_CONFLICT when it changed since.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'New Chinese name, 1 to 160 characters.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New English name, 1 to 160 characters.' })
  nameEn?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "New region: the warehouse's region path (its managers' scope and its alerts) moves with it.",
  })
  regionId?: string | null;

  @Field(() => String, { nullable: true, description: 'New street address, at most 300 characters.' })
  address?: string | null;
}

@InputType({ description: 'The safety stock (安全库存) of one product in one warehouse.' })
export class SetSafetyStockInput {
  @Field(() => ID, { description: 'The warehouse.' })
  warehouseId!: string;

  @Field(() => ID, { description: 'The product ("prd_…").' })
  productId!: string;

  @Field(() => Int, { description: 'Units under which the product should be replenished, 0 to 1,000,000.' })
  safetyStock!: number;
}
