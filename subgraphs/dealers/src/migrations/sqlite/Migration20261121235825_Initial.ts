import { Migration } from '@mikro-orm/migrations';

export class Migration20261121235825_Initial extends Migration {
  override name = 'Migration20261121235825_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`dealer\` (\`id\` text not null primary key, \`code\` text not null, \`name\` text not null, \`name_en\` text not null, \`level\` text check (\`level\` in ('NATIONAL_AGENT', 'PROVINCIAL_AGENT', 'REGIONAL_DEALER', 'RETAILER')) not null, \`grade\` text check (\`grade\` in ('A', 'B', 'C', 'D')) not null, \`status\` text check (\`status\` in ('APPLICANT', 'UNDER_REVIEW', 'ACTIVE', 'SUSPENDED', 'TERMINATED')) not null, \`parent_id\` text null, \`region_id\` text not null, \`region_path\` text not null, \`dealer_path\` text not null, \`contact_name\` text not null, \`contact_phone\` text not null, \`joined_at\` datetime not null, \`search_text\` text not null);`,
    );
    this.addSql(`create unique index \`dealer_code_unique\` on \`dealer\` (\`code\`);`);
    this.addSql(`create index \`dealer_parent_id_index\` on \`dealer\` (\`parent_id\`);`);
    this.addSql(`create index \`dealer_region_id_index\` on \`dealer\` (\`region_id\`);`);
    this.addSql(`create index \`dealer_region_path_index\` on \`dealer\` (\`region_path\`);`);
    this.addSql(`create index \`dealer_dealer_path_index\` on \`dealer\` (\`dealer_path\`);`);
    this.addSql(`create index \`dealer_joined_at_id_index\` on \`dealer\` (\`joined_at\`, \`id\`);`);
    this.addSql(`create index \`dealer_code_id_index\` on \`dealer\` (\`code\`, \`id\`);`);
    this.addSql(`create index \`dealer_name_id_index\` on \`dealer\` (\`name\`, \`id\`);`);

    this.addSql(
      `create table \`dealer_authorized_region\` (\`dealer_id\` text not null, \`region_id\` text not null, primary key (\`dealer_id\`, \`region_id\`));`,
    );
    this.addSql(
      `create index \`dealer_authorized_region_region_id_index\` on \`dealer_authorized_region\` (\`region_id\`);`,
    );

    this.addSql(
      `create table \`qualification\` (\`id\` text not null primary key, \`dealer_id\` text not null, \`kind\` text check (\`kind\` in ('BUSINESS_LICENSE', 'FOOD_DISTRIBUTION_LICENSE', 'GSP_CERTIFICATE')) not null, \`number\` text not null, \`issuer\` text not null, \`valid_until\` datetime not null);`,
    );
    this.addSql(`create index \`qualification_dealer_id_index\` on \`qualification\` (\`dealer_id\`);`);
    this.addSql(`create index \`qualification_valid_until_index\` on \`qualification\` (\`valid_until\`);`);

    this.addSql(
      `create table \`refresh_token\` (\`id\` text not null primary key, \`user_id\` text not null, \`token_hash\` text not null, \`expires_at\` datetime not null, \`revoked_at\` datetime null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create index \`refresh_token_user_id_index\` on \`refresh_token\` (\`user_id\`);`);
    this.addSql(`create unique index \`refresh_token_token_hash_unique\` on \`refresh_token\` (\`token_hash\`);`);

    this.addSql(
      `create table \`region\` (\`id\` text not null primary key, \`code\` text not null, \`name\` text not null, \`name_en\` text not null, \`level\` text check (\`level\` in ('COUNTRY', 'SALES_REGION', 'PROVINCE', 'CITY')) not null, \`parent_id\` text null, \`path\` text not null, \`depth\` integer not null, \`position\` integer not null);`,
    );
    this.addSql(`create unique index \`region_code_unique\` on \`region\` (\`code\`);`);
    this.addSql(`create index \`region_parent_id_index\` on \`region\` (\`parent_id\`);`);
    this.addSql(`create index \`region_path_index\` on \`region\` (\`path\`);`);

    this.addSql(
      `create table \`app_user\` (\`id\` text not null primary key, \`username\` text not null, \`password_hash\` text not null, \`display_name\` text not null, \`role\` text check (\`role\` in ('HQ_ADMIN', 'REGION_MANAGER', 'DEALER_ADMIN', 'DEALER_STAFF')) not null, \`dealer_id\` text null, \`region_id\` text null, \`active\` integer not null, \`created_at\` datetime not null, \`last_login_at\` datetime null);`,
    );
    this.addSql(`create unique index \`app_user_username_unique\` on \`app_user\` (\`username\`);`);
    this.addSql(`create index \`app_user_dealer_id_index\` on \`app_user\` (\`dealer_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`dealer\`;`);
    this.addSql(`drop table if exists \`dealer_authorized_region\`;`);
    this.addSql(`drop table if exists \`qualification\`;`);
    this.addSql(`drop table if exists \`refresh_token\`;`);
    this.addSql(`drop table if exists \`region\`;`);
    this.addSql(`drop table if exists \`app_user\`;`);
  }
}
