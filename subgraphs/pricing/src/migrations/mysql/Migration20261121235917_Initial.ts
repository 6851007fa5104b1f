import { Migration } from '@mikro-orm/migrations';

export class Migration20261121235917_Initial extends Migration {
  override name = 'Migration20261121235917_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`price_list\` (\`id\` varchar(40) not null, \`code\` varchar(40) not null, \`name\` varchar(120) not null, \`name_en\` varchar(120) not null, \`currency\` varchar(3) not null, \`dealer_grade\` enum('A','B','C','D') null, \`region_id\` varchar(40) null, \`region_path\` varchar(400) null, \`region_depth\` int not null, \`priority\` int not null, \`valid_from\` datetime not null, \`valid_to\` datetime null, \`active\` tinyint(1) not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`price_list\` add unique \`price_list_code_unique\` (\`code\`);`);
    this.addSql(`alter table \`price_list\` add index \`price_list_region_id_index\` (\`region_id\`);`);

    this.addSql(
      `create table \`price_list_entry\` (\`id\` varchar(60) not null, \`price_list_id\` varchar(40) not null, \`product_id\` varchar(40) not null, \`min_quantity\` int not null, \`unit_price_minor\` int not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`price_list_entry\` add index \`price_list_entry_product_id_price_list_id_index\` (\`product_id\`, \`price_list_id\`);`,
    );
    this.addSql(
      `alter table \`price_list_entry\` add unique \`price_list_entry_price_list_id_product_id_min_quantity_unique\` (\`price_list_id\`, \`product_id\`, \`min_quantity\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`price_list\`;`);
    this.addSql(`drop table if exists \`price_list_entry\`;`);
  }
}
