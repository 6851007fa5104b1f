import { Migration } from '@mikro-orm/migrations';

export class Migration20261207055557_Receivables extends Migration {
  override name = 'Migration20261207055557_Receivables';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`credit_hold_capture\` (\`id\` text not null primary key, \`hold_id\` text not null, \`part_key\` text not null, \`amount_minor\` bigint not null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create index \`credit_hold_capture_hold_id_index\` on \`credit_hold_capture\` (\`hold_id\`);`);
    this.addSql(
      `create unique index \`credit_hold_capture_part_key_unique\` on \`credit_hold_capture\` (\`part_key\`);`,
    );

    this.addSql(
      `create table \`credit_note\` (\`id\` text not null primary key, \`number\` text not null, \`year\` integer not null, \`seq\` integer not null, \`dealer_id\` text not null, \`dealer_region_path\` text not null, \`kind\` text check (\`kind\` in ('RETURN', 'REBATE', 'ADJUSTMENT')) not null, \`source_key\` text not null, \`invoice_id\` text null, \`shipment_id\` text null, \`order_id\` text null, \`currency\` text not null, \`amount_minor\` bigint not null, \`net_minor\` bigint not null, \`tax_minor\` bigint not null, \`applied_minor\` bigint not null, \`unapplied_minor\` bigint not null, \`reason\` text not null, \`issued_at\` datetime not null, \`issued_on\` text not null, \`period\` text not null);`,
    );
    this.addSql(`create unique index \`credit_note_number_unique\` on \`credit_note\` (\`number\`);`);
    this.addSql(`create index \`credit_note_dealer_region_path_index\` on \`credit_note\` (\`dealer_region_path\`);`);
    this.addSql(`create unique index \`credit_note_source_key_unique\` on \`credit_note\` (\`source_key\`);`);
    this.addSql(`create index \`credit_note_invoice_id_index\` on \`credit_note\` (\`invoice_id\`);`);
    this.addSql(
      `create index \`credit_note_dealer_id_issued_on_id_index\` on \`credit_note\` (\`dealer_id\`, \`issued_on\`, \`id\`);`,
    );
    this.addSql(`create index \`credit_note_period_dealer_id_index\` on \`credit_note\` (\`period\`, \`dealer_id\`);`);
    this.addSql(`create unique index \`credit_note_year_seq_unique\` on \`credit_note\` (\`year\`, \`seq\`);`);

    this.addSql(
      `create table \`credit_note_line\` (\`credit_note_id\` text not null, \`line_no\` integer not null, \`product_id\` text not null, \`sku\` text not null, \`product_name\` text not null, \`quantity\` integer not null, \`tax_class\` text check (\`tax_class\` in ('STANDARD', 'REDUCED', 'ZERO')) not null, \`rate_bp\` integer not null, \`gross_minor\` bigint not null, \`net_minor\` bigint not null, \`tax_minor\` bigint not null, primary key (\`credit_note_id\`, \`line_no\`));`,
    );

    this.addSql(
      `create table \`document_counter\` (\`name\` text not null, \`year\` integer not null, \`last_number\` integer not null, primary key (\`name\`, \`year\`));`,
    );

    this.addSql(
      `create table \`invoice_line\` (\`invoice_id\` text not null, \`line_no\` integer not null, \`order_line_id\` text null, \`product_id\` text not null, \`sku\` text not null, \`product_name\` text not null, \`quantity\` integer not null, \`is_gift\` integer not null, \`tax_class\` text check (\`tax_class\` in ('STANDARD', 'REDUCED', 'ZERO')) not null, \`rate_bp\` integer not null, \`gross_minor\` bigint not null, \`net_minor\` bigint not null, \`tax_minor\` bigint not null, primary key (\`invoice_id\`, \`line_no\`));`,
    );

    this.addSql(
      `create table \`receivable_allocation\` (\`id\` text not null primary key, \`source_type\` text check (\`source_type\` in ('PAYMENT', 'CREDIT_NOTE')) not null, \`source_id\` text not null, \`invoice_id\` text not null, \`dealer_id\` text not null, \`amount_minor\` bigint not null, \`allocated_at\` datetime not null);`,
    );
    this.addSql(`create index \`receivable_allocation_dealer_id_index\` on \`receivable_allocation\` (\`dealer_id\`);`);
    this.addSql(
      `create index \`receivable_allocation_invoice_id_allocated_at_index\` on \`receivable_allocation\` (\`invoice_id\`, \`allocated_at\`);`,
    );
    this.addSql(
      `create unique index \`receivable_allocation_source_type_source_id_invoice_id_unique\` on \`receivable_allocation\` (\`source_type\`, \`source_id\`, \`invoice_id\`);`,
    );

    this.addSql(
      `create table \`vat_rate\` (\`tax_class\` text not null, \`valid_from\` text not null, \`rate_bp\` integer not null, primary key (\`tax_class\`, \`valid_from\`));`,
    );

    this.addSql(`alter table \`credit_account\` add column \`balance_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`credit_account\` add column \`oldest_open_due_date\` text null;`);

    this.addSql(`alter table \`credit_hold\` add column \`captured_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`credit_hold\` add column \`released_minor\` bigint not null default '0';`);

    this.addSql(`alter table \`invoice\` add column \`year\` integer null;`);
    this.addSql(`alter table \`invoice\` add column \`seq\` integer null;`);
    this.addSql(`alter table \`invoice\` add column \`shipment_id\` text null;`);
    this.addSql(`alter table \`invoice\` add column \`shipment_number\` text null;`);
    this.addSql(`alter table \`invoice\` add column \`order_number\` text null;`);
    this.addSql(`alter table \`invoice\` add column \`net_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`invoice\` add column \`tax_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`invoice\` add column \`credited_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`invoice\` add column \`outstanding_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`invoice\` add column \`issued_on\` text not null default '';`);
    this.addSql(`alter table \`invoice\` add column \`due_date\` text not null default '';`);
    this.addSql(`alter table \`invoice\` add column \`period\` text not null default '';`);
    // Existing rows: legacy invoices keep their numbers outside the yearly series; their dates are business
    // dates in the default zone (Asia/Shanghai, UTC+8; SQLite stores instants as epoch milliseconds).
    this.addSql(
      `update \`invoice\` set \`outstanding_minor\` = max(\`amount_minor\` - \`paid_minor\`, 0), \`net_minor\` = (\`amount_minor\` * 20000 + 11300) / 22600, \`issued_on\` = strftime('%Y-%m-%d', \`issued_at\` / 1000 + 28800, 'unixepoch'), \`due_date\` = strftime('%Y-%m-%d', \`due_at\` / 1000 + 28800, 'unixepoch');`,
    );
    this.addSql(
      `update \`invoice\` set \`tax_minor\` = \`amount_minor\` - \`net_minor\`, \`period\` = substr(\`issued_on\`, 1, 7);`,
    );
    this.addSql(`create unique index \`invoice_shipment_id_unique\` on \`invoice\` (\`shipment_id\`);`);
    this.addSql(
      `create index \`invoice_outstanding_minor_due_date_index\` on \`invoice\` (\`outstanding_minor\`, \`due_date\`);`,
    );
    this.addSql(`create index \`invoice_period_dealer_id_index\` on \`invoice\` (\`period\`, \`dealer_id\`);`);
    this.addSql(
      `create index \`invoice_dealer_id_due_date_id_index\` on \`invoice\` (\`dealer_id\`, \`due_date\`, \`id\`);`,
    );
    this.addSql(`create unique index \`invoice_year_seq_unique\` on \`invoice\` (\`year\`, \`seq\`);`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`payment__temp_alter\` (\`id\` text not null primary key, \`dealer_id\` text not null, \`invoice_id\` text null, \`dealer_region_path\` text not null default '', \`source\` text check (\`source\` in ('MANUAL', 'BANK_IMPORT')) not null default 'MANUAL', \`idempotency_key\` text not null, \`bank_line_id\` text null, \`currency\` text not null, \`amount_minor\` bigint not null, \`allocated_minor\` bigint not null default '0', \`unallocated_minor\` bigint not null default '0', \`method\` text check (\`method\` in ('BANK_TRANSFER', 'ACCEPTANCE_BILL', 'OFFSET')) not null, \`paid_at\` datetime not null, \`received_on\` text not null default '', \`period\` text not null default '', \`recorded_at\` datetime not null, \`recorded_by_user_id\` text null, \`recorded_by_name\` text null, \`reference\` text not null);`,
    );
    this.addSql(
      `insert into \`payment__temp_alter\` select \`id\`, \`dealer_id\`, \`invoice_id\`, coalesce((select i.\`dealer_region_path\` from \`invoice\` i where i.\`id\` = \`payment\`.\`invoice_id\`), ''), 'MANUAL', 'legacy:' || \`id\`, null, \`currency\`, \`amount_minor\`, \`amount_minor\`, 0, \`method\`, \`paid_at\`, strftime('%Y-%m-%d', \`paid_at\` / 1000 + 28800, 'unixepoch'), substr(strftime('%Y-%m-%d', \`paid_at\` / 1000 + 28800, 'unixepoch'), 1, 7), \`paid_at\`, null, null, \`reference\` from \`payment\`;`,
    );
    this.addSql(`drop table \`payment\`;`);
    this.addSql(`alter table \`payment__temp_alter\` rename to \`payment\`;`);
    this.addSql(`create index \`payment_dealer_id_index\` on \`payment\` (\`dealer_id\`);`);
    this.addSql(`create index \`payment_invoice_id_index\` on \`payment\` (\`invoice_id\`);`);
    this.addSql(`create index \`payment_dealer_region_path_index\` on \`payment\` (\`dealer_region_path\`);`);
    this.addSql(`create unique index \`payment_bank_line_id_unique\` on \`payment\` (\`bank_line_id\`);`);
    this.addSql(`create index \`payment_period_dealer_id_index\` on \`payment\` (\`period\`, \`dealer_id\`);`);
    this.addSql(
      `create index \`payment_dealer_id_received_on_index\` on \`payment\` (\`dealer_id\`, \`received_on\`);`,
    );
    this.addSql(
      `create unique index \`payment_dealer_id_idempotency_key_unique\` on \`payment\` (\`dealer_id\`, \`idempotency_key\`);`,
    );
    this.addSql(`pragma foreign_keys = on;`);
    // Each existing payment becomes one allocation to its invoice.
    this.addSql(
      `insert into \`receivable_allocation\` (\`id\`, \`source_type\`, \`source_id\`, \`invoice_id\`, \`dealer_id\`, \`amount_minor\`, \`allocated_at\`) select 'ral_' || substr(\`id\`, 5), 'PAYMENT', \`id\`, \`invoice_id\`, \`dealer_id\`, \`amount_minor\`, \`paid_at\` from \`payment\` where \`invoice_id\` is not null;`,
    );
    this.addSql(
      `update \`credit_account\` set \`oldest_open_due_date\` = (select min(i.\`due_date\`) from \`invoice\` i where i.\`dealer_id\` = \`credit_account\`.\`dealer_id\` and i.\`outstanding_minor\` > 0);`,
    );
    this.addSql(`update \`credit_hold\` set \`captured_minor\` = \`amount_minor\` where \`status\` = 'CAPTURED';`);
    this.addSql(`update \`credit_hold\` set \`released_minor\` = \`amount_minor\` where \`status\` = 'RELEASED';`);
    this.addSql(
      `insert into \`vat_rate\` (\`tax_class\`, \`valid_from\`, \`rate_bp\`) values ('STANDARD', '2019-04-01', 1300), ('REDUCED', '2019-04-01', 900), ('ZERO', '2019-04-01', 0);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`credit_hold_capture\`;`);
    this.addSql(`drop table if exists \`credit_note\`;`);
    this.addSql(`drop table if exists \`credit_note_line\`;`);
    this.addSql(`drop table if exists \`document_counter\`;`);
    this.addSql(`drop table if exists \`invoice_line\`;`);
    this.addSql(`drop table if exists \`receivable_allocation\`;`);
    this.addSql(`drop table if exists \`vat_rate\`;`);

    this.addSql(`alter table \`credit_account\` drop column \`balance_minor\`;`);
    this.addSql(`alter table \`credit_account\` drop column \`oldest_open_due_date\`;`);

    this.addSql(`alter table \`credit_hold\` drop column \`captured_minor\`;`);
    this.addSql(`alter table \`credit_hold\` drop column \`released_minor\`;`);

    this.addSql(`drop index \`invoice_shipment_id_unique\`;`);
    this.addSql(`drop index \`invoice_outstanding_minor_due_date_index\`;`);
    this.addSql(`drop index \`invoice_period_dealer_id_index\`;`);
    this.addSql(`drop index \`invoice_dealer_id_due_date_id_index\`;`);
    this.addSql(`drop index \`invoice_year_seq_unique\`;`);
    this.addSql(`alter table \`invoice\` drop column \`year\`;`);
    this.addSql(`alter table \`invoice\` drop column \`seq\`;`);
    this.addSql(`alter table \`invoice\` drop column \`shipment_id\`;`);
    this.addSql(`alter table \`invoice\` drop column \`shipment_number\`;`);
    this.addSql(`alter table \`invoice\` drop column \`order_number\`;`);
    this.addSql(`alter table \`invoice\` drop column \`net_minor\`;`);
    this.addSql(`alter table \`invoice\` drop column \`tax_minor\`;`);
    this.addSql(`alter table \`invoice\` drop column \`credited_minor\`;`);
    this.addSql(`alter table \`invoice\` drop column \`outstanding_minor\`;`);
    this.addSql(`alter table \`invoice\` drop column \`issued_on\`;`);
    this.addSql(`alter table \`invoice\` drop column \`due_date\`;`);
    this.addSql(`alter table \`invoice\` drop column \`period\`;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`payment__temp_alter\` (\`id\` TEXT not null primary key, \`dealer_id\` TEXT not null, \`invoice_id\` TEXT not null, \`currency\` TEXT not null, \`amount_minor\` bigint not null, \`method\` TEXT check (\`method\` in ('BANK_TRANSFER', 'ACCEPTANCE_BILL', 'OFFSET')) not null, \`paid_at\` datetime not null, \`reference\` TEXT not null);`,
    );
    this.addSql(
      `insert into \`payment__temp_alter\` select \`id\`, \`dealer_id\`, \`invoice_id\`, \`currency\`, \`amount_minor\`, \`method\`, \`paid_at\`, \`reference\` from \`payment\`;`,
    );
    this.addSql(`drop table \`payment\`;`);
    this.addSql(`alter table \`payment__temp_alter\` rename to \`payment\`;`);
    this.addSql(`create index \`payment_invoice_id_index\` on \`payment\` (\`invoice_id\`);`);
    this.addSql(`create index \`payment_dealer_id_index\` on \`payment\` (\`dealer_id\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }
}
