import { Migration } from '@mikro-orm/migrations';

export class Migration20261121235825_Initial extends Migration {
  override name = 'Migration20261121235825_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`dealer\` (\`id\` varchar(40) not null, \`code\` varchar(32) not null, \`name\` varchar(200) not null, \`name_en\` varchar(200) not null, \`level\` enum('NATIONAL_AGENT','PROVINCIAL_AGENT','REGIONAL_DEALER','RETAILER') not null, \`grade\` enum('A','B','C','D') not null, \`status\` enum('APPLICANT','UNDER_REVIEW','ACTIVE','SUSPENDED','TERMINATED') not null, \`parent_id\` varchar(40) null, \`region_id\` varchar(40) not null, \`region_path\` varchar(400) not null, \`dealer_path\` varchar(400) not null, \`contact_name\` varchar(60) not null, \`contact_phone\` varchar(32) not null, \`joined_at\` datetime not null, \`search_text\` varchar(600) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`dealer\` add unique \`dealer_code_unique\` (\`code\`);`);
    this.addSql(`alter table \`dealer\` add index \`dealer_parent_id_index\` (\`parent_id\`);`);
    this.addSql(`alter table \`dealer\` add index \`dealer_region_id_index\` (\`region_id\`);`);
    this.addSql(`alter table \`dealer\` add index \`dealer_region_path_index\` (\`region_path\`);`);
    this.addSql(`alter table \`dealer\` add index \`dealer_dealer_path_index\` (\`dealer_path\`);`);
    this.addSql(`alter table \`dealer\` add index \`dealer_joined_at_id_index\` (\`joined_at\`, \`id\`);`);
    this.addSql(`alter table \`dealer\` add index \`dealer_code_id_index\` (\`code\`, \`id\`);`);
    this.addSql(`alter table \`dealer\` add index \`dealer_name_id_index\` (\`name\`, \`id\`);`);

    this.addSql(
      `create table \`dealer_authorized_region\` (\`dealer_id\` varchar(40) not null, \`region_id\` varchar(40) not null, primary key (\`dealer_id\`, \`region_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`dealer_authorized_region\` add index \`dealer_authorized_region_region_id_index\` (\`region_id\`);`,
    );

    this.addSql(
      `create table \`qualification\` (\`id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`kind\` enum('BUSINESS_LICENSE','FOOD_DISTRIBUTION_LICENSE','GSP_CERTIFICATE') not null, \`number\` varchar(64) not null, \`issuer\` varchar(120) not null, \`valid_until\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`qualification\` add index \`qualification_dealer_id_index\` (\`dealer_id\`);`);
    this.addSql(`alter table \`qualification\` add index \`qualification_valid_until_index\` (\`valid_until\`);`);

    this.addSql(
      `create table \`refresh_token\` (\`id\` varchar(40) not null, \`user_id\` varchar(40) not null, \`token_hash\` varchar(64) not null, \`expires_at\` datetime not null, \`revoked_at\` datetime null, \`created_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`refresh_token\` add index \`refresh_token_user_id_index\` (\`user_id\`);`);
    this.addSql(`alter table \`refresh_token\` add unique \`refresh_token_token_hash_unique\` (\`token_hash\`);`);

    this.addSql(
      `create table \`region\` (\`id\` varchar(40) not null, \`code\` varchar(32) not null, \`name\` varchar(120) not null, \`name_en\` varchar(120) not null, \`level\` enum('COUNTRY','SALES_REGION','PROVINCE','CITY') not null, \`parent_id\` varchar(40) null, \`path\` varchar(400) not null, \`depth\` int not null, \`position\` int not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`region\` add unique \`region_code_unique\` (\`code\`);`);
    this.addSql(`alter table \`region\` add index \`region_parent_id_index\` (\`parent_id\`);`);
    this.addSql(`alter table \`region\` add index \`region_path_index\` (\`path\`);`);

    this.addSql(
      `create table \`app_user\` (\`id\` varchar(40) not null, \`username\` varchar(64) not null, \`password_hash\` varchar(255) not null, \`display_name\` varchar(120) not null, \`role\` enum('HQ_ADMIN','REGION_MANAGER','DEALER_ADMIN','DEALER_STAFF') not null, \`dealer_id\` varchar(40) null, \`region_id\` varchar(40) null, \`active\` tinyint(1) not null, \`created_at\` datetime not null, \`last_login_at\` datetime null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`app_user\` add unique \`app_user_username_unique\` (\`username\`);`);
    this.addSql(`alter table \`app_user\` add index \`app_user_dealer_id_index\` (\`dealer_id\`);`);
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
