import { LocalDateScalar } from '@dnp/subgraph-kit';
import { Field, ID, InputType } from 'type-graphql';
import { PaymentMethod } from '../entities/payment.entity.js';

@InputType({ description: 'Part of a payment applied to one chosen invoice.' })
export class AllocationInput {
  @Field(() => ID, { description: 'An open invoice of the paying dealer.' })
  invoiceId!: string;

  @Field(() => String, { description: 'Amount applied, a decimal string ("1234.50"), at most its outstanding.' })
  amount!: string;
}

@InputType({ description: 'Money received from a dealer (回款), to record and allocate.' })
export class RecordPaymentInput {
  @Field(() => ID, { description: 'The paying dealer.' })
  dealerId!: string;

  @Field(() => String, {
    description: "The caller's key (1–80 characters): the same key again answers the payment recorded with it.",
  })
  idempotencyKey!: string;

  @Field(() => String, { description: 'Amount received, a decimal string ("1234.50"), above 0.' })
  amount!: string;

  @Field(() => PaymentMethod, { description: 'How the dealer paid.' })
  method!: PaymentMethod;

  @Field(() => String, { description: 'Bank transaction, bill or offset reference: 1–64 printable characters.' })
  reference!: string;

  @Field(() => LocalDateScalar, { description: 'Value date of the money, not after the business today.' })
  receivedOn!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The parent dealer taking the payment on the line it grants the paying sub-dealer (two-tier). Omitted: ' +
      "a dealer admin's own line, or the brand's account for HQ and finance clerks.",
  })
  sellerDealerId?: string | null;

  @Field(() => [AllocationInput], {
    nullable: true,
    description: 'Invoices to settle first; the rest goes oldest first, then to the balance. Omitted: oldest first.',
  })
  allocations?: AllocationInput[] | null;
}

@InputType({ description: 'Narrows a payment list. All given conditions must hold.' })
export class PaymentFilter {
  @Field(() => ID, { nullable: true, description: "Only this dealer's payments." })
  dealerId?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Only payments received on or after this date.' })
  receivedFrom?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Only payments received on or before this date.' })
  receivedTo?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Only payments a parent dealer took from its sub-dealers (two-tier), on the line it grants them. Omitted: ' +
      "HQ, finance clerks and managers see the brand's receipts; dealer users see all of theirs (paid and taken).",
  })
  sellerDealerId?: string | null;
}
