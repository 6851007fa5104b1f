import { Migration } from '@mikro-orm/migrations';

export class Migration20261122022814_OrderAlerts extends Migration {
  override name = 'Migration20261122022814_OrderAlerts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`order_alert\` (\`id\` text not null primary key, \`kind\` text check (\`kind\` in ('REVIEW_OVERDUE')) not null, \`order_id\` text not null, \`dealer_id\` text not null, \`region_path\` text not null, \`open_key\` text not null, \`message\` text not null, \`waited_minutes\` integer not null, \`threshold_minutes\` integer not null, \`raised_at\` datetime not null, \`acknowledged_at\` datetime null, \`acknowledged_by\` text null);`,
    );
    this.addSql(`create unique index \`order_alert_open_key_unique\` on \`order_alert\` (\`open_key\`);`);
    this.addSql(`create index \`order_alert_dealer_id_id_index\` on \`order_alert\` (\`dealer_id\`, \`id\`);`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`order_line__temp_alter\` (\`id\` text not null primary key, \`order_id\` text not null, \`line_no\` integer not null, \`product_id\` text not null, \`sku\` text not null, \`product_name\` text not null, \`quantity\` integer not null, \`currency\` text not null, \`unit_price_minor\` integer not null, \`line_subtotal_minor\` integer not null default 0, \`discount_minor\` integer not null default 0, \`line_total_minor\` integer not null, \`is_gift\` integer not null default false, \`promotion_id\` text null);`,
    );
    this.addSql(
      `insert into \`order_line__temp_alter\` select \`id\`, \`order_id\`, \`line_no\`, \`product_id\`, \`sku\`, \`product_name\`, \`quantity\`, \`currency\`, \`unit_price_minor\`, \`line_subtotal_minor\`, \`discount_minor\`, \`line_total_minor\`, \`is_gift\`, \`promotion_id\` from \`order_line\`;`,
    );
    this.addSql(`drop table \`order_line\`;`);
    this.addSql(`alter table \`order_line__temp_alter\` rename to \`order_line\`;`);
    this.addSql(`create index \`order_line_product_id_index\` on \`order_line\` (\`product_id\`);`);
    this.addSql(
      `create unique index \`order_line_order_id_line_no_unique\` on \`order_line\` (\`order_id\`, \`line_no\`);`,
    );
    this.addSql(`pragma foreign_keys = on;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`order_alert\`;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`order_line__temp_alter\` (\`id\` TEXT not null primary key, \`order_id\` TEXT not null, \`line_no\` INTEGER not null, \`product_id\` TEXT not null, \`sku\` TEXT not null, \`product_name\` TEXT not null, \`quantity\` INTEGER not null, \`currency\` TEXT not null, \`unit_price_minor\` INTEGER not null, \`line_total_minor\` INTEGER not null, \`line_subtotal_minor\` INTEGER not null default 0, \`discount_minor\` INTEGER not null default 0, \`is_gift\` INTEGER not null default 0, \`promotion_id\` TEXT null);`,
    );
    this.addSql(
      `insert into \`order_line__temp_alter\` select \`id\`, \`order_id\`, \`line_no\`, \`product_id\`, \`sku\`, \`product_name\`, \`quantity\`, \`currency\`, \`unit_price_minor\`, \`line_total_minor\`, \`line_subtotal_minor\`, \`discount_minor\`, \`is_gift\`, \`promotion_id\` from \`order_line\`;`,
    );
    this.addSql(`drop table \`order_line\`;`);
    this.addSql(`alter table \`order_line__temp_alter\` rename to \`order_line\`;`);
    this.addSql(
      `create unique index \`order_line_order_id_line_no_unique\` on \`order_line\` (\`order_id\`, \`line_no\`);`,
    );
    this.addSql(`create index \`order_line_product_id_index\` on \`order_line\` (\`product_id\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }
}
