import { Migration } from '@mikro-orm/migrations';

export class Migration20261207221805_OrderRebate extends Migration {
  override name = 'Migration20261207221805_OrderRebate';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`sales_order\` add column \`rebate_minor\` integer not null default 0;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`order_saga__temp_alter\` (\`order_id\` text not null primary key, \`dealer_id\` text not null, \`step\` text check (\`step\` in ('STARTED', 'ELIGIBLE', 'PRICED', 'PROMOTIONS_CONSUMED', 'REBATE_HELD', 'RESERVED', 'CREDIT_HELD', 'COMPLETED', 'COMPENSATING', 'COMPENSATED')) not null, \`payload\` text not null, \`attempts\` integer not null, \`last_error\` text null, \`deadline_at\` datetime not null, \`lease_until\` datetime not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(
      `insert into \`order_saga__temp_alter\` select \`order_id\`, \`dealer_id\`, \`step\`, \`payload\`, \`attempts\`, \`last_error\`, \`deadline_at\`, \`lease_until\`, \`created_at\`, \`updated_at\` from \`order_saga\`;`,
    );
    this.addSql(`drop table \`order_saga\`;`);
    this.addSql(`alter table \`order_saga__temp_alter\` rename to \`order_saga\`;`);
    this.addSql(`create index \`order_saga_step_lease_until_index\` on \`order_saga\` (\`step\`, \`lease_until\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`order_saga__temp_alter\` (\`order_id\` TEXT not null primary key, \`dealer_id\` TEXT not null, \`step\` TEXT check (\`step\` in ('STARTED', 'ELIGIBLE', 'PRICED', 'PROMOTIONS_CONSUMED', 'RESERVED', 'CREDIT_HELD', 'COMPLETED', 'COMPENSATING', 'COMPENSATED')) not null, \`payload\` TEXT not null, \`attempts\` INTEGER not null, \`last_error\` TEXT null, \`deadline_at\` datetime not null, \`lease_until\` datetime not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(
      `insert into \`order_saga__temp_alter\` select \`order_id\`, \`dealer_id\`, \`step\`, \`payload\`, \`attempts\`, \`last_error\`, \`deadline_at\`, \`lease_until\`, \`created_at\`, \`updated_at\` from \`order_saga\`;`,
    );
    this.addSql(`drop table \`order_saga\`;`);
    this.addSql(`alter table \`order_saga__temp_alter\` rename to \`order_saga\`;`);
    this.addSql(`create index \`order_saga_step_lease_until_index\` on \`order_saga\` (\`step\`, \`lease_until\`);`);
    this.addSql(`pragma foreign_keys = on;`);

    this.addSql(`alter table \`sales_order\` drop column \`rebate_minor\`;`);
  }
}
