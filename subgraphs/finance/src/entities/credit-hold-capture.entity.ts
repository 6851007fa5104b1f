import { BigIntType } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * The part of a credit hold captured by one shipment's invoice. `partKey` (the shipment id) is
 * unique, so a replayed invoice captures nothing twice.
 */
@Entity({ tableName: 'credit_hold_capture' })
export class CreditHoldCapture {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @Property({ type: 'string', length: 40, index: true })
  holdId!: string;

  @Property({ type: 'string', length: 120, unique: true })
  partKey!: string;

  /** Moved from held to used, in minor units: min(the part's gross, the hold's remainder). */
  @Property({ type: new BigIntType('number') })
  amountMinor!: number;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
