import { Money, Grant } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, Directive, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { CreditHold } from '../entities/credit-hold.entity.js';
import type { FinanceContext } from '../finance.loader.js';
import { CreditHoldService } from '../services/credit-hold.service.js';
import { HoldCreditInput } from './credit-hold.input.js';
import { CaptureCreditHoldPayload, HoldCreditPayload, ReleaseCreditHoldPayload } from './credit-hold.type.js';

const holds = new CreditHoldService();

@Resolver(() => CreditHold)
export class CreditHoldResolver {
  @Authorized(Grant.SERVICE)
  @Mutation(() => HoldCreditPayload, { description: "Holds credit on a dealer's account for an order (service only; idempotent by key)." })
  @Directive('@inaccessible')
  holdCredit(@Ctx() ctx: FinanceContext, @Arg('input', () => HoldCreditInput, { description: 'What to hold, for whom, under which key.' }) input: HoldCreditInput) {
    return holds.hold(ctx, input);
  }

  @Authorized(Grant.SERVICE)
  @Mutation(() => ReleaseCreditHoldPayload, { description: "Gives held credit back (the saga's compensation; service only; idempotent)." })
  @Directive('@inaccessible')
  releaseCreditHold(@Ctx() ctx: FinanceContext, @Arg('key', () => String, { description: 'Key the hold was made with.' }) key: string) {
    return holds.release(ctx, key);
  }

  @Authorized(Grant.SERVICE)
  @Mutation(() => CaptureCreditHoldPayload, { description: 'Turns held credit into used credit when the order is invoiced (service only; idempotent).' })
  @Directive('@inaccessible')
  captureCreditHold(@Ctx() ctx: FinanceContext, @Arg('key', () => String, { description: 'Key the hold was made with.' }) key: string) {
    return holds.capture(ctx, key);
  }

  @FieldResolver(() => Money, { description: 'Amount held.' })
  amount(@Root() hold: CreditHold) {
    return Money.fromMinor(hold.amountMinor, hold.currency);
  }
}
