import { Migration } from '@mikro-orm/migrations';

export class Migration20261207055623_CodeLocationsAndBatches extends Migration {
  override name = 'Migration20261207055623_CodeLocationsAndBatches';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`code_batch\` (\`id\` varchar(40) not null, \`key\` varchar(120) not null, \`action\` enum('SHIP','RECEIVE','RETURN') not null, \`code_count\` int not null, \`created_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`code_batch\` add unique \`code_batch_key_unique\` (\`key\`);`);

    this.addSql(
      `alter table \`serial_code\` add \`location_warehouse_id\` varchar(40) null, add \`shipment_id\` varchar(40) null, add \`quarantined\` tinyint(1) not null default false;`,
    );
    this.addSql(
      `alter table \`serial_code\` modify \`status\` enum('COMMISSIONED','AGGREGATED','SHIPPED','RECEIVED','SOLD','VOIDED','RETURNED') not null;`,
    );
    this.addSql(
      `alter table \`serial_code\` add index \`serial_code_location_warehouse_id_index\` (\`location_warehouse_id\`);`,
    );
    this.addSql(`alter table \`serial_code\` add index \`serial_code_shipment_id_index\` (\`shipment_id\`);`);

    this.addSql(
      `alter table \`trace_event\` modify \`action\` enum('COMMISSION','AGGREGATE','DISAGGREGATE','SHIP','RECEIVE','SELL','SCAN','RETURN') not null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`code_batch\`;`);

    this.addSql(`alter table \`serial_code\` drop index \`serial_code_location_warehouse_id_index\`;`);
    this.addSql(`alter table \`serial_code\` drop index \`serial_code_shipment_id_index\`;`);
    this.addSql(
      `alter table \`serial_code\` drop column \`location_warehouse_id\`, drop column \`shipment_id\`, drop column \`quarantined\`;`,
    );
    this.addSql(
      `alter table \`serial_code\` modify \`status\` enum('COMMISSIONED','AGGREGATED','SHIPPED','RECEIVED','SOLD','VOIDED') not null;`,
    );

    this.addSql(
      `alter table \`trace_event\` modify \`action\` enum('COMMISSION','AGGREGATE','DISAGGREGATE','SHIP','RECEIVE','SELL','SCAN') not null;`,
    );
  }
}
