import { Migration } from '@mikro-orm/migrations';

export class Migration20261207055834_Fulfilment extends Migration {
  override name = 'Migration20261207055834_Fulfilment';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`fulfilment_task\` (\`id\` text not null primary key, \`kind\` text check (\`kind\` in ('SHIP', 'RECEIPT', 'CANCEL_REST', 'RETURN_TAKE_BACK', 'RETURN_RECEIVE', 'RETURN_CREDIT')) not null, \`subject_id\` text not null, \`order_id\` text not null, \`status\` text check (\`status\` in ('PENDING', 'DONE', 'FAILED')) not null, \`effects_done\` text not null default '', \`payload\` text not null, \`attempts\` integer not null default 0, \`last_error\` text null, \`lease_until\` datetime not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`done_at\` datetime null);`,
    );
    this.addSql(`create index \`fulfilment_task_order_id_index\` on \`fulfilment_task\` (\`order_id\`);`);
    this.addSql(
      `create index \`fulfilment_task_status_lease_until_index\` on \`fulfilment_task\` (\`status\`, \`lease_until\`);`,
    );
    this.addSql(
      `create unique index \`fulfilment_task_kind_subject_id_unique\` on \`fulfilment_task\` (\`kind\`, \`subject_id\`);`,
    );

    this.addSql(
      `create table \`shipment_lot\` (\`shipment_id\` text not null, \`order_line_id\` text not null, \`lot_id\` text not null, \`product_id\` text not null, \`lot_number\` text null, \`expires_at\` datetime null, \`quantity\` integer not null, \`received_quantity\` integer null, \`damaged_quantity\` integer null, primary key (\`shipment_id\`, \`order_line_id\`, \`lot_id\`));`,
    );

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`sales_order__temp_alter\` (\`id\` text not null primary key, \`order_number\` text not null, \`dealer_id\` text not null, \`dealer_region_id\` text not null, \`dealer_region_path\` text not null, \`status\` text check (\`status\` in ('PLACING', 'PENDING_REVIEW', 'APPROVED', 'PARTIALLY_SHIPPED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED')) not null, \`currency\` text not null, \`subtotal_minor\` integer not null, \`discount_minor\` integer not null, \`total_minor\` integer not null, \`item_count\` integer not null, \`applied_promotions\` text null, \`note\` text null, \`placed_by_user_id\` text not null, \`idempotency_key\` text null, \`delivery_warehouse_id\` text null, \`rejection_reasons\` text null, \`placed_at\` datetime not null, \`updated_at\` datetime not null, \`approved_at\` datetime null, \`first_shipped_at\` datetime null, \`completed_at\` datetime null);`,
    );
    this.addSql(
      `insert into \`sales_order__temp_alter\` select \`id\`, \`order_number\`, \`dealer_id\`, \`dealer_region_id\`, \`dealer_region_path\`, \`status\`, \`currency\`, \`subtotal_minor\`, \`discount_minor\`, \`total_minor\`, \`item_count\`, \`applied_promotions\`, \`note\`, \`placed_by_user_id\`, \`idempotency_key\`, \`delivery_warehouse_id\`, \`rejection_reasons\`, \`placed_at\`, \`updated_at\`, null as \`approved_at\`, null as \`first_shipped_at\`, null as \`completed_at\` from \`sales_order\`;`,
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
      `create table \`order_alert__temp_alter\` (\`id\` text not null primary key, \`raised_at\` datetime not null, \`acknowledged_at\` datetime null, \`acknowledged_by\` text null, \`kind\` text check (\`kind\` in ('REVIEW_OVERDUE', 'UNSHIPPED_OVERDUE', 'FULFILMENT_FAILED')) not null, \`order_id\` text not null, \`dealer_id\` text not null, \`region_path\` text not null, \`open_key\` text null, \`message\` text not null, \`waited_minutes\` integer not null, \`threshold_minutes\` integer not null, \`resolved_at\` datetime null);`,
    );
    this.addSql(
      `insert into \`order_alert__temp_alter\` select \`id\`, \`raised_at\`, \`acknowledged_at\`, \`acknowledged_by\`, \`kind\`, \`order_id\`, \`dealer_id\`, \`region_path\`, \`open_key\`, \`message\`, \`waited_minutes\`, \`threshold_minutes\`, null as \`resolved_at\` from \`order_alert\`;`,
    );
    this.addSql(`drop table \`order_alert\`;`);
    this.addSql(`alter table \`order_alert__temp_alter\` rename to \`order_alert\`;`);
    this.addSql(`create unique index \`order_alert_open_key_unique\` on \`order_alert\` (\`open_key\`);`);
    this.addSql(`create index \`order_alert_dealer_id_id_index\` on \`order_alert\` (\`dealer_id\`, \`id\`);`);
    this.addSql(`pragma foreign_keys = on;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`order_event__temp_alter\` (\`id\` text not null primary key, \`order_id\` text not null, \`type\` text check (\`type\` in ('PLACED', 'STOCK_RESERVED', 'CREDIT_HELD', 'REVIEW_REQUESTED', 'RELEASED', 'APPROVED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'PARTIALLY_SHIPPED', 'RECEIVED', 'COMPLETED', 'COMMENTED')) not null, \`from_status\` text check (\`from_status\` in ('PLACING', 'PENDING_REVIEW', 'APPROVED', 'PARTIALLY_SHIPPED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED')) null, \`to_status\` text check (\`to_status\` in ('PLACING', 'PENDING_REVIEW', 'APPROVED', 'PARTIALLY_SHIPPED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED')) null, \`actor_user_id\` text null, \`actor_name\` text not null, \`comment\` text null, \`message_code\` text null, \`message_args\` text null, \`at\` datetime not null);`,
    );
    this.addSql(
      `insert into \`order_event__temp_alter\` select \`id\`, \`order_id\`, \`type\`, \`from_status\`, \`to_status\`, \`actor_user_id\`, \`actor_name\`, \`comment\`, \`message_code\`, \`message_args\`, \`at\` from \`order_event\`;`,
    );
    this.addSql(`drop table \`order_event\`;`);
    this.addSql(`alter table \`order_event__temp_alter\` rename to \`order_event\`;`);
    this.addSql(`create index \`order_event_order_id_at_index\` on \`order_event\` (\`order_id\`, \`at\`);`);
    this.addSql(`pragma foreign_keys = on;`);

    this.addSql(`alter table \`order_line\` add column \`tax_class\` text not null default 'STANDARD';`);
    this.addSql(`alter table \`order_line\` add column \`shipped_quantity\` integer not null default 0;`);
    this.addSql(`alter table \`order_line\` add column \`shipped_gross_minor\` integer not null default 0;`);
    this.addSql(`alter table \`order_line\` add column \`credited_quantity\` integer not null default 0;`);
    this.addSql(`alter table \`order_line\` add column \`credited_gross_minor\` integer not null default 0;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`shipment__temp_alter\` (\`id\` text not null primary key, \`number\` text null, \`order_id\` text not null, \`warehouse_id\` text not null, \`dealer_id\` text not null default '', \`dealer_region_path\` text not null default '', \`seq\` integer not null default 1, \`status\` text check (\`status\` in ('PENDING', 'PICKING', 'SHIPPED', 'DELIVERED', 'CANCELLED')) not null, \`split_from_id\` text null, \`version\` integer not null default 0, \`carrier\` text null, \`tracking_number\` text null, \`shipped_at\` datetime null, \`shipped_by_user_id\` text null, \`shipped_by_name\` text null, \`delivered_at\` datetime null, \`received_by_user_id\` text null, \`receipt_comment\` text null, \`cancelled_at\` datetime null, \`cancel_reason\` text null, \`consignee_name\` text null, \`consignee_contact\` text null, \`consignee_phone\` text null, \`delivery_warehouse_id\` text null, \`settlement\` text check (\`settlement\` in ('NONE', 'PENDING', 'DONE', 'FAILED')) not null default 'NONE', \`invoice_id\` text null, \`created_at\` datetime null, \`updated_at\` datetime null);`,
    );
    this.addSql(
      `insert into \`shipment__temp_alter\` select \`id\`, null as \`number\`, \`order_id\`, \`warehouse_id\`, '' as \`dealer_id\`, '' as \`dealer_region_path\`, 1 as \`seq\`, \`status\`, null as \`split_from_id\`, 0 as \`version\`, null as \`carrier\`, \`tracking_number\`, \`shipped_at\`, null as \`shipped_by_user_id\`, null as \`shipped_by_name\`, \`delivered_at\`, null as \`received_by_user_id\`, null as \`receipt_comment\`, null as \`cancelled_at\`, null as \`cancel_reason\`, null as \`consignee_name\`, null as \`consignee_contact\`, null as \`consignee_phone\`, null as \`delivery_warehouse_id\`, 'NONE' as \`settlement\`, null as \`invoice_id\`, null as \`created_at\`, null as \`updated_at\` from \`shipment\`;`,
    );
    this.addSql(`drop table \`shipment\`;`);
    this.addSql(`alter table \`shipment__temp_alter\` rename to \`shipment\`;`);
    this.addSql(`create unique index \`shipment_number_unique\` on \`shipment\` (\`number\`);`);
    this.addSql(`create index \`shipment_order_id_index\` on \`shipment\` (\`order_id\`);`);
    this.addSql(`create index \`shipment_warehouse_id_index\` on \`shipment\` (\`warehouse_id\`);`);
    this.addSql(
      `create index \`shipment_dealer_id_shipped_at_index\` on \`shipment\` (\`dealer_id\`, \`shipped_at\`);`,
    );
    this.addSql(
      `create index \`shipment_warehouse_id_status_created_at_id_index\` on \`shipment\` (\`warehouse_id\`, \`status\`, \`created_at\`, \`id\`);`,
    );
    this.addSql(`pragma foreign_keys = on;`);

    this.addSql(`alter table \`shipment_line\` add column \`product_id\` text null;`);
    this.addSql(`alter table \`shipment_line\` add column \`gross_minor\` integer null;`);
    this.addSql(`alter table \`shipment_line\` add column \`received_quantity\` integer null;`);
    this.addSql(`alter table \`shipment_line\` add column \`damaged_quantity\` integer null;`);
    this.addSql(`alter table \`shipment_line\` add column \`returned_quantity\` integer not null default 0;`);
    this.addSql(`alter table \`shipment_line\` add column \`claimed_quantity\` integer not null default 0;`);

    // Legacy rows: PENDING is now PICKING; scope columns, numbers and cumulative line columns from their orders.
    this.addSql(`update \`shipment\` set \`status\` = 'PICKING' where \`status\` = 'PENDING';`);
    this.addSql(
      `update \`shipment\` set \`dealer_id\` = (select o.\`dealer_id\` from \`sales_order\` o where o.\`id\` = \`shipment\`.\`order_id\`), \`dealer_region_path\` = (select o.\`dealer_region_path\` from \`sales_order\` o where o.\`id\` = \`shipment\`.\`order_id\`), \`created_at\` = (select o.\`placed_at\` from \`sales_order\` o where o.\`id\` = \`shipment\`.\`order_id\`), \`updated_at\` = (select o.\`updated_at\` from \`sales_order\` o where o.\`id\` = \`shipment\`.\`order_id\`);`,
    );
    this.addSql(
      `update \`shipment\` set \`seq\` = (select count(*) from \`shipment\` s2 where s2.\`order_id\` = \`shipment\`.\`order_id\` and s2.\`id\` <= \`shipment\`.\`id\`);`,
    );
    this.addSql(
      `update \`shipment\` set \`number\` = (select o.\`order_number\` from \`sales_order\` o where o.\`id\` = \`shipment\`.\`order_id\`) || '-' || \`seq\`;`,
    );
    this.addSql(
      `update \`shipment_line\` set \`product_id\` = (select l.\`product_id\` from \`order_line\` l where l.\`id\` = \`shipment_line\`.\`order_line_id\`);`,
    );
    this.addSql(
      `update \`order_line\` set \`shipped_quantity\` = \`quantity\`, \`shipped_gross_minor\` = \`line_total_minor\` where \`order_id\` in (select \`id\` from \`sales_order\` where \`status\` in ('SHIPPED', 'COMPLETED'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`fulfilment_task\`;`);
    this.addSql(`drop table if exists \`shipment_lot\`;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`order_alert__temp_alter\` (\`id\` TEXT not null primary key, \`kind\` TEXT check (\`kind\` in ('REVIEW_OVERDUE')) not null, \`order_id\` TEXT not null, \`dealer_id\` TEXT not null, \`region_path\` TEXT not null, \`open_key\` TEXT not null, \`message\` TEXT not null, \`waited_minutes\` INTEGER not null, \`threshold_minutes\` INTEGER not null, \`raised_at\` datetime not null, \`acknowledged_at\` datetime null, \`acknowledged_by\` TEXT null);`,
    );
    this.addSql(
      `insert into \`order_alert__temp_alter\` select \`id\`, \`kind\`, \`order_id\`, \`dealer_id\`, \`region_path\`, \`open_key\`, \`message\`, \`waited_minutes\`, \`threshold_minutes\`, \`raised_at\`, \`acknowledged_at\`, \`acknowledged_by\` from \`order_alert\`;`,
    );
    this.addSql(`drop table \`order_alert\`;`);
    this.addSql(`alter table \`order_alert__temp_alter\` rename to \`order_alert\`;`);
    this.addSql(`create index \`order_alert_dealer_id_id_index\` on \`order_alert\` (\`dealer_id\`, \`id\`);`);
    this.addSql(`create unique index \`order_alert_open_key_unique\` on \`order_alert\` (\`open_key\`);`);
    this.addSql(`pragma foreign_keys = on;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`order_event__temp_alter\` (\`id\` TEXT not null primary key, \`order_id\` TEXT not null, \`type\` TEXT check (\`type\` in ('PLACED', 'STOCK_RESERVED', 'CREDIT_HELD', 'REVIEW_REQUESTED', 'RELEASED', 'APPROVED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED', 'COMMENTED')) not null, \`from_status\` TEXT check (\`from_status\` in ('PLACING', 'PENDING_REVIEW', 'APPROVED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED')) null, \`to_status\` TEXT check (\`to_status\` in ('PLACING', 'PENDING_REVIEW', 'APPROVED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED')) null, \`actor_user_id\` TEXT null, \`actor_name\` TEXT not null, \`comment\` TEXT null, \`at\` datetime not null, \`message_code\` TEXT null, \`message_args\` TEXT null);`,
    );
    this.addSql(
      `insert into \`order_event__temp_alter\` select \`id\`, \`order_id\`, \`type\`, \`from_status\`, \`to_status\`, \`actor_user_id\`, \`actor_name\`, \`comment\`, \`at\`, \`message_code\`, \`message_args\` from \`order_event\`;`,
    );
    this.addSql(`drop table \`order_event\`;`);
    this.addSql(`alter table \`order_event__temp_alter\` rename to \`order_event\`;`);
    this.addSql(`create index \`order_event_order_id_at_index\` on \`order_event\` (\`order_id\`, \`at\`);`);
    this.addSql(`pragma foreign_keys = on;`);

    this.addSql(`alter table \`order_line\` drop column \`tax_class\`;`);
    this.addSql(`alter table \`order_line\` drop column \`shipped_quantity\`;`);
    this.addSql(`alter table \`order_line\` drop column \`shipped_gross_minor\`;`);
    this.addSql(`alter table \`order_line\` drop column \`credited_quantity\`;`);
    this.addSql(`alter table \`order_line\` drop column \`credited_gross_minor\`;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`sales_order__temp_alter\` (\`id\` TEXT not null primary key, \`order_number\` TEXT not null, \`dealer_id\` TEXT not null, \`dealer_region_id\` TEXT not null, \`dealer_region_path\` TEXT not null, \`status\` TEXT check (\`status\` in ('PLACING', 'PENDING_REVIEW', 'APPROVED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'COMPLETED')) not null, \`currency\` TEXT not null, \`subtotal_minor\` INTEGER not null, \`discount_minor\` INTEGER not null, \`total_minor\` INTEGER not null, \`item_count\` INTEGER not null, \`note\` TEXT null, \`placed_by_user_id\` TEXT not null, \`idempotency_key\` TEXT null, \`delivery_warehouse_id\` TEXT null, \`rejection_reasons\` TEXT null, \`placed_at\` datetime not null, \`updated_at\` datetime not null, \`applied_promotions\` TEXT null);`,
    );
    this.addSql(
      `insert into \`sales_order__temp_alter\` select \`id\`, \`order_number\`, \`dealer_id\`, \`dealer_region_id\`, \`dealer_region_path\`, \`status\`, \`currency\`, \`subtotal_minor\`, \`discount_minor\`, \`total_minor\`, \`item_count\`, \`note\`, \`placed_by_user_id\`, \`idempotency_key\`, \`delivery_warehouse_id\`, \`rejection_reasons\`, \`placed_at\`, \`updated_at\`, \`applied_promotions\` from \`sales_order\`;`,
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

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`shipment__temp_alter\` (\`id\` TEXT not null primary key, \`order_id\` TEXT not null, \`warehouse_id\` TEXT not null, \`status\` TEXT check (\`status\` in ('PENDING', 'SHIPPED', 'DELIVERED')) not null, \`shipped_at\` datetime null, \`delivered_at\` datetime null, \`tracking_number\` TEXT null);`,
    );
    this.addSql(
      `insert into \`shipment__temp_alter\` select \`id\`, \`order_id\`, \`warehouse_id\`, \`status\`, \`shipped_at\`, \`delivered_at\`, \`tracking_number\` from \`shipment\`;`,
    );
    this.addSql(`drop table \`shipment\`;`);
    this.addSql(`alter table \`shipment__temp_alter\` rename to \`shipment\`;`);
    this.addSql(`create index \`shipment_warehouse_id_index\` on \`shipment\` (\`warehouse_id\`);`);
    this.addSql(`create index \`shipment_order_id_index\` on \`shipment\` (\`order_id\`);`);
    this.addSql(`pragma foreign_keys = on;`);

    this.addSql(`alter table \`shipment_line\` drop column \`product_id\`;`);
    this.addSql(`alter table \`shipment_line\` drop column \`gross_minor\`;`);
    this.addSql(`alter table \`shipment_line\` drop column \`received_quantity\`;`);
    this.addSql(`alter table \`shipment_line\` drop column \`damaged_quantity\`;`);
    this.addSql(`alter table \`shipment_line\` drop column \`returned_quantity\`;`);
    this.addSql(`alter table \`shipment_line\` drop column \`claimed_quantity\`;`);
  }
}
