import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Local read model of the dealers subgraph's region tree (table `region_ref`): each region's
 * materialized path, so a warehouse can be placed in a region (createWarehouse, a region move)
 * without a call to dealers. Filled by the demo seed (and, for databases seeded before it existed,
 * by the WarehouseAdmin migration); kept current by the `inventory:regions` consumer of
 * `dealers.region_changed` once the kit's consumer protocol is in.
 */
@Entity({ tableName: 'region_ref' })
export class KnownRegion {
  @PrimaryKey({ type: 'string', length: 40 })
  regionId!: string;

  /** Path from the root, e.g. "/reg_cn/reg_east/reg_js/". */
  @Property({ type: 'string', length: 400 })
  path!: string;
}
