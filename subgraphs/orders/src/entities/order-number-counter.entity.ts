import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** The last order number handed out per placing day ("SO" + day + sequence); one row per day. */
@Entity({ tableName: 'order_number_counter' })
export class OrderNumberCounter {
  /** Placing day as yyyymmdd (UTC). */
  @PrimaryKey({ type: 'string', length: 8 })
  day!: string;

  @Property({ type: 'integer' })
  last!: number;
}
