import { Migration } from '@mikro-orm/migrations';

export class Migration20261207221552_SalesFacts extends Migration {
  override name = 'Migration20261207221552_SalesFacts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`sales_fact_day\` (\`period\` text not null, \`seller_key\` text not null, \`dealer_id\` text not null, \`product_id\` text not null, \`region_path\` text not null, \`category_path\` text not null default '', \`brand_id\` text not null default '', \`orders\` integer not null default 0, \`order_lines\` integer not null default 0, \`units\` integer not null default 0, \`gross_minor\` bigint not null default '0', \`net_minor\` bigint not null default '0', primary key (\`period\`, \`seller_key\`, \`dealer_id\`, \`product_id\`));`,
    );
    this.addSql(`create index \`sales_fact_day_region_path_index\` on \`sales_fact_day\` (\`region_path\`);`);
    this.addSql(
      `create index \`sales_fact_day_product_id_period_index\` on \`sales_fact_day\` (\`product_id\`, \`period\`);`,
    );
    this.addSql(
      `create index \`sales_fact_day_seller_key_period_index\` on \`sales_fact_day\` (\`seller_key\`, \`period\`);`,
    );
    this.addSql(
      `create index \`sales_fact_day_dealer_id_period_index\` on \`sales_fact_day\` (\`dealer_id\`, \`period\`);`,
    );

    this.addSql(
      `create table \`sales_fact_month\` (\`period\` text not null, \`seller_key\` text not null, \`dealer_id\` text not null, \`product_id\` text not null, \`region_path\` text not null, \`category_path\` text not null default '', \`brand_id\` text not null default '', \`orders\` integer not null default 0, \`order_lines\` integer not null default 0, \`units\` integer not null default 0, \`gross_minor\` bigint not null default '0', \`net_minor\` bigint not null default '0', primary key (\`period\`, \`seller_key\`, \`dealer_id\`, \`product_id\`));`,
    );
    this.addSql(`create index \`sales_fact_month_region_path_index\` on \`sales_fact_month\` (\`region_path\`);`);
    this.addSql(
      `create index \`sales_fact_month_product_id_period_index\` on \`sales_fact_month\` (\`product_id\`, \`period\`);`,
    );
    this.addSql(
      `create index \`sales_fact_month_seller_key_period_index\` on \`sales_fact_month\` (\`seller_key\`, \`period\`);`,
    );
    this.addSql(
      `create index \`sales_fact_month_dealer_id_period_index\` on \`sales_fact_month\` (\`dealer_id\`, \`period\`);`,
    );

    this.addSql(
      `create table \`sales_fact_source\` (\`source_key\` text not null primary key, \`counted_at\` datetime not null);`,
    );

    this.addSql(
      `create table \`sales_product\` (\`product_id\` text not null primary key, \`brand_id\` text not null, \`category_path\` text not null, \`source_version\` integer not null default 0, \`updated_at\` datetime null);`,
    );
    this.addSql(`create index \`sales_product_category_path_index\` on \`sales_product\` (\`category_path\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`sales_fact_day\`;`);
    this.addSql(`drop table if exists \`sales_fact_month\`;`);
    this.addSql(`drop table if exists \`sales_fact_source\`;`);
    this.addSql(`drop table if exists \`sales_product\`;`);
  }
}
