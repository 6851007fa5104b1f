import { Migration } from '@mikro-orm/migrations';

export class Migration20261207055622_CodeLocationsAndBatches extends Migration {
  override name = 'Migration20261207055622_CodeLocationsAndBatches';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`code_batch\` (\`id\` text not null primary key, \`key\` text not null, \`action\` text check (\`action\` in ('SHIP', 'RECEIVE', 'RETURN')) not null, \`code_count\` integer not null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`code_batch_key_unique\` on \`code_batch\` (\`key\`);`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`serial_code__temp_alter\` (\`code\` text not null primary key, \`level\` text check (\`level\` in ('ITEM', 'CASE', 'PALLET')) not null, \`product_id\` text not null, \`lot_number\` text not null, \`parent_code\` text null, \`status\` text check (\`status\` in ('COMMISSIONED', 'AGGREGATED', 'SHIPPED', 'RECEIVED', 'SOLD', 'VOIDED', 'RETURNED')) not null, \`owner_dealer_id\` text null, \`owner_region_path\` text null, \`owner_authorized_region_ids\` text null, \`location_warehouse_id\` text null, \`shipment_id\` text null, \`quarantined\` integer not null default false, \`last_event_at\` datetime not null, \`created_at\` datetime not null);`,
    );
    this.addSql(
      `insert into \`serial_code__temp_alter\` select \`code\`, \`level\`, \`product_id\`, \`lot_number\`, \`parent_code\`, \`status\`, \`owner_dealer_id\`, \`owner_region_path\`, \`owner_authorized_region_ids\`, null as \`location_warehouse_id\`, null as \`shipment_id\`, 0 as \`quarantined\`, \`last_event_at\`, \`created_at\` from \`serial_code\`;`,
    );
    this.addSql(`drop table \`serial_code\`;`);
    this.addSql(`alter table \`serial_code__temp_alter\` rename to \`serial_code\`;`);
    this.addSql(`create index \`serial_code_lot_number_index\` on \`serial_code\` (\`lot_number\`);`);
    this.addSql(`create index \`serial_code_parent_code_index\` on \`serial_code\` (\`parent_code\`);`);
    this.addSql(`create index \`serial_code_owner_region_path_index\` on \`serial_code\` (\`owner_region_path\`);`);
    this.addSql(
      `create index \`serial_code_location_warehouse_id_index\` on \`serial_code\` (\`location_warehouse_id\`);`,
    );
    this.addSql(`create index \`serial_code_shipment_id_index\` on \`serial_code\` (\`shipment_id\`);`);
    this.addSql(
      `create index \`serial_code_owner_dealer_id_product_id_index\` on \`serial_code\` (\`owner_dealer_id\`, \`product_id\`);`,
    );
    this.addSql(`create index \`serial_code_product_id_level_index\` on \`serial_code\` (\`product_id\`, \`level\`);`);
    this.addSql(`pragma foreign_keys = on;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`trace_event__temp_alter\` (\`id\` text not null primary key, \`code\` text not null, \`action\` text check (\`action\` in ('COMMISSION', 'AGGREGATE', 'DISAGGREGATE', 'SHIP', 'RECEIVE', 'SELL', 'SCAN', 'RETURN')) not null, \`biz_step\` text not null, \`dealer_id\` text null, \`warehouse_id\` text null, \`region_id\` text null, \`actor_user_id\` text null, \`at\` datetime not null, \`diverted\` integer not null, \`details\` text null);`,
    );
    this.addSql(
      `insert into \`trace_event__temp_alter\` select \`id\`, \`code\`, \`action\`, \`biz_step\`, \`dealer_id\`, \`warehouse_id\`, \`region_id\`, \`actor_user_id\`, \`at\`, \`diverted\`, \`details\` from \`trace_event\`;`,
    );
    this.addSql(`drop table \`trace_event\`;`);
    this.addSql(`alter table \`trace_event__temp_alter\` rename to \`trace_event\`;`);
    this.addSql(`create index \`trace_event_code_at_index\` on \`trace_event\` (\`code\`, \`at\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`code_batch\`;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`serial_code__temp_alter\` (\`code\` TEXT not null primary key, \`level\` TEXT check (\`level\` in ('ITEM', 'CASE', 'PALLET')) not null, \`product_id\` TEXT not null, \`lot_number\` TEXT not null, \`parent_code\` TEXT null, \`status\` TEXT check (\`status\` in ('COMMISSIONED', 'AGGREGATED', 'SHIPPED', 'RECEIVED', 'SOLD', 'VOIDED')) not null, \`owner_dealer_id\` TEXT null, \`owner_region_path\` TEXT null, \`owner_authorized_region_ids\` TEXT null, \`last_event_at\` datetime not null, \`created_at\` datetime not null);`,
    );
    this.addSql(
      `insert into \`serial_code__temp_alter\` select \`code\`, \`level\`, \`product_id\`, \`lot_number\`, \`parent_code\`, \`status\`, \`owner_dealer_id\`, \`owner_region_path\`, \`owner_authorized_region_ids\`, \`last_event_at\`, \`created_at\` from \`serial_code\`;`,
    );
    this.addSql(`drop table \`serial_code\`;`);
    this.addSql(`alter table \`serial_code__temp_alter\` rename to \`serial_code\`;`);
    this.addSql(`create index \`serial_code_product_id_level_index\` on \`serial_code\` (\`product_id\`, \`level\`);`);
    this.addSql(
      `create index \`serial_code_owner_dealer_id_product_id_index\` on \`serial_code\` (\`owner_dealer_id\`, \`product_id\`);`,
    );
    this.addSql(`create index \`serial_code_owner_region_path_index\` on \`serial_code\` (\`owner_region_path\`);`);
    this.addSql(`create index \`serial_code_parent_code_index\` on \`serial_code\` (\`parent_code\`);`);
    this.addSql(`create index \`serial_code_lot_number_index\` on \`serial_code\` (\`lot_number\`);`);
    this.addSql(`pragma foreign_keys = on;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`trace_event__temp_alter\` (\`id\` TEXT not null primary key, \`code\` TEXT not null, \`action\` TEXT check (\`action\` in ('COMMISSION', 'AGGREGATE', 'DISAGGREGATE', 'SHIP', 'RECEIVE', 'SELL', 'SCAN')) not null, \`biz_step\` TEXT not null, \`dealer_id\` TEXT null, \`warehouse_id\` TEXT null, \`region_id\` TEXT null, \`actor_user_id\` TEXT null, \`at\` datetime not null, \`diverted\` INTEGER not null, \`details\` TEXT null);`,
    );
    this.addSql(
      `insert into \`trace_event__temp_alter\` select \`id\`, \`code\`, \`action\`, \`biz_step\`, \`dealer_id\`, \`warehouse_id\`, \`region_id\`, \`actor_user_id\`, \`at\`, \`diverted\`, \`details\` from \`trace_event\`;`,
    );
    this.addSql(`drop table \`trace_event\`;`);
    this.addSql(`alter table \`trace_event__temp_alter\` rename to \`trace_event\`;`);
    this.addSql(`create index \`trace_event_code_at_index\` on \`trace_event\` (\`code\`, \`at\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }
}
