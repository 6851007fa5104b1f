import { Migration } from '@mikro-orm/migrations';

export class Migration20261122000025_Initial extends Migration {
  override name = 'Migration20261122000025_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`sales_order\` (\`id\` text not null primary key, \`order_number\` text not null, \`dealer_id\` text not null, \`dealer_region_id\` text not null, \`dealer_region_path\` text not null, \`status\` text check (\`status\` in ('PENDING_REVIEW', 'APPROVED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED')) not null, \`currency\` text not null, \`subtotal_minor\` integer not null, \`discount_minor\` integer not null, \`total_minor\` integer not null, \`item_count\` integer not null, \`note\` text null, \`placed_by_user_id\` text not null, \`idempotency_key\` text null, \`placed_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
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

    this.addSql(
      `create table \`order_event\` (\`id\` text not null primary key, \`order_id\` text not null, \`type\` text check (\`type\` in ('PLACED', 'APPROVED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED', 'COMMENTED')) not null, \`from_status\` text check (\`from_status\` in ('PENDING_REVIEW', 'APPROVED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED')) null, \`to_status\` text check (\`to_status\` in ('PENDING_REVIEW', 'APPROVED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED')) null, \`actor_user_id\` text null, \`actor_name\` text not null, \`comment\` text null, \`at\` datetime not null);`,
    );
    this.addSql(`create index \`order_event_order_id_at_index\` on \`order_event\` (\`order_id\`, \`at\`);`);

    this.addSql(
      `create table \`order_line\` (\`id\` text not null primary key, \`order_id\` text not null, \`line_no\` integer not null, \`product_id\` text not null, \`sku\` text not null, \`product_name\` text not null, \`quantity\` integer not null, \`currency\` text not null, \`unit_price_minor\` integer not null, \`line_total_minor\` integer not null);`,
    );
    this.addSql(`create index \`order_line_product_id_index\` on \`order_line\` (\`product_id\`);`);
    this.addSql(
      `create unique index \`order_line_order_id_line_no_unique\` on \`order_line\` (\`order_id\`, \`line_no\`);`,
    );

    this.addSql(
      `create table \`shipment\` (\`id\` text not null primary key, \`order_id\` text not null, \`warehouse_id\` text not null, \`status\` text check (\`status\` in ('PENDING', 'SHIPPED', 'DELIVERED')) not null, \`shipped_at\` datetime null, \`delivered_at\` datetime null, \`tracking_number\` text null);`,
    );
    this.addSql(`create index \`shipment_order_id_index\` on \`shipment\` (\`order_id\`);`);
    this.addSql(`create index \`shipment_warehouse_id_index\` on \`shipment\` (\`warehouse_id\`);`);

    this.addSql(
      `create table \`shipment_line\` (\`shipment_id\` text not null, \`order_line_id\` text not null, \`quantity\` integer not null, primary key (\`shipment_id\`, \`order_line_id\`));`,
    );
    this.addSql(`create index \`shipment_line_order_line_id_index\` on \`shipment_line\` (\`order_line_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`sales_order\`;`);
    this.addSql(`drop table if exists \`order_event\`;`);
    this.addSql(`drop table if exists \`order_line\`;`);
    this.addSql(`drop table if exists \`shipment\`;`);
    this.addSql(`drop table if exists \`shipment_line\`;`);
  }
}
