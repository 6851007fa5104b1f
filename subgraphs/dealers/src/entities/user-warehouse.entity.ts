import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * A warehouse a WAREHOUSE_OPERATOR works in (the inventory subgraph owns warehouses; this is only
 * their id). Read at login and refresh and signed into the access token as `warehouseIds`, which
 * is the operator's whole data scope: a warehouse it loses here drops out at its next refresh.
 */
@Entity({ tableName: 'user_warehouse' })
export class UserWarehouse {
  @PrimaryKey({ type: 'string', length: 40 })
  userId!: string;

  @PrimaryKey({ type: 'string', length: 40 })
  @Index()
  warehouseId!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
