import { UserError } from '@dnp/subgraph-kit';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { MinorUnitsScalar } from './minor-units.scalar.js';

@ObjectType({ description: 'The next tier of a rebate: "再进货 ¥12,400 即达 3% 档".' })
export class RebateNextTier {
  @Field(() => MinorUnitsScalar, { description: 'The basis at which it starts (fen, or units for QUANTITY).' })
  threshold!: number;

  @Field(() => MinorUnitsScalar, { description: 'The basis still needed to reach it.' })
  remaining!: number;

  @Field(() => Int, { description: 'Its rate in basis points (100 = 1 %).' })
  rateBp!: number;
}

@ObjectType({ description: "One dealer's figures in a rebate policy preview." })
export class RebatePreviewRow {
  @Field(() => ID, { description: 'The dealer.' })
  dealerId!: string;

  @Field(() => MinorUnitsScalar, { description: 'The measure tiers read: fen, or units for QUANTITY.' })
  basis!: number;

  @Field(() => MinorUnitsScalar, { description: 'The rebate the policy would accrue, in fen.' })
  accruedMinor!: number;

  @Field(() => Int, { nullable: true, description: 'Index of the tier reached (0-based); null below the first.' })
  tierIndex!: number | null;

  @Field(() => RebateNextTier, { nullable: true, description: 'The next tier; null at the top or without tiers.' })
  nextTier!: RebateNextTier | null;
}

@ObjectType({ description: 'A rebate policy preview over one past period, or why it was not computed.' })
export class RebatePreviewPayload {
  @Field(() => [RebatePreviewRow], { description: 'One row per eligible dealer with in-scope basis.' })
  rows!: RebatePreviewRow[];

  @Field(() => [UserError], { description: 'The policy codes of createRebatePolicy, when the input is refused.' })
  errors!: UserError[];
}

/** The next-tier object of stored or computed figures; null without a next tier. */
export function nextTierOf(f: {
  nextThreshold: number | null;
  remaining: number | null;
  nextRateBp: number | null;
}): RebateNextTier | null {
  if (f.nextThreshold == null || f.remaining == null || f.nextRateBp == null) return null;
  return Object.assign(new RebateNextTier(), {
    threshold: f.nextThreshold,
    remaining: f.remaining,
    rateBp: f.nextRateBp,
  });
}
