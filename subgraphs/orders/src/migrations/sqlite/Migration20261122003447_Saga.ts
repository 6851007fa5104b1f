import { Migration } from '@mikro-orm/migrations';

export class Migration20261122003447_Saga extends Migration {
  override name = 'Migration20261122003447_Saga';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`order_number_counter\` (\`day\` text not null primary key, \`last\` integer not null);`,
    );

    this.addSql(
      `create table \`order_saga\` (\`order_id\` text not null primary key, \`dealer_id\` text not null, \`step\` text check (\`step\` in ('STARTED', 'ELIGIBLE', 'PRICED', 'RESERVED', 'CREDIT_HELD', 'COMPLETED', 'COMPENSATING', 'COMPENSATED')) not null, \`payload\` text not null, \`attempts\` integer not null, \`last_error\` text null, \`deadline_at\` datetime not null, \`lease_until\` datetime not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(`create index \`order_saga_step_lease_until_index\` on \`order_saga\` (\`step\`, \`lease_until\`);`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`sales_order__temp_alter\` (\`id\` text not null primary key, \`order_number\` text not null, \`dealer_id\` text not null, \`dealer_region_id\` text not null, \`dealer_region_path\` text not null, \`status\` text check (\`status\` in ('PLACING', 'PENDING_REVIEW', 'APPROVED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED')) not null, \`currency\` text not null, \`subtotal_minor\` integer not null, \`discount_minor\` integer not null, \`total_minor\` integer not null, \`item_count\` integer not null, \`note\` text null, \`placed_by_user_id\` text not null, \`idempotency_key\` text null, \`delivery_warehouse_id\` text null, \`rejection_reasons\` text null, \`placed_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(
      `insert into \`sales_order__temp_alter\` select \`id\`, \`order_number\`, \`dealer_id\`, \`dealer_region_id\`, \`dealer_region_path\`, \`status\`, \`currency\`, \`subtotal_minor\`, \`discount_minor\`, \`total_minor\`, \`item_count\`, \`note\`, \`placed_by_user_id\`, \`idempotency_key\`, null as \`delivery_warehouse_id\`, null as \`rejection_reasons\`, \`placed_at\`, \`updated_at\` from \`sales_order\`;`,
    );
    this.addSql(`drop table \`sales_order\`;`);
    this.addSql(`alter table \`sales_order__temp_alter\` rename to \`sales_order\`;`);
    this.addSql(`create unique index \`sales_order_order_number_unique\` on \`sales_order\` (\`order_number\`);`);
    this.addSql(`create index \`sales_order_dealer_id_index\` on \`sales_order\` (\`dealer_id\`);`);
    this.addSql(`create index \`sales_order_dealer_region_path_index\` on \`sales_order\` (\`dealer_region_path\`);`);
    this.addSql(`create index \`sales_order_status_index\` on \`sales_order\` (\`status\`);`);
    this.addSql(
      `create index \`sales_order_dealer_id_placed_at_index\` on \`sales_order\` (\`dealer_id\`, \`placed_at\`);`,
    );
    this.addSql(`create index \`sales_order_total_minor_id_index\` on \`sales_order\` (\`total_minor\`, \`id\`);`);
    this.addSql(`create index \`sales_order_placed_at_id_index\` on \`sales_order\` (\`placed_at\`, \`id\`);`);
    this.addSql(
      `create unique index \`sales_order_dealer_id_idempotency_key_unique\` on \`sales_order\` (\`dealer_id\`, \`idempotency_key\`);`,
    );
    this.addSql(`pragma foreign_keys = on;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`order_event__temp_alter\` (\`id\` text not null primary key, \`order_id\` text not null, \`type\` text check (\`type\` in ('PLACED', 'STOCK_RESERVED', 'CREDIT_HELD', 'REVIEW_REQUESTED', 'RELEASED', 'APPROVED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED', 'COMMENTED')) not null, \`from_status\` text check (\`from_status\` in ('PLACING', 'PENDING_REVIEW', 'APPROVED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED')) null, \`to_status\` text check (\`to_status\` in ('PLACING', 'PENDING_REVIEW', 'APPROVED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED')) null, \`actor_user_id\` text null, \`actor_name\` text not null, \`comment\` text null, \`at\` datetime not null);`,
    );
    this.addSql(
      `insert into \`order_event__temp_alter\` select \`id\`, \`order_id\`, \`type\`, \`from_status\`, \`to_status\`, \`actor_user_id\`, \`actor_name\`, \`comment\`, \`at\` from \`order_event\`;`,
    );
    this.addSql(`drop table \`order_event\`;`);
    this.addSql(`alter table \`order_event__temp_alter\` rename to \`order_event\`;`);
    this.addSql(`create index \`order_event_order_id_at_index\` on \`order_event\` (\`order_id\`, \`at\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`order_number_counter\`;`);
    this.addSql(`drop table if exists \`order_saga\`;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`order_event__temp_alter\` (\`id\` TEXT not null primary key, \`order_id\` TEXT not null, \`type\` TEXT check (\`type\` in ('PLACED', 'APPROVED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED', 'COMMENTED')) not null, \`from_status\` TEXT check (\`from_status\` in ('PENDING_REVIEW', 'APPROVED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED')) null, \`to_status\` TEXT check (\`to_status\` in ('PENDING_REVIEW', 'APPROVED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED')) null, \`actor_user_id\` TEXT null, \`actor_name\` TEXT not null, \`comment\` TEXT null, \`at\` datetime not null);`,
    );
    this.addSql(
      `insert into \`order_event__temp_alter\` select \`id\`, \`order_id\`, \`type\`, \`from_status\`, \`to_status\`, \`actor_user_id\`, \`actor_name\`, \`comment\`, \`at\` from \`order_event\`;`,
    );
    this.addSql(`drop table \`order_event\`;`);
    this.addSql(`alter table \`order_event__temp_alter\` rename to \`order_event\`;`);
    this.addSql(`create index \`order_event_order_id_at_index\` on \`order_event\` (\`order_id\`, \`at\`);`);
    this.addSql(`pragma foreign_keys = on;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`sales_order__temp_alter\` (\`id\` TEXT not null primary key, \`order_number\` TEXT not null, \`dealer_id\` TEXT not null, \`dealer_region_id\` TEXT not null, \`dealer_region_path\` TEXT not null, \`status\` TEXT check (\`status\` in ('PENDING_REVIEW', 'APPROVED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED')) not null, \`currency\` TEXT not null, \`subtotal_minor\` INTEGER not null, \`discount_minor\` INTEGER not null, \`total_minor\` INTEGER not null, \`item_count\` INTEGER not null, \`note\` TEXT null, \`placed_by_user_id\` TEXT not null, \`idempotency_key\` TEXT null, \`placed_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(
      `insert into \`sales_order__temp_alter\` select \`id\`, \`order_number\`, \`dealer_id\`, \`dealer_region_id\`, \`dealer_region_path\`, \`status\`, \`currency\`, \`subtotal_minor\`, \`discount_minor\`, \`total_minor\`, \`item_count\`, \`note\`, \`placed_by_user_id\`, \`idempotency_key\`, \`placed_at\`, \`updated_at\` from \`sales_order\`;`,
    );
    this.addSql(`drop table \`sales_order\`;`);
    this.addSql(`alter table \`sales_order__temp_alter\` rename to \`sales_order\`;`);
    this.addSql(
      `create unique index \`sales_order_dealer_id_idempotency_key_unique\` on \`sales_order\` (\`dealer_id\`, \`idempotency_key\`);`,
    );
    this.addSql(`create index \`sales_order_placed_at_id_index\` on \`sales_order\` (\`placed_at\`, \`id\`);`);
    this.addSql(`create index \`sales_order_total_minor_id_index\` on \`sales_order\` (\`total_minor\`, \`id\`);`);
    this.addSql(
      `create index \`sales_order_dealer_id_placed_at_index\` on \`sales_order\` (\`dealer_id\`, \`placed_at\`);`,
    );
    this.addSql(`create index \`sales_order_status_index\` on \`sales_order\` (\`status\`);`);
    this.addSql(`create index \`sales_order_dealer_region_path_index\` on \`sales_order\` (\`dealer_region_path\`);`);
    this.addSql(`create index \`sales_order_dealer_id_index\` on \`sales_order\` (\`dealer_id\`);`);
    this.addSql(`create unique index \`sales_order_order_number_unique\` on \`sales_order\` (\`order_number\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }
}
