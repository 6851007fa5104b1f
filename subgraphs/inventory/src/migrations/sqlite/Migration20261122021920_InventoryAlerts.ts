import { Migration } from '@mikro-orm/migrations';

export class Migration20261122021920_InventoryAlerts extends Migration {
  override name = 'Migration20261122021920_InventoryAlerts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`inventory_alert\` (\`id\` text not null primary key, \`kind\` text check (\`kind\` in ('SAFETY_STOCK', 'EXPIRY_RED', 'EXPIRY_YELLOW', 'EXPIRY_BLUE')) not null, \`warehouse_id\` text not null, \`product_id\` text not null, \`stock_level_id\` text null, \`lot_id\` text null, \`dealer_id\` text null, \`region_path\` text not null, \`open_key\` text null, \`message\` text not null, \`value\` integer not null, \`threshold\` integer not null, \`raised_at\` datetime not null, \`resolved_at\` datetime null, \`acknowledged_at\` datetime null, \`acknowledged_by\` text null);`,
    );
    this.addSql(`create index \`inventory_alert_dealer_id_index\` on \`inventory_alert\` (\`dealer_id\`);`);
    this.addSql(`create unique index \`inventory_alert_open_key_unique\` on \`inventory_alert\` (\`open_key\`);`);
    this.addSql(
      `create index \`inventory_alert_warehouse_id_id_index\` on \`inventory_alert\` (\`warehouse_id\`, \`id\`);`,
    );
    this.addSql(`create index \`inventory_alert_raised_at_id_index\` on \`inventory_alert\` (\`raised_at\`, \`id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`inventory_alert\`;`);
  }
}
