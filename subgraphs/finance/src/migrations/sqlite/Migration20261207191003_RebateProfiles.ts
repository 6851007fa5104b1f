import { Migration } from '@mikro-orm/migrations';

export class Migration20261207191003_RebateProfiles extends Migration {
  override name = 'Migration20261207191003_RebateProfiles';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`dealer_profile\` (\`dealer_id\` text not null primary key, \`grade\` text not null, \`level\` text not null, \`region_path\` text not null, \`parent_id\` text null, \`status\` text not null, \`source_version\` bigint not null default '0', \`updated_at\` datetime null);`,
    );
    this.addSql(`create index \`dealer_profile_region_path_index\` on \`dealer_profile\` (\`region_path\`);`);

    this.addSql(
      `create table \`product_profile\` (\`product_id\` text not null primary key, \`sku\` text not null, \`brand_id\` text not null, \`category_path\` text not null, \`source_version\` integer not null default 0, \`updated_at\` datetime null);`,
    );
    this.addSql(`create index \`product_profile_brand_id_index\` on \`product_profile\` (\`brand_id\`);`);
    this.addSql(`create index \`product_profile_category_path_index\` on \`product_profile\` (\`category_path\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`dealer_profile\`;`);
    this.addSql(`drop table if exists \`product_profile\`;`);
  }
}
