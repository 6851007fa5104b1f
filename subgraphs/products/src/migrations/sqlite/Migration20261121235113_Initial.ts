import { Migration } from '@mikro-orm/migrations';

export class Migration20261121235113_Initial extends Migration {
  override name = 'Migration20261121235113_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`brand\` (\`id\` text not null primary key, \`code\` text not null, \`name\` text not null, \`name_en\` text not null);`,
    );
    this.addSql(`create unique index \`brand_code_unique\` on \`brand\` (\`code\`);`);

    this.addSql(
      `create table \`category\` (\`id\` text not null primary key, \`code\` text not null, \`name\` text not null, \`name_en\` text not null, \`parent_id\` text null, \`path\` text not null, \`depth\` integer not null, \`position\` integer not null);`,
    );
    this.addSql(`create unique index \`category_code_unique\` on \`category\` (\`code\`);`);
    this.addSql(`create index \`category_parent_id_index\` on \`category\` (\`parent_id\`);`);
    this.addSql(`create index \`category_path_index\` on \`category\` (\`path\`);`);

    this.addSql(
      `create table \`product\` (\`id\` text not null primary key, \`sku\` text not null, \`name\` text not null, \`name_en\` text not null, \`brand_id\` text not null, \`category_id\` text not null, \`category_path\` text not null, \`unit\` text not null, \`unit_en\` text not null, \`barcode\` text not null, \`shelf_life_days\` integer not null, \`traceable\` integer not null, \`status\` text check (\`status\` in ('ACTIVE', 'DISCONTINUED')) not null, \`search_text\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`product_sku_unique\` on \`product\` (\`sku\`);`);
    this.addSql(`create index \`product_brand_id_index\` on \`product\` (\`brand_id\`);`);
    this.addSql(`create index \`product_category_id_index\` on \`product\` (\`category_id\`);`);
    this.addSql(`create index \`product_category_path_index\` on \`product\` (\`category_path\`);`);
    this.addSql(`create index \`product_created_at_id_index\` on \`product\` (\`created_at\`, \`id\`);`);
    this.addSql(`create index \`product_name_id_index\` on \`product\` (\`name\`, \`id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`brand\`;`);
    this.addSql(`drop table if exists \`category\`;`);
    this.addSql(`drop table if exists \`product\`;`);
  }
}
