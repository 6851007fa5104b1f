import { Migration } from '@mikro-orm/migrations';

export class Migration20261121235113_Initial extends Migration {
  override name = 'Migration20261121235113_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`brand\` (\`id\` varchar(40) not null, \`code\` varchar(32) not null, \`name\` varchar(120) not null, \`name_en\` varchar(120) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`brand\` add unique \`brand_code_unique\` (\`code\`);`);

    this.addSql(
      `create table \`category\` (\`id\` varchar(40) not null, \`code\` varchar(32) not null, \`name\` varchar(120) not null, \`name_en\` varchar(120) not null, \`parent_id\` varchar(40) null, \`path\` varchar(400) not null, \`depth\` int not null, \`position\` int not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`category\` add unique \`category_code_unique\` (\`code\`);`);
    this.addSql(`alter table \`category\` add index \`category_parent_id_index\` (\`parent_id\`);`);
    this.addSql(`alter table \`category\` add index \`category_path_index\` (\`path\`);`);

    this.addSql(
      `create table \`product\` (\`id\` varchar(40) not null, \`sku\` varchar(32) not null, \`name\` varchar(200) not null, \`name_en\` varchar(200) not null, \`brand_id\` varchar(40) not null, \`category_id\` varchar(40) not null, \`category_path\` varchar(400) not null, \`unit\` varchar(16) not null, \`unit_en\` varchar(16) not null, \`barcode\` varchar(32) not null, \`shelf_life_days\` int not null, \`traceable\` tinyint(1) not null, \`status\` enum('ACTIVE','DISCONTINUED') not null, \`search_text\` varchar(600) not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`product\` add unique \`product_sku_unique\` (\`sku\`);`);
    this.addSql(`alter table \`product\` add index \`product_brand_id_index\` (\`brand_id\`);`);
    this.addSql(`alter table \`product\` add index \`product_category_id_index\` (\`category_id\`);`);
    this.addSql(`alter table \`product\` add index \`product_category_path_index\` (\`category_path\`);`);
    this.addSql(`alter table \`product\` add index \`product_created_at_id_index\` (\`created_at\`, \`id\`);`);
    this.addSql(`alter table \`product\` add index \`product_name_id_index\` (\`name\`, \`id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`brand\`;`);
    this.addSql(`drop table if exists \`category\`;`);
    this.addSql(`drop table if exists \`product\`;`);
  }
}
