import { Migration } from '@mikro-orm/migrations';

export class Migration20261207122220_MasterData extends Migration {
  override name = 'Migration20261207122220_MasterData';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`product_image\` (\`id\` varchar(40) not null, \`product_id\` varchar(40) not null, \`position\` int not null, \`blob_key\` varchar(200) not null, \`sha256\` varchar(64) not null, \`content_type\` varchar(60) not null, \`width\` int not null, \`height\` int not null, \`byte_size\` int not null, \`variants\` varchar(200) not null, \`created_by_user_id\` varchar(60) not null, \`created_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`product_image\` add index \`product_image_product_id_position_index\` (\`product_id\`, \`position\`);`,
    );
    this.addSql(
      `alter table \`product_image\` add unique \`product_image_product_id_sha256_unique\` (\`product_id\`, \`sha256\`);`,
    );

    this.addSql(`alter table \`brand\` add \`active\` tinyint(1) not null default true;`);

    this.addSql(
      `alter table \`category\` add \`version\` int not null default 1, add \`active\` tinyint(1) not null default true;`,
    );

    this.addSql(
      `alter table \`product\` add \`version\` int not null default 1, add \`retired_at\` datetime null, add \`retired_by_user_id\` varchar(60) null, add \`primary_image_id\` varchar(40) null;`,
    );
    this.addSql(`alter table \`product\` add index \`product_barcode_index\` (\`barcode\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`product_image\`;`);

    this.addSql(`alter table \`brand\` drop column \`active\`;`);

    this.addSql(`alter table \`category\` drop column \`version\`, drop column \`active\`;`);

    this.addSql(`alter table \`product\` drop index \`product_barcode_index\`;`);
    this.addSql(
      `alter table \`product\` drop column \`version\`, drop column \`retired_at\`, drop column \`retired_by_user_id\`, drop column \`primary_image_id\`;`,
    );
  }
}
