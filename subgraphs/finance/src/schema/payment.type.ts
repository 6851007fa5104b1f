import { connectionType, Money, UserError } from '@dnp/subgraph-kit';
import { Field, ObjectType } from 'type-graphql';
import { Invoice } from '../entities/invoice.entity.js';
import { Payment } from '../entities/payment.entity.js';

/** A page of payments (`PaymentConnection` with `PaymentEdge`), Relay-style. */
export const PaymentConnection = connectionType(Payment, 'Payment', 'payment');

@ObjectType({ description: 'Part of a payment applied to one invoice (核销).' })
export class PaymentAllocation {
  @Field(() => Invoice, { description: 'The invoice settled.' })
  invoice!: Invoice;

  @Field(() => Money, { description: 'Amount applied to it.' })
  amount!: Money;

  @Field(() => Date, { description: 'When it was applied.' })
  allocatedAt!: Date;
}

@ObjectType({ description: 'Result of recordPayment: the payment, or why nothing was recorded.' })
export class RecordPaymentPayload {
  @Field(() => Payment, { nullable: true, description: 'The payment (new, or the one recorded before under the key).' })
  payment!: Payment | null;

  @Field(() => [UserError], {
    description:
      'Why nothing was recorded: AMOUNT_INVALID, AMOUNT_NOT_POSITIVE, AMOUNT_TOO_PRECISE, AMOUNT_TOO_LARGE, ' +
      'REFERENCE_INVALID, RECEIVED_ON_IN_FUTURE, DEALER_HAS_NO_ACCOUNT, ALLOCATION_INVOICE_NOT_OPEN, ' +
      'ALLOCATION_DUPLICATE, ALLOCATION_EXCEEDS_OUTSTANDING, ALLOCATIONS_EXCEED_PAYMENT, IDEMPOTENCY_KEY_REUSED.',
  })
  errors!: UserError[];
}
