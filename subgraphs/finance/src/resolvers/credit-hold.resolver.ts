import { Money, Grant, toUserErrors } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, Directive, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { CreditHold } from '../entities/credit-hold.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { CreditHoldService } from '../services/credit-hold.service.js';
import { HoldCreditInput } from '../schema/credit-hold.input.js';
import { CaptureCreditHoldPayload, HoldCreditPayload, ReleaseCreditHoldPayload } from '../schema/credit-hold.type.js';

const holds = new CreditHoldService();

@Resolver(() => CreditHold)
export class CreditHoldResolver {
  @Authorized(Grant.SERVICE)
  @Mutation(() => HoldCreditPayload, {
    description: "Holds credit on a dealer's account for an order (service only; idempotent by key).",
  })
  @Directive('@inaccessible')
  async holdCredit(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => HoldCreditInput, { description: 'What to hold, for whom, under which key.' })
    input: HoldCreditInput,
  ) {
    const result = await holds.hold(ctx, input);
    return Object.assign(new HoldCreditPayload(), { ...result, errors: toUserErrors(result.errors) });
  }

  @Authorized(Grant.SERVICE)
  @Mutation(() => ReleaseCreditHoldPayload, {
    description: "Gives held credit back (the saga's compensation; service only; idempotent).",
  })
  @Directive('@inaccessible')
  async releaseCreditHold(
    @Ctx() ctx: FinanceContext,
    @Arg('key', () => String, { description: 'Key the hold was made with.' }) key: string,
  ) {
    const result = await holds.release(ctx, key);
    return Object.assign(new ReleaseCreditHoldPayload(), { ...result, errors: toUserErrors(result.errors) });
  }

  @Authorized(Grant.SERVICE)
  @Mutation(() => CaptureCreditHoldPayload, {
    description: 'Turns held credit into used credit when the order is invoiced (service only; idempotent).',
  })
  @Directive('@inaccessible')
  async captureCreditHold(
    @Ctx() ctx: FinanceContext,
    @Arg('key', () => String, { description: 'Key the hold was made with.' }) key: string,
  ) {
    const result = await holds.capture(ctx, key);
    return Object.assign(new CaptureCreditHoldPayload(), { ...result, errors: toUserErrors(result.errors) });
  }

  @FieldResolver(() => Money, { description: 'Amount held.' })
  amount(@Root() hold: CreditHold) {
    return Money.fromMinor(hold.amountMinor, hold.currency);
  }
}
