import { TaxClass } from '@dnp/subgraph-kit';
import { Directive, Field, ID, InputType, Int } from 'type-graphql';
import { MinorUnitsScalar } from './minor-units.scalar.js';

@InputType({ description: 'One shipped part of an order line to invoice (service only).' })
@Directive('@inaccessible')
export class InvoiceLineInput {
  @Field(() => ID, { description: 'The order line shipped.' })
  orderLineId!: string;

  @Field(() => ID, { description: 'The product shipped.' })
  productId!: string;

  @Field(() => String, { description: 'The product SKU (copied onto the invoice).' })
  sku!: string;

  @Field(() => String, { description: 'The product name (copied onto the invoice).' })
  productName!: string;

  @Field(() => Int, { description: 'Units shipped, at least 1.' })
  quantity!: number;

  @Field(() => Boolean, { description: 'A gift line (invoiced at 0).' })
  isGift!: boolean;

  @Field(() => TaxClass, { description: "The product's VAT class, snapshotted on the order line." })
  taxClass!: TaxClass;

  @Field(() => MinorUnitsScalar, { description: 'Tax-inclusive value of the shipped part (the parts rule).' })
  grossMinor!: number;
}

@InputType({ description: 'A shipped shipment to invoice (service only; idempotent by shipmentId).' })
@Directive('@inaccessible')
export class InvoiceShipmentInput {
  @Field(() => ID, { description: 'The shipment: one invoice per shipment, ever.' })
  shipmentId!: string;

  @Field(() => String, { description: 'The shipment number (copied onto the invoice).' })
  shipmentNumber!: string;

  @Field(() => ID, { description: 'The order shipped (its credit hold is captured by part).' })
  orderId!: string;

  @Field(() => String, { description: 'The order number (copied onto the invoice).' })
  orderNumber!: string;

  @Field(() => ID, { description: 'The dealer invoiced.' })
  dealerId!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The selling parent dealer of a two-tier order: the invoice is on the line it grants the dealer, numbered in' +
      " its own series INV_<seller code>. Null: the brand's invoice.",
  })
  sellerDealerId?: string | null;

  @Field(() => Date, { description: 'When the shipment left the warehouse.' })
  shippedAt!: Date;

  @Field(() => [InvoiceLineInput], { description: 'The shipped lines, 1 to 200.' })
  lines!: InvoiceLineInput[];
}
