import { connectionType } from '@dnp/subgraph-kit';
import { Field, Int, ObjectType } from 'type-graphql';
import { Lot } from '../entities/lot.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { StockMovement } from '../entities/stock-movement.entity.js';
import { UserError } from '@dnp/subgraph-kit';

/** The kit's shared payload error, re-exported for this subgraph's payload types. */
export { UserError };

export const StockLevelConnection = connectionType(StockLevel, 'StockLevel', 'stock level');
export const LotConnection = connectionType(Lot, 'Lot', 'lot');
export const StockMovementConnection = connectionType(StockMovement, 'StockMovement', 'stock movement');

@ObjectType({
  description:
    'Stock of a product summed over the warehouses the viewer may order from (HQ and regional warehouses, ' +
    "plus the dealer's own).",
})
export class Availability {
  @Field(() => Int, { description: 'Units that can still be ordered: on hand minus reserved.' })
  available!: number;

  @Field(() => Int, { description: 'Units physically held, including reserved ones.' })
  onHand!: number;

  @Field(() => Int, { description: 'Units reserved for approved orders.' })
  reserved!: number;

  @Field(() => Boolean, { description: 'True when at least one unit is available.' })
  inStock!: boolean;

  @Field(() => Int, { description: 'How many of those warehouses have at least one unit available.' })
  warehouseCount!: number;
}

@ObjectType({
  description:
    'Result of adjustStock: the new stock level and its ledger entry, or the errors that prevented the change.',
})
export class AdjustStockPayload {
  @Field(() => StockLevel, { nullable: true, description: 'The stock level after the change; null when refused.' })
  stockLevel!: StockLevel | null;

  @Field(() => StockMovement, { nullable: true, description: 'The ledger entry written; null when refused.' })
  movement!: StockMovement | null;

  @Field(() => [UserError], { description: 'Why the change was refused; empty on success.' })
  errors!: UserError[];
}
