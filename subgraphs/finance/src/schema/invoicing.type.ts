import { UserError } from '@dnp/subgraph-kit';
import { Directive, Field, ObjectType } from 'type-graphql';
import { Invoice } from '../entities/invoice.entity.js';

@ObjectType({ description: 'Result of invoiceShipment: the invoice, or why none was issued.' })
@Directive('@inaccessible')
export class InvoiceShipmentPayload {
  @Field(() => Invoice, {
    nullable: true,
    description: 'The invoice (new, or the one issued before for this shipment).',
  })
  invoice!: Invoice | null;

  @Field(() => [UserError], {
    description: 'Why nothing was invoiced (BAD_USER_INPUT, DEALER_HAS_NO_ACCOUNT, IDEMPOTENCY_KEY_REUSED, …).',
  })
  errors!: UserError[];
}
