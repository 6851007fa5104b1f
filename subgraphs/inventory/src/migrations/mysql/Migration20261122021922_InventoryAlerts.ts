import { Migration } from '@mikro-orm/migrations';

export class Migration20261122021922_InventoryAlerts extends Migration {
  override name = 'Migration20261122021922_InventoryAlerts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`inventory_alert\` (\`id\` varchar(40) not null, \`kind\` enum('SAFETY_STOCK','EXPIRY_RED','EXPIRY_YELLOW','EXPIRY_BLUE') not null, \`warehouse_id\` varchar(40) not null, \`product_id\` varchar(40) not null, \`stock_level_id\` varchar(40) null, \`lot_id\` varchar(40) null, \`dealer_id\` varchar(40) null, \`region_path\` varchar(400) not null, \`open_key\` varchar(120) null, \`message\` varchar(400) not null, \`value\` int not null, \`threshold\` int not null, \`raised_at\` datetime not null, \`resolved_at\` datetime null, \`acknowledged_at\` datetime null, \`acknowledged_by\` varchar(60) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`inventory_alert\` add index \`inventory_alert_dealer_id_index\` (\`dealer_id\`);`);
    this.addSql(`alter table \`inventory_alert\` add unique \`inventory_alert_open_key_unique\` (\`open_key\`);`);
    this.addSql(
      `alter table \`inventory_alert\` add index \`inventory_alert_warehouse_id_id_index\` (\`warehouse_id\`, \`id\`);`,
    );
    this.addSql(
      `alter table \`inventory_alert\` add index \`inventory_alert_raised_at_id_index\` (\`raised_at\`, \`id\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`inventory_alert\`;`);
  }
}
