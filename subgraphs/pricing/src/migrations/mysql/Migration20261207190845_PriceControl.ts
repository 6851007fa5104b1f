import { Migration } from '@mikro-orm/migrations';

export class Migration20261207190845_PriceControl extends Migration {
  override name = 'Migration20261207190845_PriceControl';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`price_violation\` (\`id\` varchar(40) not null, \`raised_at\` datetime not null, \`acknowledged_at\` datetime null, \`acknowledged_by\` varchar(60) null, \`dealer_id\` varchar(40) not null, \`product_id\` varchar(40) not null, \`region_id\` varchar(40) not null, \`region_path\` varchar(400) not null, \`price_minor\` int not null, \`minimum_minor\` int not null, \`code\` varchar(24) null, \`source\` varchar(8) not null, \`report_id\` varchar(40) not null, \`business_day\` varchar(10) not null, \`open_key\` varchar(140) null, \`status\` enum('OPEN','ACKNOWLEDGED','RESOLVED') not null, \`resolved_at\` datetime null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`price_violation\` add index \`price_violation_dealer_id_index\` (\`dealer_id\`);`);
    this.addSql(`alter table \`price_violation\` add index \`price_violation_region_path_index\` (\`region_path\`);`);
    this.addSql(`alter table \`price_violation\` add unique \`price_violation_open_key_unique\` (\`open_key\`);`);
    this.addSql(`alter table \`price_violation\` add index \`price_violation_status_index\` (\`status\`);`);
    this.addSql(
      `alter table \`price_violation\` add index \`price_violation_dealer_id_id_index\` (\`dealer_id\`, \`id\`);`,
    );

    this.addSql(
      `create table \`resale_floor\` (\`id\` varchar(40) not null, \`product_id\` varchar(40) not null, \`region_id\` varchar(40) not null, \`region_path\` varchar(400) not null, \`min_price_minor\` int not null, \`valid_from\` datetime not null, \`valid_to\` datetime null, \`updated_by\` varchar(60) not null, \`updated_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`resale_floor\` add index \`resale_floor_product_id_index\` (\`product_id\`);`);
    this.addSql(
      `alter table \`resale_floor\` add unique \`resale_floor_product_id_region_id_unique\` (\`product_id\`, \`region_id\`);`,
    );

    this.addSql(
      `create table \`retail_price_report\` (\`id\` varchar(40) not null, \`product_id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`region_id\` varchar(40) not null, \`region_path\` varchar(400) not null, \`price_minor\` int not null, \`minimum_minor\` int null, \`source\` varchar(8) not null, \`code\` varchar(24) null, \`note\` varchar(500) null, \`observed_at\` datetime not null, \`reported_by\` varchar(60) null, \`violation_id\` varchar(40) null, \`created_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`retail_price_report\` add index \`retail_price_report_dealer_id_id_index\` (\`dealer_id\`, \`id\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`price_violation\`;`);
    this.addSql(`drop table if exists \`resale_floor\`;`);
    this.addSql(`drop table if exists \`retail_price_report\`;`);
  }
}
