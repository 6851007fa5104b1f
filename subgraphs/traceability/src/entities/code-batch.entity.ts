import { Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/** The operation a code batch recorded. */
export enum CodeBatchAction {
  SHIP = 'SHIP',
  RECEIVE = 'RECEIVE',
  RETURN = 'RETURN',
}

/**
 * One applied ship, receive or return of serial codes, by the caller's key ("ship:shp_…",
 * "receive:shp_…", "return:ret_…"): a replay of the same key answers the stored count and writes
 * nothing, so the fulfilment runner may retry after a lost answer.
 */
@Entity({ tableName: 'code_batch' })
export class CodeBatch {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @Property({ type: 'string', length: 120 })
  @Unique()
  key!: string;

  @Enum({ items: () => CodeBatchAction, nativeEnumName: undefined })
  action!: CodeBatchAction;

  /** Codes the operation changed, cases and pallets and their contents each counted. */
  @Property({ type: 'integer' })
  codeCount!: number;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
