import { Grant, Grants, LocalDateScalar, Money, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Payment } from '../entities/payment.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { PaymentFilter, RecordPaymentInput } from '../schema/payment.input.js';
import { PaymentAllocation, PaymentConnection, RecordPaymentPayload } from '../schema/payment.type.js';
import { PaymentQueryService } from '../services/payment-query.service.js';
import { PaymentService } from '../services/payment.service.js';

const payments = new PaymentService();
const reads = new PaymentQueryService();

/** Payments: recording (HQ and finance clerks; a parent's admin for its sales), reads in scope and allocations. */
@Resolver(() => Payment)
export class PaymentsResolver {
  @Authorized(Grant.HQ_ADMIN, Grant.FINANCE_CLERK, Grant.DEALER_ADMIN)
  @Mutation(() => RecordPaymentPayload, {
    description:
      'Records money received from a dealer (回款) and allocates it: chosen invoices first, then oldest first, ' +
      'the rest to the balance; available credit rises by exactly the amount. Idempotent by (dealer, key). ' +
      "HQ and finance clerks record the brand's receipts (or a named parent's); a parent dealer's admin " +
      "records its sub-dealers' payments on the lines it grants them (two-tier), never the brand's.",
  })
  async recordPayment(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => RecordPaymentInput, { description: 'The payment and its optional chosen allocations.' })
    input: RecordPaymentInput,
  ) {
    const result = await payments.record(ctx, input);
    return Object.assign(new RecordPaymentPayload(), { payment: result.payment, errors: toUserErrors(result.errors) });
  }

  @Authorized(...Grants.DEALER_READERS, Grant.FINANCE_CLERK)
  @Query(() => PaymentConnection, {
    description: 'Payments in your scope (dealer users: their own; managers: their region; HQ and clerks: all).',
  })
  payments(
    @Ctx() ctx: FinanceContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => PaymentFilter, { nullable: true, description: 'Conditions the payments must meet.' })
    filter?: PaymentFilter,
  ) {
    return reads.list(ctx, { first, after, filter });
  }

  @Authorized(...Grants.DEALER_READERS, Grant.FINANCE_CLERK)
  @Query(() => Payment, {
    nullable: true,
    description: 'One payment by id; NOT_FOUND when unknown or outside your scope.',
  })
  payment(@Ctx() ctx: FinanceContext, @Arg('id', () => ID, { description: 'Payment id ("pay_…").' }) id: string) {
    return reads.findOne(ctx, id);
  }

  @FieldResolver(() => Money, { description: 'Part applied to invoices.' })
  allocated(@Root() payment: Payment) {
    return Money.fromMinor(payment.allocatedMinor, payment.currency);
  }

  @FieldResolver(() => Money, { description: "Part not applied yet: in the dealer's balance (预收款)." })
  unallocated(@Root() payment: Payment) {
    return Money.fromMinor(payment.unallocatedMinor, payment.currency);
  }

  @FieldResolver(() => LocalDateScalar, { description: 'Value date of the money (business date).' })
  receivedOn(@Root() payment: Payment) {
    return payment.receivedOn;
  }

  @FieldResolver(() => [PaymentAllocation], { description: 'The invoices the payment settled, oldest first.' })
  async allocations(@Root() payment: Payment, @Ctx() ctx: FinanceContext) {
    const parts = await reads.allocations(ctx, payment);
    return parts.map((p) =>
      Object.assign(new PaymentAllocation(), {
        invoice: p.invoice,
        amount: Money.fromMinor(p.amountMinor, payment.currency),
        allocatedAt: p.allocatedAt,
      }),
    );
  }
}
