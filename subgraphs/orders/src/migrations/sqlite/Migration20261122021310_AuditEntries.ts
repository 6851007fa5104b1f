import { Migration } from '@mikro-orm/migrations';

export class Migration20261122021310_AuditEntries extends Migration {
  override name = 'Migration20261122021310_AuditEntries';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`audit_entry\` (\`id\` text not null primary key, \`at\` datetime not null, \`actor_id\` text not null, \`actor_role\` text not null, \`actor_dealer_id\` text null, \`actor_name\` text null, \`operation\` text not null, \`action\` text not null, \`entity_type\` text not null, \`entity_id\` text not null, \`before\` text null, \`after\` text null, \`request_id\` text null);`,
    );
    this.addSql(`create index \`audit_entry_at_index\` on \`audit_entry\` (\`at\`);`);
    this.addSql(`create index \`audit_entry_actor_id_index\` on \`audit_entry\` (\`actor_id\`);`);
    this.addSql(
      `create index \`audit_entry_entity_type_entity_id_index\` on \`audit_entry\` (\`entity_type\`, \`entity_id\`);`,
    );

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
    this.addSql(`drop table if exists \`audit_entry\`;`);

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
