import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** The last return number handed out per business day ("RT" + day + sequence); one row per day. */
@Entity({ tableName: 'return_number_counter' })
export class ReturnNumberCounter {
  /** Business day as yyyymmdd. */
  @PrimaryKey({ type: 'string', length: 8 })
  day!: string;

  @Property({ type: 'integer' })
  last!: number;
}
