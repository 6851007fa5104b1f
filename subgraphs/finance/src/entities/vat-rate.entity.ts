import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { TaxClass } from '@dnp/subgraph-kit';

/**
 * A VAT rate in force from a business date on (增值税税率): the rate of a class on a date is the
 * row with the latest `validFrom` not after it, so a future change of rate is one more row.
 */
@Entity({ tableName: 'vat_rate' })
export class VatRate {
  @PrimaryKey({ type: 'string', length: 12 })
  taxClass!: TaxClass;

  /** First business date the rate applies, "YYYY-MM-DD". */
  @PrimaryKey({ type: 'string', length: 10 })
  validFrom!: string;

  /** The rate in basis points (1300 = 13 %). */
  @Property({ type: 'integer' })
  rateBp!: number;
}
