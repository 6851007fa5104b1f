import { BigIntType } from '@mikro-orm/core';
import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { TaxClass } from '@dnp/subgraph-kit';

/** One line of a credit note: value given back for a product, split into net and VAT like an invoice line. */
@Entity({ tableName: 'credit_note_line' })
export class CreditNoteLine {
  @PrimaryKey({ type: 'string', length: 40 })
  creditNoteId!: string;

  @PrimaryKey({ type: 'integer', autoincrement: false })
  lineNo!: number;

  @Property({ type: 'string', length: 40 })
  productId!: string;

  @Property({ type: 'string', length: 64 })
  sku!: string;

  @Property({ type: 'string', length: 200 })
  productName!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  @Enum({ items: () => TaxClass })
  taxClass!: TaxClass;

  @Property({ type: 'integer' })
  rateBp!: number;

  /** Tax-inclusive value credited (positive), in minor units. */
  @Property({ type: new BigIntType('number') })
  grossMinor!: number;

  @Property({ type: new BigIntType('number') })
  netMinor!: number;

  @Property({ type: new BigIntType('number') })
  taxMinor!: number;
}
