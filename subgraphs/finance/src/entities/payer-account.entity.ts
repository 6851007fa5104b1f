import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A payer bank account known to belong to a dealer, learned when a clerk matches a line from it. */
@Entity({ tableName: 'payer_account' })
export class PayerAccount {
  @PrimaryKey({ type: 'string', length: 64 })
  accountNo!: string;

  @Property({ type: 'string', length: 200 })
  payerName!: string;

  @Property({ type: 'string', length: 40 })
  dealerId!: string;

  @Property({ type: 'string', length: 40 })
  learnedByUserId!: string;

  @Property({ type: 'datetime' })
  learnedAt!: Date;
}
