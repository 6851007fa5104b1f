import { Migration } from '@mikro-orm/migrations';

export class Migration20261207055600_Receivables extends Migration {
  override name = 'Migration20261207055600_Receivables';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`credit_hold_capture\` (\`id\` varchar(40) not null, \`hold_id\` varchar(40) not null, \`part_key\` varchar(120) not null, \`amount_minor\` bigint not null, \`created_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`credit_hold_capture\` add index \`credit_hold_capture_hold_id_index\` (\`hold_id\`);`);
    this.addSql(
      `alter table \`credit_hold_capture\` add unique \`credit_hold_capture_part_key_unique\` (\`part_key\`);`,
    );

    this.addSql(
      `create table \`credit_note\` (\`id\` varchar(40) not null, \`number\` varchar(32) not null, \`year\` int not null, \`seq\` int not null, \`dealer_id\` varchar(40) not null, \`dealer_region_path\` varchar(400) not null, \`kind\` enum('RETURN','REBATE','ADJUSTMENT') not null, \`source_key\` varchar(120) not null, \`invoice_id\` varchar(40) null, \`shipment_id\` varchar(40) null, \`order_id\` varchar(40) null, \`currency\` varchar(3) not null, \`amount_minor\` bigint not null, \`net_minor\` bigint not null, \`tax_minor\` bigint not null, \`applied_minor\` bigint not null, \`unapplied_minor\` bigint not null, \`reason\` varchar(500) not null, \`issued_at\` datetime not null, \`issued_on\` varchar(10) not null, \`period\` varchar(7) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`credit_note\` add unique \`credit_note_number_unique\` (\`number\`);`);
    this.addSql(
      `alter table \`credit_note\` add index \`credit_note_dealer_region_path_index\` (\`dealer_region_path\`);`,
    );
    this.addSql(`alter table \`credit_note\` add unique \`credit_note_source_key_unique\` (\`source_key\`);`);
    this.addSql(`alter table \`credit_note\` add index \`credit_note_invoice_id_index\` (\`invoice_id\`);`);
    this.addSql(
      `alter table \`credit_note\` add index \`credit_note_dealer_id_issued_on_id_index\` (\`dealer_id\`, \`issued_on\`, \`id\`);`,
    );
    this.addSql(
      `alter table \`credit_note\` add index \`credit_note_period_dealer_id_index\` (\`period\`, \`dealer_id\`);`,
    );
    this.addSql(`alter table \`credit_note\` add unique \`credit_note_year_seq_unique\` (\`year\`, \`seq\`);`);

    this.addSql(
      `create table \`credit_note_line\` (\`credit_note_id\` varchar(40) not null, \`line_no\` int unsigned not null, \`product_id\` varchar(40) not null, \`sku\` varchar(64) not null, \`product_name\` varchar(200) not null, \`quantity\` int not null, \`tax_class\` enum('STANDARD','REDUCED','ZERO') not null, \`rate_bp\` int not null, \`gross_minor\` bigint not null, \`net_minor\` bigint not null, \`tax_minor\` bigint not null, primary key (\`credit_note_id\`, \`line_no\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`document_counter\` (\`name\` varchar(20) not null, \`year\` int unsigned not null, \`last_number\` int not null, primary key (\`name\`, \`year\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`invoice_line\` (\`invoice_id\` varchar(40) not null, \`line_no\` int unsigned not null, \`order_line_id\` varchar(40) null, \`product_id\` varchar(40) not null, \`sku\` varchar(64) not null, \`product_name\` varchar(200) not null, \`quantity\` int not null, \`is_gift\` tinyint(1) not null, \`tax_class\` enum('STANDARD','REDUCED','ZERO') not null, \`rate_bp\` int not null, \`gross_minor\` bigint not null, \`net_minor\` bigint not null, \`tax_minor\` bigint not null, primary key (\`invoice_id\`, \`line_no\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`receivable_allocation\` (\`id\` varchar(40) not null, \`source_type\` enum('PAYMENT','CREDIT_NOTE') not null, \`source_id\` varchar(40) not null, \`invoice_id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`amount_minor\` bigint not null, \`allocated_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`receivable_allocation\` add index \`receivable_allocation_dealer_id_index\` (\`dealer_id\`);`,
    );
    this.addSql(
      `alter table \`receivable_allocation\` add index \`receivable_allocation_invoice_id_allocated_at_index\` (\`invoice_id\`, \`allocated_at\`);`,
    );
    this.addSql(
      `alter table \`receivable_allocation\` add unique \`receivable_allocation_source_type_source_id_invoice_id_unique\` (\`source_type\`, \`source_id\`, \`invoice_id\`);`,
    );

    this.addSql(
      `create table \`vat_rate\` (\`tax_class\` varchar(12) not null, \`valid_from\` varchar(10) not null, \`rate_bp\` int not null, primary key (\`tax_class\`, \`valid_from\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `alter table \`credit_account\` add \`balance_minor\` bigint not null default '0', add \`oldest_open_due_date\` varchar(10) null;`,
    );

    this.addSql(
      `alter table \`credit_hold\` add \`captured_minor\` bigint not null default '0', add \`released_minor\` bigint not null default '0';`,
    );

    this.addSql(
      `alter table \`invoice\` add \`year\` int null, add \`seq\` int null, add \`shipment_id\` varchar(40) null, add \`shipment_number\` varchar(40) null, add \`order_number\` varchar(40) null, add \`net_minor\` bigint not null default '0', add \`tax_minor\` bigint not null default '0', add \`credited_minor\` bigint not null default '0', add \`outstanding_minor\` bigint not null default '0', add \`issued_on\` varchar(10) not null default '', add \`due_date\` varchar(10) not null default '', add \`period\` varchar(7) not null default '';`,
    );
    // Existing rows: legacy invoices keep their numbers outside the yearly series; their dates are business
    // dates in the default zone (Asia/Shanghai, UTC+8; instants are stored in UTC).
    this.addSql(
      `update \`invoice\` set \`outstanding_minor\` = greatest(\`amount_minor\` - \`paid_minor\`, 0), \`net_minor\` = (\`amount_minor\` * 20000 + 11300) div 22600, \`issued_on\` = date_format(date_add(\`issued_at\`, interval 8 hour), '%Y-%m-%d'), \`due_date\` = date_format(date_add(\`due_at\`, interval 8 hour), '%Y-%m-%d');`,
    );
    this.addSql(
      `update \`invoice\` set \`tax_minor\` = \`amount_minor\` - \`net_minor\`, \`period\` = left(\`issued_on\`, 7);`,
    );
    this.addSql(`alter table \`invoice\` add unique \`invoice_shipment_id_unique\` (\`shipment_id\`);`);
    this.addSql(
      `alter table \`invoice\` add index \`invoice_outstanding_minor_due_date_index\` (\`outstanding_minor\`, \`due_date\`);`,
    );
    this.addSql(`alter table \`invoice\` add index \`invoice_period_dealer_id_index\` (\`period\`, \`dealer_id\`);`);
    this.addSql(
      `alter table \`invoice\` add index \`invoice_dealer_id_due_date_id_index\` (\`dealer_id\`, \`due_date\`, \`id\`);`,
    );
    this.addSql(`alter table \`invoice\` add unique \`invoice_year_seq_unique\` (\`year\`, \`seq\`);`);

    this.addSql(
      `alter table \`payment\` add \`dealer_region_path\` varchar(400) not null default '', add \`source\` enum('MANUAL','BANK_IMPORT') not null default 'MANUAL', add \`idempotency_key\` varchar(120) not null, add \`bank_line_id\` varchar(40) null, add \`allocated_minor\` bigint not null default '0', add \`unallocated_minor\` bigint not null default '0', add \`received_on\` varchar(10) not null default '', add \`period\` varchar(7) not null default '', add \`recorded_at\` datetime not null, add \`recorded_by_user_id\` varchar(40) null, add \`recorded_by_name\` varchar(120) null;`,
    );
    this.addSql(`alter table \`payment\` modify \`invoice_id\` varchar(40) null;`);
    // Each existing payment keeps its invoice and becomes one allocation to it; the key is unique per dealer.
    this.addSql(
      `update \`payment\` p left join \`invoice\` i on i.\`id\` = p.\`invoice_id\` set p.\`dealer_region_path\` = coalesce(i.\`dealer_region_path\`, ''), p.\`idempotency_key\` = concat('legacy:', p.\`id\`), p.\`allocated_minor\` = p.\`amount_minor\`, p.\`received_on\` = date_format(date_add(p.\`paid_at\`, interval 8 hour), '%Y-%m-%d'), p.\`recorded_at\` = p.\`paid_at\`;`,
    );
    this.addSql(`update \`payment\` set \`period\` = left(\`received_on\`, 7);`);
    this.addSql(
      `insert into \`receivable_allocation\` (\`id\`, \`source_type\`, \`source_id\`, \`invoice_id\`, \`dealer_id\`, \`amount_minor\`, \`allocated_at\`) select concat('ral_', substr(\`id\`, 5)), 'PAYMENT', \`id\`, \`invoice_id\`, \`dealer_id\`, \`amount_minor\`, \`paid_at\` from \`payment\` where \`invoice_id\` is not null;`,
    );
    this.addSql(
      `update \`credit_account\` a set a.\`oldest_open_due_date\` = (select min(i.\`due_date\`) from \`invoice\` i where i.\`dealer_id\` = a.\`dealer_id\` and i.\`outstanding_minor\` > 0);`,
    );
    this.addSql(`update \`credit_hold\` set \`captured_minor\` = \`amount_minor\` where \`status\` = 'CAPTURED';`);
    this.addSql(`update \`credit_hold\` set \`released_minor\` = \`amount_minor\` where \`status\` = 'RELEASED';`);
    this.addSql(
      `insert into \`vat_rate\` (\`tax_class\`, \`valid_from\`, \`rate_bp\`) values ('STANDARD', '2019-04-01', 1300), ('REDUCED', '2019-04-01', 900), ('ZERO', '2019-04-01', 0);`,
    );
    this.addSql(`alter table \`payment\` add index \`payment_dealer_region_path_index\` (\`dealer_region_path\`);`);
    this.addSql(`alter table \`payment\` add unique \`payment_bank_line_id_unique\` (\`bank_line_id\`);`);
    this.addSql(`alter table \`payment\` add index \`payment_period_dealer_id_index\` (\`period\`, \`dealer_id\`);`);
    this.addSql(
      `alter table \`payment\` add index \`payment_dealer_id_received_on_index\` (\`dealer_id\`, \`received_on\`);`,
    );
    this.addSql(
      `alter table \`payment\` add unique \`payment_dealer_id_idempotency_key_unique\` (\`dealer_id\`, \`idempotency_key\`);`,
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

    this.addSql(`alter table \`credit_account\` drop column \`balance_minor\`, drop column \`oldest_open_due_date\`;`);

    this.addSql(`alter table \`credit_hold\` drop column \`captured_minor\`, drop column \`released_minor\`;`);

    this.addSql(`alter table \`invoice\` drop index \`invoice_shipment_id_unique\`;`);
    this.addSql(`alter table \`invoice\` drop index \`invoice_outstanding_minor_due_date_index\`;`);
    this.addSql(`alter table \`invoice\` drop index \`invoice_period_dealer_id_index\`;`);
    this.addSql(`alter table \`invoice\` drop index \`invoice_dealer_id_due_date_id_index\`;`);
    this.addSql(`alter table \`invoice\` drop index \`invoice_year_seq_unique\`;`);
    this.addSql(
      `alter table \`invoice\` drop column \`year\`, drop column \`seq\`, drop column \`shipment_id\`, drop column \`shipment_number\`, drop column \`order_number\`, drop column \`net_minor\`, drop column \`tax_minor\`, drop column \`credited_minor\`, drop column \`outstanding_minor\`, drop column \`issued_on\`, drop column \`due_date\`, drop column \`period\`;`,
    );

    this.addSql(`alter table \`payment\` drop index \`payment_dealer_region_path_index\`;`);
    this.addSql(`alter table \`payment\` drop index \`payment_bank_line_id_unique\`;`);
    this.addSql(`alter table \`payment\` drop index \`payment_period_dealer_id_index\`;`);
    this.addSql(`alter table \`payment\` drop index \`payment_dealer_id_received_on_index\`;`);
    this.addSql(`alter table \`payment\` drop index \`payment_dealer_id_idempotency_key_unique\`;`);
    this.addSql(
      `alter table \`payment\` drop column \`dealer_region_path\`, drop column \`source\`, drop column \`idempotency_key\`, drop column \`bank_line_id\`, drop column \`allocated_minor\`, drop column \`unallocated_minor\`, drop column \`received_on\`, drop column \`period\`, drop column \`recorded_at\`, drop column \`recorded_by_user_id\`, drop column \`recorded_by_name\`;`,
    );
    this.addSql(`alter table \`payment\` modify \`invoice_id\` varchar(40) not null;`);
  }
}
