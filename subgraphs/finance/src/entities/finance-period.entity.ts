import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** Whether documents may still post to a month. */
export enum FinancePeriodStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

/**
 * A business month of the books. The statement run closes it with one guarded update (the
 * single-runner lease); documents dated in a closed month post to the first open one.
 */
@Entity({ tableName: 'finance_period' })
export class FinancePeriod {
  @PrimaryKey({ type: 'string', length: 7 })
  period!: string;

  @Enum({ items: () => FinancePeriodStatus })
  status!: FinancePeriodStatus;

  @Property({ type: 'datetime', nullable: true })
  closedAt: Date | null = null;

  @Property({ type: 'integer', default: 0 })
  statementCount: number = 0;
}
