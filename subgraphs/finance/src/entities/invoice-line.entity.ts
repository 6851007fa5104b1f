import { BigIntType } from '@mikro-orm/core';
import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { TaxClass } from '@dnp/subgraph-kit';

/**
 * One line of an invoice (发票明细): the shipped part of an order line, its tax-inclusive gross and
 * the VAT split of that gross at the rate in force on the issue date. Written once with its
 * invoice, never changed.
 */
@Entity({ tableName: 'invoice_line' })
export class InvoiceLine {
  @PrimaryKey({ type: 'string', length: 40 })
  invoiceId!: string;

  /** 1, 2, … in the order the shipment listed its lines. */
  @PrimaryKey({ type: 'integer', autoincrement: false })
  lineNo!: number;

  /** The order line this part ships; null never for new invoices (kept nullable for adjustments). */
  @Property({ type: 'string', length: 40, nullable: true })
  orderLineId!: string | null;

  @Property({ type: 'string', length: 40 })
  productId!: string;

  /** Copies as shipped, so the document reads the same after the catalogue changes. */
  @Property({ type: 'string', length: 64 })
  sku!: string;

  @Property({ type: 'string', length: 200 })
  productName!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  /** Gift lines are invoiced at 0 (their deemed-sale VAT is for the brand's ERP). */
  @Property({ type: 'boolean' })
  isGift!: boolean;

  @Enum({ items: () => TaxClass })
  taxClass!: TaxClass;

  /** The VAT rate applied, in basis points (1300 = 13 %). */
  @Property({ type: 'integer' })
  rateBp!: number;

  /** Tax-inclusive value of the part (价税合计), in minor units. */
  @Property({ type: new BigIntType('number') })
  grossMinor!: number;

  /** Net amount (金额) = round half up(gross / (1 + rate)). */
  @Property({ type: new BigIntType('number') })
  netMinor!: number;

  /** VAT (税额) = gross − net. */
  @Property({ type: new BigIntType('number') })
  taxMinor!: number;
}
