import { Migration } from '@mikro-orm/migrations';

export class Migration20261207191007_RebateProfiles extends Migration {
  override name = 'Migration20261207191007_RebateProfiles';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`dealer_profile\` (\`dealer_id\` varchar(40) not null, \`grade\` varchar(16) not null, \`level\` varchar(24) not null, \`region_path\` varchar(400) not null, \`parent_id\` varchar(40) null, \`status\` varchar(24) not null, \`source_version\` bigint not null default '0', \`updated_at\` datetime null, primary key (\`dealer_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`dealer_profile\` add index \`dealer_profile_region_path_index\` (\`region_path\`);`);

    this.addSql(
      `create table \`product_profile\` (\`product_id\` varchar(40) not null, \`sku\` varchar(32) not null, \`brand_id\` varchar(40) not null, \`category_path\` varchar(400) not null, \`source_version\` int not null default 0, \`updated_at\` datetime null, primary key (\`product_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`product_profile\` add index \`product_profile_brand_id_index\` (\`brand_id\`);`);
    this.addSql(
      `alter table \`product_profile\` add index \`product_profile_category_path_index\` (\`category_path\`);`,
    );

    this.addSql(`alter table \`credit_account\` modify \`balance_minor\` bigint not null default '0';`);

    this.addSql(`alter table \`credit_hold\` modify \`captured_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`credit_hold\` modify \`released_minor\` bigint not null default '0';`);

    this.addSql(`alter table \`invoice\` modify \`net_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`invoice\` modify \`tax_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`invoice\` modify \`credited_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`invoice\` modify \`outstanding_minor\` bigint not null default '0';`);

    this.addSql(`alter table \`payment\` modify \`allocated_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`payment\` modify \`unallocated_minor\` bigint not null default '0';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`dealer_profile\`;`);
    this.addSql(`drop table if exists \`product_profile\`;`);

    this.addSql(`alter table \`credit_account\` modify \`balance_minor\` bigint not null default 0;`);

    this.addSql(`alter table \`credit_hold\` modify \`captured_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`credit_hold\` modify \`released_minor\` bigint not null default 0;`);

    this.addSql(`alter table \`invoice\` modify \`net_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`invoice\` modify \`tax_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`invoice\` modify \`credited_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`invoice\` modify \`outstanding_minor\` bigint not null default 0;`);

    this.addSql(`alter table \`payment\` modify \`allocated_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`payment\` modify \`unallocated_minor\` bigint not null default 0;`);
  }
}
