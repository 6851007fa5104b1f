import { Migration } from '@mikro-orm/migrations';

export class Migration20261207190842_PriceControl extends Migration {
  override name = 'Migration20261207190842_PriceControl';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`price_violation\` (\`id\` text not null primary key, \`raised_at\` datetime not null, \`acknowledged_at\` datetime null, \`acknowledged_by\` text null, \`dealer_id\` text not null, \`product_id\` text not null, \`region_id\` text not null, \`region_path\` text not null, \`price_minor\` integer not null, \`minimum_minor\` integer not null, \`code\` text null, \`source\` text not null, \`report_id\` text not null, \`business_day\` text not null, \`open_key\` text null, \`status\` text check (\`status\` in ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')) not null, \`resolved_at\` datetime null);`,
    );
    this.addSql(`create index \`price_violation_dealer_id_index\` on \`price_violation\` (\`dealer_id\`);`);
    this.addSql(`create index \`price_violation_region_path_index\` on \`price_violation\` (\`region_path\`);`);
    this.addSql(`create unique index \`price_violation_open_key_unique\` on \`price_violation\` (\`open_key\`);`);
    this.addSql(`create index \`price_violation_status_index\` on \`price_violation\` (\`status\`);`);
    this.addSql(`create index \`price_violation_dealer_id_id_index\` on \`price_violation\` (\`dealer_id\`, \`id\`);`);

    this.addSql(
      `create table \`resale_floor\` (\`id\` text not null primary key, \`product_id\` text not null, \`region_id\` text not null, \`region_path\` text not null, \`min_price_minor\` integer not null, \`valid_from\` datetime not null, \`valid_to\` datetime null, \`updated_by\` text not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(`create index \`resale_floor_product_id_index\` on \`resale_floor\` (\`product_id\`);`);
    this.addSql(
      `create unique index \`resale_floor_product_id_region_id_unique\` on \`resale_floor\` (\`product_id\`, \`region_id\`);`,
    );

    this.addSql(
      `create table \`retail_price_report\` (\`id\` text not null primary key, \`product_id\` text not null, \`dealer_id\` text not null, \`region_id\` text not null, \`region_path\` text not null, \`price_minor\` integer not null, \`minimum_minor\` integer null, \`source\` text not null, \`code\` text null, \`note\` text null, \`observed_at\` datetime not null, \`reported_by\` text null, \`violation_id\` text null, \`created_at\` datetime not null);`,
    );
    this.addSql(
      `create index \`retail_price_report_dealer_id_id_index\` on \`retail_price_report\` (\`dealer_id\`, \`id\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`price_violation\`;`);
    this.addSql(`drop table if exists \`resale_floor\`;`);
    this.addSql(`drop table if exists \`retail_price_report\`;`);
  }
}
