import { UserError } from '@dnp/subgraph-kit';
import { Field, ObjectType } from 'type-graphql';
import { StockLevel } from '../entities/stock-level.entity.js';
import { Warehouse } from '../entities/warehouse.entity.js';

@ObjectType({ description: 'What a warehouse change did: the warehouse as it is now, or why nothing changed.' })
export class WarehousePayload {
  @Field(() => Warehouse, { nullable: true, description: 'The warehouse after the change; null when refused.' })
  warehouse!: Warehouse | null;

  @Field(() => [UserError], { description: 'Why the change was refused; empty on success.' })
  errors!: UserError[];
}

@ObjectType({ description: 'What setSafetyStock did: the stock level as it is now, or why nothing changed.' })
export class SafetyStockPayload {
  @Field(() => StockLevel, { nullable: true, description: 'The stock level after the change; null when refused.' })
  stockLevel!: StockLevel | null;

  @Field(() => [UserError], { description: 'Why the change was refused; empty on success.' })
  errors!: UserError[];
}
