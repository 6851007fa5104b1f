import { Migration } from '@mikro-orm/migrations';

export class Migration20261207061626_Returns extends Migration {
  override name = 'Migration20261207061626_Returns';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`return_line\` (\`id\` varchar(40) not null, \`return_id\` varchar(40) not null, \`line_no\` int not null, \`shipment_id\` varchar(40) not null, \`order_line_id\` varchar(40) not null, \`product_id\` varchar(40) not null, \`lot_id\` varchar(40) null, \`lot_number\` varchar(60) null, \`expires_at\` datetime null, \`kind\` enum('GOODS','SHORT') not null, \`damaged\` tinyint(1) not null default false, \`requested_quantity\` int not null, \`accepted_quantity\` int null, \`received_quantity\` int null, \`disposition\` enum('SELLABLE','QUARANTINE') null, \`codes\` text null, \`gross_minor\` int null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`return_line\` add unique \`return_line_return_id_line_no_unique\` (\`return_id\`, \`line_no\`);`,
    );

    this.addSql(
      `create table \`return_number_counter\` (\`day\` varchar(8) not null, \`last\` int not null, primary key (\`day\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`return_request\` (\`id\` varchar(40) not null, \`number\` varchar(20) not null, \`order_id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`dealer_region_path\` varchar(400) not null, \`source\` enum('DEALER','RECEIPT_DISCREPANCY') not null, \`reason\` enum('DAMAGED','SHORT_DELIVERED','QUALITY','WRONG_ITEM','NEAR_EXPIRY','OTHER') not null, \`comment\` varchar(500) null, \`status\` enum('REQUESTED','APPROVED','REJECTED','RECEIVED','CREDITED') not null, \`version\` int not null default 0, \`idempotency_key\` varchar(80) not null, \`requested_by_user_id\` varchar(40) null, \`requested_at\` datetime not null, \`reviewed_by_user_id\` varchar(40) null, \`reviewed_at\` datetime null, \`review_comment\` varchar(500) null, \`warehouse_id\` varchar(40) null, \`received_at\` datetime null, \`received_by_user_id\` varchar(40) null, \`credit_note_id\` varchar(40) null, \`credited_gross_minor\` int null, \`credited_at\` datetime null, \`updated_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`return_request\` add unique \`return_request_number_unique\` (\`number\`);`);
    this.addSql(`alter table \`return_request\` add index \`return_request_order_id_index\` (\`order_id\`);`);
    this.addSql(`alter table \`return_request\` add index \`return_request_warehouse_id_index\` (\`warehouse_id\`);`);
    this.addSql(
      `alter table \`return_request\` add index \`return_request_dealer_id_requested_at_index\` (\`dealer_id\`, \`requested_at\`);`,
    );
    this.addSql(
      `alter table \`return_request\` add index \`return_request_status_requested_at_id_index\` (\`status\`, \`requested_at\`, \`id\`);`,
    );
    this.addSql(
      `alter table \`return_request\` add unique \`return_request_dealer_id_idempotency_key_unique\` (\`dealer_id\`, \`idempotency_key\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`return_line\`;`);
    this.addSql(`drop table if exists \`return_number_counter\`;`);
    this.addSql(`drop table if exists \`return_request\`;`);
  }
}
