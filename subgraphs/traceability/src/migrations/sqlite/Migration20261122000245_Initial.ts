import { Migration } from '@mikro-orm/migrations';

export class Migration20261122000245_Initial extends Migration {
  override name = 'Migration20261122000245_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`diversion_alert\` (\`id\` text not null primary key, \`code\` text not null, \`product_id\` text not null, \`owner_dealer_id\` text not null, \`owner_authorized_region_ids\` text not null, \`detected_region_id\` text not null, \`detected_region_path\` text not null, \`detected_by_dealer_id\` text null, \`event_id\` text not null, \`status\` text check (\`status\` in ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')) not null, \`detected_at\` datetime not null, \`acknowledged_at\` datetime null, \`acknowledged_by\` text null);`,
    );
    this.addSql(`create index \`diversion_alert_code_index\` on \`diversion_alert\` (\`code\`);`);
    this.addSql(
      `create index \`diversion_alert_detected_region_path_index\` on \`diversion_alert\` (\`detected_region_path\`);`,
    );
    this.addSql(`create index \`diversion_alert_status_index\` on \`diversion_alert\` (\`status\`);`);
    this.addSql(
      `create index \`diversion_alert_detected_at_id_index\` on \`diversion_alert\` (\`detected_at\`, \`id\`);`,
    );

    this.addSql(
      `create table \`region\` (\`id\` text not null primary key, \`parent_id\` text null, \`path\` text not null);`,
    );

    this.addSql(
      `create table \`serial_code\` (\`code\` text not null primary key, \`level\` text check (\`level\` in ('ITEM', 'CASE', 'PALLET')) not null, \`product_id\` text not null, \`lot_number\` text not null, \`parent_code\` text null, \`status\` text check (\`status\` in ('COMMISSIONED', 'AGGREGATED', 'SHIPPED', 'RECEIVED', 'SOLD', 'VOIDED')) not null, \`owner_dealer_id\` text null, \`owner_region_path\` text null, \`owner_authorized_region_ids\` text null, \`last_event_at\` datetime not null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create index \`serial_code_lot_number_index\` on \`serial_code\` (\`lot_number\`);`);
    this.addSql(`create index \`serial_code_parent_code_index\` on \`serial_code\` (\`parent_code\`);`);
    this.addSql(`create index \`serial_code_owner_region_path_index\` on \`serial_code\` (\`owner_region_path\`);`);
    this.addSql(
      `create index \`serial_code_owner_dealer_id_product_id_index\` on \`serial_code\` (\`owner_dealer_id\`, \`product_id\`);`,
    );
    this.addSql(`create index \`serial_code_product_id_level_index\` on \`serial_code\` (\`product_id\`, \`level\`);`);

    this.addSql(
      `create table \`trace_event\` (\`id\` text not null primary key, \`code\` text not null, \`action\` text check (\`action\` in ('COMMISSION', 'AGGREGATE', 'DISAGGREGATE', 'SHIP', 'RECEIVE', 'SELL', 'SCAN')) not null, \`biz_step\` text not null, \`dealer_id\` text null, \`warehouse_id\` text null, \`region_id\` text null, \`actor_user_id\` text null, \`at\` datetime not null, \`diverted\` integer not null, \`details\` text null);`,
    );
    this.addSql(`create index \`trace_event_code_at_index\` on \`trace_event\` (\`code\`, \`at\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`diversion_alert\`;`);
    this.addSql(`drop table if exists \`region\`;`);
    this.addSql(`drop table if exists \`serial_code\`;`);
    this.addSql(`drop table if exists \`trace_event\`;`);
  }
}
