import { Migration } from '@mikro-orm/migrations';

export class Migration20261207055837_Fulfilment extends Migration {
  override name = 'Migration20261207055837_Fulfilment';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`fulfilment_task\` (\`id\` varchar(40) not null, \`kind\` enum('SHIP','RECEIPT','CANCEL_REST','RETURN_TAKE_BACK','RETURN_RECEIVE','RETURN_CREDIT') not null, \`subject_id\` varchar(40) not null, \`order_id\` varchar(40) not null, \`status\` enum('PENDING','DONE','FAILED') not null, \`effects_done\` varchar(200) not null default '', \`payload\` text not null, \`attempts\` int not null default 0, \`last_error\` varchar(500) null, \`lease_until\` datetime not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`done_at\` datetime null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`fulfilment_task\` add index \`fulfilment_task_order_id_index\` (\`order_id\`);`);
    this.addSql(
      `alter table \`fulfilment_task\` add index \`fulfilment_task_status_lease_until_index\` (\`status\`, \`lease_until\`);`,
    );
    this.addSql(
      `alter table \`fulfilment_task\` add unique \`fulfilment_task_kind_subject_id_unique\` (\`kind\`, \`subject_id\`);`,
    );

    this.addSql(
      `create table \`shipment_lot\` (\`shipment_id\` varchar(40) not null, \`order_line_id\` varchar(40) not null, \`lot_id\` varchar(40) not null, \`product_id\` varchar(40) not null, \`lot_number\` varchar(60) null, \`expires_at\` datetime null, \`quantity\` int not null, \`received_quantity\` int null, \`damaged_quantity\` int null, primary key (\`shipment_id\`, \`order_line_id\`, \`lot_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `alter table \`sales_order\` add \`approved_at\` datetime null, add \`first_shipped_at\` datetime null, add \`completed_at\` datetime null;`,
    );
    this.addSql(
      `alter table \`sales_order\` modify \`status\` enum('PLACING','PENDING_REVIEW','APPROVED','PARTIALLY_SHIPPED','REJECTED','CANCELLED','SHIPPED','COMPLETED') not null;`,
    );

    this.addSql(
      `alter table \`order_alert\` modify \`open_key\` varchar(120) null, add \`resolved_at\` datetime null;`,
    );
    this.addSql(
      `alter table \`order_alert\` modify \`kind\` enum('REVIEW_OVERDUE','UNSHIPPED_OVERDUE','FULFILMENT_FAILED') not null;`,
    );

    this.addSql(
      `alter table \`order_event\` modify \`type\` enum('PLACED','STOCK_RESERVED','CREDIT_HELD','REVIEW_REQUESTED','RELEASED','APPROVED','REJECTED','CANCELLED','SHIPPED','PARTIALLY_SHIPPED','RECEIVED','COMPLETED','COMMENTED') not null;`,
    );
    this.addSql(
      `alter table \`order_event\` modify \`from_status\` enum('PLACING','PENDING_REVIEW','APPROVED','PARTIALLY_SHIPPED','REJECTED','CANCELLED','SHIPPED','COMPLETED') null;`,
    );
    this.addSql(
      `alter table \`order_event\` modify \`to_status\` enum('PLACING','PENDING_REVIEW','APPROVED','PARTIALLY_SHIPPED','REJECTED','CANCELLED','SHIPPED','COMPLETED') null;`,
    );

    this.addSql(
      `alter table \`order_line\` add \`tax_class\` varchar(12) not null default 'STANDARD', add \`shipped_quantity\` int not null default 0, add \`shipped_gross_minor\` int not null default 0, add \`credited_quantity\` int not null default 0, add \`credited_gross_minor\` int not null default 0;`,
    );

    this.addSql(
      `alter table \`shipment\` add \`number\` varchar(24) null, add \`dealer_id\` varchar(40) not null default '', add \`dealer_region_path\` varchar(400) not null default '', add \`seq\` int not null default 1, add \`split_from_id\` varchar(40) null, add \`version\` int not null default 0, add \`carrier\` varchar(60) null, add \`shipped_by_user_id\` varchar(40) null, add \`shipped_by_name\` varchar(120) null, add \`received_by_user_id\` varchar(40) null, add \`receipt_comment\` varchar(500) null, add \`cancelled_at\` datetime null, add \`cancel_reason\` varchar(500) null, add \`consignee_name\` varchar(200) null, add \`consignee_contact\` varchar(120) null, add \`consignee_phone\` varchar(40) null, add \`delivery_warehouse_id\` varchar(40) null, add \`settlement\` enum('NONE','PENDING','DONE','FAILED') not null default 'NONE', add \`invoice_id\` varchar(40) null, add \`created_at\` datetime null, add \`updated_at\` datetime null;`,
    );
    this.addSql(
      `alter table \`shipment\` modify \`status\` enum('PENDING','PICKING','SHIPPED','DELIVERED','CANCELLED') not null;`,
    );
    this.addSql(`alter table \`shipment\` add unique \`shipment_number_unique\` (\`number\`);`);
    this.addSql(
      `alter table \`shipment\` add index \`shipment_dealer_id_shipped_at_index\` (\`dealer_id\`, \`shipped_at\`);`,
    );
    this.addSql(
      `alter table \`shipment\` add index \`shipment_warehouse_id_status_created_at_id_index\` (\`warehouse_id\`, \`status\`, \`created_at\`, \`id\`);`,
    );

    this.addSql(
      `alter table \`shipment_line\` add \`product_id\` varchar(40) null, add \`gross_minor\` int null, add \`received_quantity\` int null, add \`damaged_quantity\` int null, add \`returned_quantity\` int not null default 0, add \`claimed_quantity\` int not null default 0;`,
    );

    // Legacy rows: PENDING is now PICKING; scope columns, numbers and cumulative line columns from their orders.
    this.addSql(`update \`shipment\` set \`status\` = 'PICKING' where \`status\` = 'PENDING';`);
    this.addSql(
      `update \`shipment\` s join \`sales_order\` o on o.\`id\` = s.\`order_id\` set s.\`dealer_id\` = o.\`dealer_id\`, s.\`dealer_region_path\` = o.\`dealer_region_path\`, s.\`created_at\` = o.\`placed_at\`, s.\`updated_at\` = o.\`updated_at\`;`,
    );
    this.addSql(
      `update \`shipment\` s join (select \`id\`, row_number() over (partition by \`order_id\` order by \`id\`) as rn from \`shipment\`) r on r.\`id\` = s.\`id\` set s.\`seq\` = r.rn;`,
    );
    this.addSql(
      `update \`shipment\` s join \`sales_order\` o on o.\`id\` = s.\`order_id\` set s.\`number\` = concat(o.\`order_number\`, '-', s.\`seq\`);`,
    );
    this.addSql(
      `update \`shipment_line\` sl join \`order_line\` l on l.\`id\` = sl.\`order_line_id\` set sl.\`product_id\` = l.\`product_id\`;`,
    );
    this.addSql(
      `update \`order_line\` l join \`sales_order\` o on o.\`id\` = l.\`order_id\` set l.\`shipped_quantity\` = l.\`quantity\`, l.\`shipped_gross_minor\` = l.\`line_total_minor\` where o.\`status\` in ('SHIPPED', 'COMPLETED');`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`fulfilment_task\`;`);
    this.addSql(`drop table if exists \`shipment_lot\`;`);

    this.addSql(`alter table \`order_alert\` drop column \`resolved_at\`, modify \`open_key\` varchar(120) not null;`);
    this.addSql(`alter table \`order_alert\` modify \`kind\` enum('REVIEW_OVERDUE') not null;`);

    this.addSql(
      `alter table \`order_event\` modify \`type\` enum('PLACED','STOCK_RESERVED','CREDIT_HELD','REVIEW_REQUESTED','RELEASED','APPROVED','REJECTED','CANCELLED','SHIPPED','COMPLETED','COMMENTED') not null;`,
    );
    this.addSql(
      `alter table \`order_event\` modify \`from_status\` enum('PLACING','PENDING_REVIEW','APPROVED','REJECTED','CANCELLED','SHIPPED','COMPLETED') null;`,
    );
    this.addSql(
      `alter table \`order_event\` modify \`to_status\` enum('PLACING','PENDING_REVIEW','APPROVED','REJECTED','CANCELLED','SHIPPED','COMPLETED') null;`,
    );

    this.addSql(
      `alter table \`order_line\` drop column \`tax_class\`, drop column \`shipped_quantity\`, drop column \`shipped_gross_minor\`, drop column \`credited_quantity\`, drop column \`credited_gross_minor\`;`,
    );

    this.addSql(
      `alter table \`sales_order\` drop column \`approved_at\`, drop column \`first_shipped_at\`, drop column \`completed_at\`;`,
    );
    this.addSql(
      `alter table \`sales_order\` modify \`status\` enum('PLACING','PENDING_REVIEW','APPROVED','REJECTED','CANCELLED','SHIPPED','COMPLETED') not null;`,
    );

    this.addSql(`alter table \`shipment\` drop index \`shipment_number_unique\`;`);
    this.addSql(`alter table \`shipment\` drop index \`shipment_dealer_id_shipped_at_index\`;`);
    this.addSql(`alter table \`shipment\` drop index \`shipment_warehouse_id_status_created_at_id_index\`;`);
    this.addSql(
      `alter table \`shipment\` drop column \`number\`, drop column \`dealer_id\`, drop column \`dealer_region_path\`, drop column \`seq\`, drop column \`split_from_id\`, drop column \`version\`, drop column \`carrier\`, drop column \`shipped_by_user_id\`, drop column \`shipped_by_name\`, drop column \`received_by_user_id\`, drop column \`receipt_comment\`, drop column \`cancelled_at\`, drop column \`cancel_reason\`, drop column \`consignee_name\`, drop column \`consignee_contact\`, drop column \`consignee_phone\`, drop column \`delivery_warehouse_id\`, drop column \`settlement\`, drop column \`invoice_id\`, drop column \`created_at\`, drop column \`updated_at\`;`,
    );
    this.addSql(`alter table \`shipment\` modify \`status\` enum('PENDING','SHIPPED','DELIVERED') not null;`);

    this.addSql(
      `alter table \`shipment_line\` drop column \`product_id\`, drop column \`gross_minor\`, drop column \`received_quantity\`, drop column \`damaged_quantity\`, drop column \`returned_quantity\`, drop column \`claimed_quantity\`;`,
    );
  }
}
