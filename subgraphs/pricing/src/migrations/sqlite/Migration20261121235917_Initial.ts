import { Migration } from '@mikro-orm/migrations';

export class Migration20261121235917_Initial extends Migration {
  override name = 'Migration20261121235917_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`price_list\` (\`id\` text not null primary key, \`code\` text not null, \`name\` text not null, \`name_en\` text not null, \`currency\` text not null, \`dealer_grade\` text check (\`dealer_grade\` in ('A', 'B', 'C', 'D')) null, \`region_id\` text null, \`region_path\` text null, \`region_depth\` integer not null, \`priority\` integer not null, \`valid_from\` datetime not null, \`valid_to\` datetime null, \`active\` integer not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`price_list_code_unique\` on \`price_list\` (\`code\`);`);
    this.addSql(`create index \`price_list_region_id_index\` on \`price_list\` (\`region_id\`);`);

    this.addSql(
      `create table \`price_list_entry\` (\`id\` text not null primary key, \`price_list_id\` text not null, \`product_id\` text not null, \`min_quantity\` integer not null, \`unit_price_minor\` integer not null);`,
    );
    this.addSql(
      `create index \`price_list_entry_product_id_price_list_id_index\` on \`price_list_entry\` (\`product_id\`, \`price_list_id\`);`,
    );
    this.addSql(
      `create unique index \`price_list_entry_price_list_id_product_id_min_quantity_unique\` on \`price_list_entry\` (\`price_list_id\`, \`product_id\`, \`min_quantity\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`price_list\`;`);
    this.addSql(`drop table if exists \`price_list_entry\`;`);
  }
}
