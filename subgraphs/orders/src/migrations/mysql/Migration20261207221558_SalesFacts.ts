import { Migration } from '@mikro-orm/migrations';

export class Migration20261207221558_SalesFacts extends Migration {
  override name = 'Migration20261207221558_SalesFacts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`sales_fact_day\` (\`period\` varchar(10) not null, \`seller_key\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`product_id\` varchar(40) not null, \`region_path\` varchar(400) not null, \`category_path\` varchar(400) not null default '', \`brand_id\` varchar(40) not null default '', \`orders\` int not null default 0, \`order_lines\` int not null default 0, \`units\` int not null default 0, \`gross_minor\` bigint not null default '0', \`net_minor\` bigint not null default '0', primary key (\`period\`, \`seller_key\`, \`dealer_id\`, \`product_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`sales_fact_day\` add index \`sales_fact_day_region_path_index\` (\`region_path\`);`);
    this.addSql(
      `alter table \`sales_fact_day\` add index \`sales_fact_day_product_id_period_index\` (\`product_id\`, \`period\`);`,
    );
    this.addSql(
      `alter table \`sales_fact_day\` add index \`sales_fact_day_seller_key_period_index\` (\`seller_key\`, \`period\`);`,
    );
    this.addSql(
      `alter table \`sales_fact_day\` add index \`sales_fact_day_dealer_id_period_index\` (\`dealer_id\`, \`period\`);`,
    );

    this.addSql(
      `create table \`sales_fact_month\` (\`period\` varchar(10) not null, \`seller_key\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`product_id\` varchar(40) not null, \`region_path\` varchar(400) not null, \`category_path\` varchar(400) not null default '', \`brand_id\` varchar(40) not null default '', \`orders\` int not null default 0, \`order_lines\` int not null default 0, \`units\` int not null default 0, \`gross_minor\` bigint not null default '0', \`net_minor\` bigint not null default '0', primary key (\`period\`, \`seller_key\`, \`dealer_id\`, \`product_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`sales_fact_month\` add index \`sales_fact_month_region_path_index\` (\`region_path\`);`);
    this.addSql(
      `alter table \`sales_fact_month\` add index \`sales_fact_month_product_id_period_index\` (\`product_id\`, \`period\`);`,
    );
    this.addSql(
      `alter table \`sales_fact_month\` add index \`sales_fact_month_seller_key_period_index\` (\`seller_key\`, \`period\`);`,
    );
    this.addSql(
      `alter table \`sales_fact_month\` add index \`sales_fact_month_dealer_id_period_index\` (\`dealer_id\`, \`period\`);`,
    );

    this.addSql(
      `create table \`sales_fact_source\` (\`source_key\` varchar(60) not null, \`counted_at\` datetime not null, primary key (\`source_key\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`sales_product\` (\`product_id\` varchar(40) not null, \`brand_id\` varchar(40) not null, \`category_path\` varchar(400) not null, \`source_version\` int not null default 0, \`updated_at\` datetime null, primary key (\`product_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`sales_product\` add index \`sales_product_category_path_index\` (\`category_path\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`sales_fact_day\`;`);
    this.addSql(`drop table if exists \`sales_fact_month\`;`);
    this.addSql(`drop table if exists \`sales_fact_source\`;`);
    this.addSql(`drop table if exists \`sales_product\`;`);
  }
}
