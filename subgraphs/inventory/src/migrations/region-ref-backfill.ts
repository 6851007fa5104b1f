import { demoRegions, regionPath } from '@dnp/demo-data';

/**
 * The WarehouseAdmin migration's fill of `region_ref` for a database whose warehouses were seeded
 * before the table existed: every demo region with its path, only when warehouses exist (a fresh
 * database gets them from the demo seed, an empty production one from the dealers' region events).
 * One INSERT … SELECT of UNION ALL rows, valid on SQLite and MariaDB alike.
 */
export function regionRefBackfill(): string {
  const regions = demoRegions();
  const rows = regions.map((r) => `select '${r.id}' as region_id, '/${regionPath(regions, r.id).join('/')}/' as path`);
  return (
    `insert into region_ref (region_id, path) select v.region_id, v.path from (${rows.join(' union all ')}) v ` +
    `where exists (select 1 from warehouse)`
  );
}
