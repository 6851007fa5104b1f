import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { TaxedLine } from './taxed-line.entity.js';

/**
 * One line of an invoice (发票明细): the shipped part of an order line, its tax-inclusive gross and
 * the VAT split of that gross at the rate in force on the issue date. Written once with its
 * invoice, never changed.
 */
@Entity({ tableName: 'invoice_line' })
export class InvoiceLine extends TaxedLine {
  @PrimaryKey({ type: 'string', length: 40 })
  invoiceId!: string;

  /** 1, 2, … in the order the shipment listed its lines. */
  @PrimaryKey({ type: 'integer', autoincrement: false })
  lineNo!: number;

  /** The order line this part ships (nullable for lines of other origins). */
  @Property({ type: 'string', length: 40, nullable: true })
  orderLineId!: string | null;

  /** Gift lines are invoiced at 0 (their deemed-sale VAT is for the brand's ERP). */
  @Property({ type: 'boolean' })
  isGift!: boolean;
}
