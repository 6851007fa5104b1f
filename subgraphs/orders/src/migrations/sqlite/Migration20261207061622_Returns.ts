import { Migration } from '@mikro-orm/migrations';

export class Migration20261207061622_Returns extends Migration {
  override name = 'Migration20261207061622_Returns';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`return_line\` (\`id\` text not null primary key, \`return_id\` text not null, \`line_no\` integer not null, \`shipment_id\` text not null, \`order_line_id\` text not null, \`product_id\` text not null, \`lot_id\` text null, \`lot_number\` text null, \`expires_at\` datetime null, \`kind\` text check (\`kind\` in ('GOODS', 'SHORT')) not null, \`damaged\` integer not null default false, \`requested_quantity\` integer not null, \`accepted_quantity\` integer null, \`received_quantity\` integer null, \`disposition\` text check (\`disposition\` in ('SELLABLE', 'QUARANTINE')) null, \`codes\` text null, \`gross_minor\` integer null);`,
    );
    this.addSql(
      `create unique index \`return_line_return_id_line_no_unique\` on \`return_line\` (\`return_id\`, \`line_no\`);`,
    );

    this.addSql(
      `create table \`return_number_counter\` (\`day\` text not null primary key, \`last\` integer not null);`,
    );

    this.addSql(
      `create table \`return_request\` (\`id\` text not null primary key, \`number\` text not null, \`order_id\` text not null, \`dealer_id\` text not null, \`dealer_region_path\` text not null, \`source\` text check (\`source\` in ('DEALER', 'RECEIPT_DISCREPANCY')) not null, \`reason\` text check (\`reason\` in ('DAMAGED', 'SHORT_DELIVERED', 'QUALITY', 'WRONG_ITEM', 'NEAR_EXPIRY', 'OTHER')) not null, \`comment\` text null, \`status\` text check (\`status\` in ('REQUESTED', 'APPROVED', 'REJECTED', 'RECEIVED', 'CREDITED')) not null, \`version\` integer not null default 0, \`idempotency_key\` text not null, \`requested_by_user_id\` text null, \`requested_at\` datetime not null, \`reviewed_by_user_id\` text null, \`reviewed_at\` datetime null, \`review_comment\` text null, \`warehouse_id\` text null, \`received_at\` datetime null, \`received_by_user_id\` text null, \`credit_note_id\` text null, \`credited_gross_minor\` integer null, \`credited_at\` datetime null, \`updated_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`return_request_number_unique\` on \`return_request\` (\`number\`);`);
    this.addSql(`create index \`return_request_order_id_index\` on \`return_request\` (\`order_id\`);`);
    this.addSql(`create index \`return_request_warehouse_id_index\` on \`return_request\` (\`warehouse_id\`);`);
    this.addSql(
      `create index \`return_request_dealer_id_requested_at_index\` on \`return_request\` (\`dealer_id\`, \`requested_at\`);`,
    );
    this.addSql(
      `create index \`return_request_status_requested_at_id_index\` on \`return_request\` (\`status\`, \`requested_at\`, \`id\`);`,
    );
    this.addSql(
      `create unique index \`return_request_dealer_id_idempotency_key_unique\` on \`return_request\` (\`dealer_id\`, \`idempotency_key\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`return_line\`;`);
    this.addSql(`drop table if exists \`return_number_counter\`;`);
    this.addSql(`drop table if exists \`return_request\`;`);
  }
}
