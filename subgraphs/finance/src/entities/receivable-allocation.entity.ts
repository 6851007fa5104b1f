import { BigIntType } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { registerEnumType } from 'type-graphql';

/** What settled part of an invoice. */
export enum AllocationSource {
  PAYMENT = 'PAYMENT',
  CREDIT_NOTE = 'CREDIT_NOTE',
}
registerEnumType(AllocationSource, {
  name: 'AllocationSource',
  description: 'What settled part of an invoice.',
  valuesConfig: {
    PAYMENT: { description: 'A payment (回款).' },
    CREDIT_NOTE: { description: 'A credit note (红字发票).' },
  },
});

/**
 * Part of a payment or credit note applied to one invoice (核销). Written only by the receivables
 * ledger under the dealer's account lock; never changed. Σ allocations of an invoice = paid +
 * credited; Σ allocations of a source = its allocated (applied) amount.
 */
@Entity({ tableName: 'receivable_allocation' })
@Unique({ properties: ['sourceType', 'sourceId', 'invoiceId'] })
@Index({ properties: ['invoiceId', 'allocatedAt'] })
export class ReceivableAllocation {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @Enum({ items: () => AllocationSource })
  sourceType!: AllocationSource;

  /** The payment ("pay_…") or credit note ("crn_…"). */
  @Property({ type: 'string', length: 40 })
  sourceId!: string;

  @Property({ type: 'string', length: 40 })
  invoiceId!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  dealerId!: string;

  /** Amount applied, in minor units (> 0). */
  @Property({ type: new BigIntType('number') })
  amountMinor!: number;

  @Property({ type: 'datetime' })
  allocatedAt!: Date;
}
