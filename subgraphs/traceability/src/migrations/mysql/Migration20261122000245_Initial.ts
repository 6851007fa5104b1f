import { Migration } from '@mikro-orm/migrations';

export class Migration20261122000245_Initial extends Migration {
  override name = 'Migration20261122000245_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`diversion_alert\` (\`id\` varchar(40) not null, \`code\` varchar(24) not null, \`product_id\` varchar(40) not null, \`owner_dealer_id\` varchar(40) not null, \`owner_authorized_region_ids\` varchar(400) not null, \`detected_region_id\` varchar(40) not null, \`detected_region_path\` varchar(400) not null, \`detected_by_dealer_id\` varchar(40) null, \`event_id\` varchar(40) not null, \`status\` enum('OPEN','ACKNOWLEDGED','RESOLVED') not null, \`detected_at\` datetime(3) not null, \`acknowledged_at\` datetime null, \`acknowledged_by\` varchar(40) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`diversion_alert\` add index \`diversion_alert_code_index\` (\`code\`);`);
    this.addSql(
      `alter table \`diversion_alert\` add index \`diversion_alert_detected_region_path_index\` (\`detected_region_path\`);`,
    );
    this.addSql(`alter table \`diversion_alert\` add index \`diversion_alert_status_index\` (\`status\`);`);
    this.addSql(
      `alter table \`diversion_alert\` add index \`diversion_alert_detected_at_id_index\` (\`detected_at\`, \`id\`);`,
    );

    this.addSql(
      `create table \`region\` (\`id\` varchar(40) not null, \`parent_id\` varchar(40) null, \`path\` varchar(400) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`serial_code\` (\`code\` varchar(24) not null, \`level\` enum('ITEM','CASE','PALLET') not null, \`product_id\` varchar(40) not null, \`lot_number\` varchar(32) not null, \`parent_code\` varchar(24) null, \`status\` enum('COMMISSIONED','AGGREGATED','SHIPPED','RECEIVED','SOLD','VOIDED') not null, \`owner_dealer_id\` varchar(40) null, \`owner_region_path\` varchar(400) null, \`owner_authorized_region_ids\` varchar(400) null, \`last_event_at\` datetime(3) not null, \`created_at\` datetime not null, primary key (\`code\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`serial_code\` add index \`serial_code_lot_number_index\` (\`lot_number\`);`);
    this.addSql(`alter table \`serial_code\` add index \`serial_code_parent_code_index\` (\`parent_code\`);`);
    this.addSql(
      `alter table \`serial_code\` add index \`serial_code_owner_region_path_index\` (\`owner_region_path\`);`,
    );
    this.addSql(
      `alter table \`serial_code\` add index \`serial_code_owner_dealer_id_product_id_index\` (\`owner_dealer_id\`, \`product_id\`);`,
    );
    this.addSql(
      `alter table \`serial_code\` add index \`serial_code_product_id_level_index\` (\`product_id\`, \`level\`);`,
    );

    this.addSql(
      `create table \`trace_event\` (\`id\` varchar(40) not null, \`code\` varchar(24) not null, \`action\` enum('COMMISSION','AGGREGATE','DISAGGREGATE','SHIP','RECEIVE','SELL','SCAN') not null, \`biz_step\` varchar(80) not null, \`dealer_id\` varchar(40) null, \`warehouse_id\` varchar(40) null, \`region_id\` varchar(40) null, \`actor_user_id\` varchar(40) null, \`at\` datetime(3) not null, \`diverted\` tinyint(1) not null, \`details\` text null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`trace_event\` add index \`trace_event_code_at_index\` (\`code\`, \`at\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`diversion_alert\`;`);
    this.addSql(`drop table if exists \`region\`;`);
    this.addSql(`drop table if exists \`serial_code\`;`);
    this.addSql(`drop table if exists \`trace_event\`;`);
  }
}
