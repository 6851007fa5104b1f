import { Migration } from '@mikro-orm/migrations';

export class Migration20261207122434_SellerLists extends Migration {
  override name = 'Migration20261207122434_SellerLists';

  override up(): void | Promise<void> {
    // Hand-written: plain column additions keep every existing row (a brand SALE list).
    this.addSql(`alter table \`price_list\` add column \`kind\` text not null default 'SALE';`);
    this.addSql(`alter table \`price_list\` add column \`seller_dealer_id\` text null;`);
    this.addSql(`create index \`price_list_seller_dealer_id_index\` on \`price_list\` (\`seller_dealer_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`price_list__temp_alter\` (\`id\` TEXT not null primary key, \`code\` TEXT not null, \`name\` TEXT not null, \`name_en\` TEXT not null, \`currency\` TEXT not null, \`dealer_grade\` TEXT check (\`dealer_grade\` in ('A', 'B', 'C', 'D')) null, \`region_id\` TEXT null, \`region_path\` TEXT null, \`region_depth\` INTEGER not null, \`priority\` INTEGER not null, \`valid_from\` datetime not null, \`valid_to\` datetime null, \`active\` INTEGER not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(
      `insert into \`price_list__temp_alter\` select \`id\`, \`code\`, \`name\`, \`name_en\`, \`currency\`, \`dealer_grade\`, \`region_id\`, \`region_path\`, \`region_depth\`, \`priority\`, \`valid_from\`, \`valid_to\`, \`active\`, \`created_at\`, \`updated_at\` from \`price_list\`;`,
    );
    this.addSql(`drop table \`price_list\`;`);
    this.addSql(`alter table \`price_list__temp_alter\` rename to \`price_list\`;`);
    this.addSql(`create index \`price_list_region_id_index\` on \`price_list\` (\`region_id\`);`);
    this.addSql(`create unique index \`price_list_code_unique\` on \`price_list\` (\`code\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }
}
