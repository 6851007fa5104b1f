import { BigIntType } from '@mikro-orm/core';
import { Enum, Property } from '@mikro-orm/decorators/legacy';
import { TaxClass } from '@dnp/subgraph-kit';

/**
 * The columns every document line shares (invoice and credit note lines): the product as it was
 * then, the units, and the tax-inclusive gross split into net and VAT at the rate applied.
 */
export abstract class TaxedLine {
  @Property({ type: 'string', length: 40 })
  productId!: string;

  /** Copies at issue, so the document reads the same after the catalogue changes. */
  @Property({ type: 'string', length: 64 })
  sku!: string;

  @Property({ type: 'string', length: 200 })
  productName!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  @Enum({ items: () => TaxClass })
  taxClass!: TaxClass;

  /** The VAT rate applied, in basis points (1300 = 13 %). */
  @Property({ type: 'integer' })
  rateBp!: number;

  /** Tax-inclusive value (价税合计), in minor units. */
  @Property({ type: new BigIntType('number') })
  grossMinor!: number;

  /** Net amount (金额) = round half up(gross / (1 + rate)). */
  @Property({ type: new BigIntType('number') })
  netMinor!: number;

  /** VAT (税额) = gross − net. */
  @Property({ type: new BigIntType('number') })
  taxMinor!: number;
}
