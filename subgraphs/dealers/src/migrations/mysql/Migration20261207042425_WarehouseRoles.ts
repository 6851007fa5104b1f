import { Migration } from '@mikro-orm/migrations';

export class Migration20261207042425_WarehouseRoles extends Migration {
  override name = 'Migration20261207042425_WarehouseRoles';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`user_warehouse\` (\`user_id\` varchar(40) not null, \`warehouse_id\` varchar(40) not null, \`created_at\` datetime not null, primary key (\`user_id\`, \`warehouse_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`user_warehouse\` add index \`user_warehouse_warehouse_id_index\` (\`warehouse_id\`);`);

    this.addSql(
      `alter table \`app_user\` modify \`role\` enum('HQ_ADMIN','REGION_MANAGER','DEALER_ADMIN','DEALER_STAFF','WAREHOUSE_OPERATOR','FINANCE_CLERK') not null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`user_warehouse\`;`);

    this.addSql(
      `alter table \`app_user\` modify \`role\` enum('HQ_ADMIN','REGION_MANAGER','DEALER_ADMIN','DEALER_STAFF') not null;`,
    );
  }
}
