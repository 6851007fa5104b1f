import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Local read copy of the region tree (owned by the dealers subgraph): only what the diversion
 * rule needs, the id and its materialized path, so a scan needs no cross-service call.
 */
@Entity({ tableName: 'region' })
export class Region {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  parentId!: string | null;

  /** Ids from the root down to this region, e.g. "/reg_cn/reg_east/reg_js/reg_js_nj/". */
  @Property({ type: 'string', length: 400 })
  path!: string;
}
