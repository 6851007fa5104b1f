import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Invoice } from '../entities/invoice.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { OrderPaymentStatus } from '../schema/invoice-detail.type.js';
import { OrderRef, ShipmentRef, shipmentRef } from '../schema/references.type.js';
import { InvoiceService, settlementState } from '../services/invoice.service.js';

const invoices = new InvoiceService();

/** Finance's fields on the orders subgraph's Order: its invoices and how far they are paid. */
@Resolver(() => OrderRef)
export class OrderFinanceResolver {
  @FieldResolver(() => [Invoice], { description: "The order's invoices you may read, oldest first." })
  invoices(@Root() order: OrderRef, @Ctx() ctx: FinanceContext) {
    return invoices.ofOrder(ctx, order.id);
  }

  @FieldResolver(() => OrderPaymentStatus, {
    description: "How far the order's invoices are settled: NOT_INVOICED, UNPAID, PARTIALLY_PAID or PAID.",
  })
  async paymentStatus(@Root() order: OrderRef, @Ctx() ctx: FinanceContext) {
    return settlementState(await invoices.ofOrder(ctx, order.id)) as OrderPaymentStatus;
  }
}

/**
 * Finance's field on the orders subgraph's Shipment (its invoice) and Invoice.shipment. Composes
 * only once orders declares `Shipment @key(fields: "id")` (package P2): register this resolver,
 * `InvoiceShipmentResolver` and the `Shipment` reference resolver in subgraph.ts when that is merged.
 */
@Resolver(() => ShipmentRef)
export class ShipmentFinanceResolver {
  @FieldResolver(() => Invoice, {
    nullable: true,
    description: 'The invoice of this shipment; null before it is invoiced or when you may not read it.',
  })
  invoice(@Root() shipment: ShipmentRef, @Ctx() ctx: FinanceContext) {
    return invoices.ofShipment(ctx, shipment.id);
  }
}

/** Invoice.shipment: registered together with ShipmentFinanceResolver (see there). */
@Resolver(() => Invoice)
export class InvoiceShipmentResolver {
  @FieldResolver(() => ShipmentRef, { nullable: true, description: 'The shipment invoiced; null for legacy invoices.' })
  shipment(@Root() invoice: Invoice) {
    return invoice.shipmentId ? shipmentRef(invoice.shipmentId) : null;
  }
}
