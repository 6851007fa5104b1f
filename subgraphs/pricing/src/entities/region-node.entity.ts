import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Local read model of the dealers subgraph's region tree: each region's materialized path, so
 * pricing can place a price list or promotion in the tree (depth, a manager's subtree, preview
 * as a dealer of a region) without a cross-service call. Seeded from `demoNetwork()`; in
 * production fed by the dealers subgraph's region events (later).
 */
@Entity({ tableName: 'region_paths' })
export class RegionNode {
  @PrimaryKey({ type: 'string', length: 40 })
  regionId!: string;

  /** Path from the root, e.g. "/reg_cn/reg_south/reg_gd/". */
  @Property({ type: 'string', length: 400 })
  path!: string;

  /** Number of ids in the path: country 1, sales region 2, province 3, city 4. */
  @Property({ type: 'integer' })
  depth!: number;
}
