import { Migration } from '@mikro-orm/migrations';

export class Migration20261207122219_MasterData extends Migration {
  override name = 'Migration20261207122219_MasterData';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`product_image\` (\`id\` text not null primary key, \`product_id\` text not null, \`position\` integer not null, \`blob_key\` text not null, \`sha256\` text not null, \`content_type\` text not null, \`width\` integer not null, \`height\` integer not null, \`byte_size\` integer not null, \`variants\` text not null, \`created_by_user_id\` text not null, \`created_at\` datetime not null);`,
    );
    this.addSql(
      `create index \`product_image_product_id_position_index\` on \`product_image\` (\`product_id\`, \`position\`);`,
    );
    this.addSql(
      `create unique index \`product_image_product_id_sha256_unique\` on \`product_image\` (\`product_id\`, \`sha256\`);`,
    );

    this.addSql(`alter table \`brand\` add column \`active\` integer not null default true;`);

    this.addSql(`alter table \`category\` add column \`version\` integer not null default 1;`);
    this.addSql(`alter table \`category\` add column \`active\` integer not null default true;`);

    this.addSql(`alter table \`product\` add column \`version\` integer not null default 1;`);
    this.addSql(`alter table \`product\` add column \`retired_at\` datetime null;`);
    this.addSql(`alter table \`product\` add column \`retired_by_user_id\` text null;`);
    this.addSql(`alter table \`product\` add column \`primary_image_id\` text null;`);
    this.addSql(`create index \`product_barcode_index\` on \`product\` (\`barcode\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`product_image\`;`);

    this.addSql(`alter table \`brand\` drop column \`active\`;`);

    this.addSql(`alter table \`category\` drop column \`version\`;`);
    this.addSql(`alter table \`category\` drop column \`active\`;`);

    this.addSql(`drop index \`product_barcode_index\`;`);
    this.addSql(`alter table \`product\` drop column \`version\`;`);
    this.addSql(`alter table \`product\` drop column \`retired_at\`;`);
    this.addSql(`alter table \`product\` drop column \`retired_by_user_id\`;`);
    this.addSql(`alter table \`product\` drop column \`primary_image_id\`;`);
  }
}
