import { Migration } from '@mikro-orm/migrations';

export class Migration20261122000025_Initial extends Migration {
  override name = 'Migration20261122000025_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`sales_order\` (\`id\` varchar(40) not null, \`order_number\` varchar(20) not null, \`dealer_id\` varchar(40) not null, \`dealer_region_id\` varchar(40) not null, \`dealer_region_path\` varchar(400) not null, \`status\` enum('PENDING_REVIEW','APPROVED','REJECTED','CANCELLED','SHIPPED','COMPLETED') not null, \`currency\` varchar(3) not null, \`subtotal_minor\` int not null, \`discount_minor\` int not null, \`total_minor\` int not null, \`item_count\` int not null, \`note\` varchar(500) null, \`placed_by_user_id\` varchar(40) not null, \`idempotency_key\` varchar(80) null, \`placed_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`sales_order\` add unique \`sales_order_order_number_unique\` (\`order_number\`);`);
    this.addSql(`alter table \`sales_order\` add index \`sales_order_dealer_id_index\` (\`dealer_id\`);`);
    this.addSql(
      `alter table \`sales_order\` add index \`sales_order_dealer_region_path_index\` (\`dealer_region_path\`);`,
    );
    this.addSql(`alter table \`sales_order\` add index \`sales_order_status_index\` (\`status\`);`);
    this.addSql(
      `alter table \`sales_order\` add index \`sales_order_dealer_id_placed_at_index\` (\`dealer_id\`, \`placed_at\`);`,
    );
    this.addSql(
      `alter table \`sales_order\` add index \`sales_order_total_minor_id_index\` (\`total_minor\`, \`id\`);`,
    );
    this.addSql(`alter table \`sales_order\` add index \`sales_order_placed_at_id_index\` (\`placed_at\`, \`id\`);`);
    this.addSql(
      `alter table \`sales_order\` add unique \`sales_order_dealer_id_idempotency_key_unique\` (\`dealer_id\`, \`idempotency_key\`);`,
    );

    this.addSql(
      `create table \`order_event\` (\`id\` varchar(40) not null, \`order_id\` varchar(40) not null, \`type\` enum('PLACED','APPROVED','REJECTED','CANCELLED','SHIPPED','COMPLETED','COMMENTED') not null, \`from_status\` enum('PENDING_REVIEW','APPROVED','REJECTED','CANCELLED','SHIPPED','COMPLETED') null, \`to_status\` enum('PENDING_REVIEW','APPROVED','REJECTED','CANCELLED','SHIPPED','COMPLETED') null, \`actor_user_id\` varchar(40) null, \`actor_name\` varchar(120) not null, \`comment\` varchar(500) null, \`at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`order_event\` add index \`order_event_order_id_at_index\` (\`order_id\`, \`at\`);`);

    this.addSql(
      `create table \`order_line\` (\`id\` varchar(40) not null, \`order_id\` varchar(40) not null, \`line_no\` int not null, \`product_id\` varchar(40) not null, \`sku\` varchar(32) not null, \`product_name\` varchar(200) not null, \`quantity\` int not null, \`currency\` varchar(3) not null, \`unit_price_minor\` int not null, \`line_total_minor\` int not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`order_line\` add index \`order_line_product_id_index\` (\`product_id\`);`);
    this.addSql(
      `alter table \`order_line\` add unique \`order_line_order_id_line_no_unique\` (\`order_id\`, \`line_no\`);`,
    );

    this.addSql(
      `create table \`shipment\` (\`id\` varchar(40) not null, \`order_id\` varchar(40) not null, \`warehouse_id\` varchar(40) not null, \`status\` enum('PENDING','SHIPPED','DELIVERED') not null, \`shipped_at\` datetime null, \`delivered_at\` datetime null, \`tracking_number\` varchar(40) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`shipment\` add index \`shipment_order_id_index\` (\`order_id\`);`);
    this.addSql(`alter table \`shipment\` add index \`shipment_warehouse_id_index\` (\`warehouse_id\`);`);

    this.addSql(
      `create table \`shipment_line\` (\`shipment_id\` varchar(40) not null, \`order_line_id\` varchar(40) not null, \`quantity\` int not null, primary key (\`shipment_id\`, \`order_line_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`shipment_line\` add index \`shipment_line_order_line_id_index\` (\`order_line_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`sales_order\`;`);
    this.addSql(`drop table if exists \`order_event\`;`);
    this.addSql(`drop table if exists \`order_line\`;`);
    this.addSql(`drop table if exists \`shipment\`;`);
    this.addSql(`drop table if exists \`shipment_line\`;`);
  }
}
