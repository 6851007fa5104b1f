import { Migration } from '@mikro-orm/migrations';

export class Migration20261207042423_WarehouseRoles extends Migration {
  override name = 'Migration20261207042423_WarehouseRoles';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`user_warehouse\` (\`user_id\` text not null, \`warehouse_id\` text not null, \`created_at\` datetime not null, primary key (\`user_id\`, \`warehouse_id\`));`,
    );
    this.addSql(`create index \`user_warehouse_warehouse_id_index\` on \`user_warehouse\` (\`warehouse_id\`);`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`app_user__temp_alter\` (\`id\` text not null primary key, \`username\` text not null, \`password_hash\` text not null, \`display_name\` text not null, \`role\` text check (\`role\` in ('HQ_ADMIN', 'REGION_MANAGER', 'DEALER_ADMIN', 'DEALER_STAFF', 'WAREHOUSE_OPERATOR', 'FINANCE_CLERK')) not null, \`dealer_id\` text null, \`region_id\` text null, \`active\` integer not null, \`disabled_at\` datetime null, \`disabled_reason\` text null, \`sessions_valid_after\` datetime null, \`created_at\` datetime not null, \`last_login_at\` datetime null);`,
    );
    this.addSql(
      `insert into \`app_user__temp_alter\` select \`id\`, \`username\`, \`password_hash\`, \`display_name\`, \`role\`, \`dealer_id\`, \`region_id\`, \`active\`, \`disabled_at\`, \`disabled_reason\`, \`sessions_valid_after\`, \`created_at\`, \`last_login_at\` from \`app_user\`;`,
    );
    this.addSql(`drop table \`app_user\`;`);
    this.addSql(`alter table \`app_user__temp_alter\` rename to \`app_user\`;`);
    this.addSql(`create unique index \`app_user_username_unique\` on \`app_user\` (\`username\`);`);
    this.addSql(`create index \`app_user_dealer_id_index\` on \`app_user\` (\`dealer_id\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`user_warehouse\`;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`app_user__temp_alter\` (\`id\` TEXT not null primary key, \`username\` TEXT not null, \`password_hash\` TEXT not null, \`display_name\` TEXT not null, \`role\` TEXT check (\`role\` in ('HQ_ADMIN', 'REGION_MANAGER', 'DEALER_ADMIN', 'DEALER_STAFF')) not null, \`dealer_id\` TEXT null, \`region_id\` TEXT null, \`active\` INTEGER not null, \`created_at\` datetime not null, \`last_login_at\` datetime null, \`disabled_at\` datetime null, \`disabled_reason\` TEXT null, \`sessions_valid_after\` datetime null);`,
    );
    this.addSql(
      `insert into \`app_user__temp_alter\` select \`id\`, \`username\`, \`password_hash\`, \`display_name\`, \`role\`, \`dealer_id\`, \`region_id\`, \`active\`, \`created_at\`, \`last_login_at\`, \`disabled_at\`, \`disabled_reason\`, \`sessions_valid_after\` from \`app_user\`;`,
    );
    this.addSql(`drop table \`app_user\`;`);
    this.addSql(`alter table \`app_user__temp_alter\` rename to \`app_user\`;`);
    this.addSql(`create index \`app_user_dealer_id_index\` on \`app_user\` (\`dealer_id\`);`);
    this.addSql(`create unique index \`app_user_username_unique\` on \`app_user\` (\`username\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }
}
