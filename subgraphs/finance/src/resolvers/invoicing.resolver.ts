import { Grant, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import type { FinanceContext } from '../finance-context.js';
import { InvoiceShipmentInput } from '../schema/invoicing.input.js';
import { InvoiceShipmentPayload } from '../schema/invoicing.type.js';
import { InvoicingService } from '../services/invoicing.service.js';

const invoicing = new InvoicingService();

@Resolver()
export class InvoicingResolver {
  @Authorized(Grant.SERVICE)
  @Mutation(() => InvoiceShipmentPayload, {
    description:
      "Invoices a shipped shipment and captures that part of the order's credit hold (service only; " +
      'idempotent by shipmentId).',
  })
  @Directive('@inaccessible')
  async invoiceShipment(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => InvoiceShipmentInput, { description: 'The shipment, its order, dealer and shipped lines.' })
    input: InvoiceShipmentInput,
  ) {
    const result = await invoicing.invoiceShipment(ctx, input);
    return Object.assign(new InvoiceShipmentPayload(), {
      invoice: result.invoice,
      errors: toUserErrors(result.errors),
    });
  }
}
