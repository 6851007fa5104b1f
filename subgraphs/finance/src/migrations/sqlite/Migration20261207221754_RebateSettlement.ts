import { Migration } from '@mikro-orm/migrations';

export class Migration20261207221754_RebateSettlement extends Migration {
  override name = 'Migration20261207221754_RebateSettlement';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`rebate_balance\` (\`dealer_id\` text not null primary key, \`dealer_region_path\` text not null default '', \`available\` bigint not null default '0', \`held\` bigint not null default '0', \`settled\` bigint not null default '0', \`captured\` bigint not null default '0', \`version\` integer not null default 1, \`updated_at\` datetime not null);`,
    );

    this.addSql(
      `create table \`rebate_balance_entry\` (\`id\` text not null primary key, \`dealer_id\` text not null, \`movement\` text check (\`movement\` in ('SETTLED', 'HELD', 'CAPTURED', 'RELEASED')) not null, \`amount_minor\` bigint not null, \`source_id\` text not null, \`created_at\` datetime not null);`,
    );
    this.addSql(
      `create index \`rebate_balance_entry_dealer_id_created_at_index\` on \`rebate_balance_entry\` (\`dealer_id\`, \`created_at\`);`,
    );

    this.addSql(
      `create table \`rebate_hold\` (\`id\` text not null primary key, \`key\` text not null, \`dealer_id\` text not null, \`amount_minor\` bigint not null, \`order_total_minor\` bigint not null default '0', \`captured_minor\` bigint not null default '0', \`invoiced_minor\` bigint not null default '0', \`released_minor\` bigint not null default '0', \`status\` text check (\`status\` in ('HELD', 'RELEASED', 'CAPTURED')) not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`rebate_hold_key_unique\` on \`rebate_hold\` (\`key\`);`);
    this.addSql(`create index \`rebate_hold_dealer_id_status_index\` on \`rebate_hold\` (\`dealer_id\`, \`status\`);`);

    this.addSql(
      `create table \`rebate_settlement\` (\`id\` text not null primary key, \`policy_id\` text not null, \`dealer_id\` text not null, \`dealer_region_path\` text not null, \`period\` text not null, \`status\` text check (\`status\` in ('PROPOSED', 'APPROVED', 'REJECTED')) not null, \`form\` text check (\`form\` in ('CREDIT_NOTE', 'BALANCE')) not null, \`amount_minor\` bigint not null, \`accrued_minor\` bigint not null, \`awards_minor\` bigint not null, \`credit_note_id\` text null, \`reject_reason\` text null, \`decided_by\` text null, \`decided_at\` datetime null, \`created_at\` datetime not null, \`version\` integer not null default 1);`,
    );
    this.addSql(
      `create index \`rebate_settlement_dealer_region_path_index\` on \`rebate_settlement\` (\`dealer_region_path\`);`,
    );
    this.addSql(
      `create index \`rebate_settlement_dealer_id_period_index\` on \`rebate_settlement\` (\`dealer_id\`, \`period\`);`,
    );
    this.addSql(
      `create index \`rebate_settlement_status_created_at_id_index\` on \`rebate_settlement\` (\`status\`, \`created_at\`, \`id\`);`,
    );
    this.addSql(
      `create unique index \`rebate_settlement_policy_id_dealer_id_period_unique\` on \`rebate_settlement\` (\`policy_id\`, \`dealer_id\`, \`period\`);`,
    );

    this.addSql(
      `create table \`rebate_settlement_line\` (\`settlement_id\` text not null, \`line_no\` integer not null, \`product_id\` text not null, \`sku\` text not null, \`product_name\` text not null, \`tax_class\` text check (\`tax_class\` in ('STANDARD', 'REDUCED', 'ZERO')) not null, \`basis_minor\` bigint not null, \`quantity\` integer not null, \`amount_minor\` bigint not null, primary key (\`settlement_id\`, \`line_no\`));`,
    );

    this.addSql(
      `create table \`rebate_settlement_run\` (\`period\` text not null primary key, \`status\` text not null, \`lease_until\` datetime not null, \`proposed\` integer not null default 0, \`finished_at\` datetime null);`,
    );

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`payment__temp_alter\` (\`id\` text not null primary key, \`dealer_id\` text not null, \`seller_key\` text not null default 'BRAND', \`invoice_id\` text null, \`dealer_region_path\` text not null default '', \`source\` text check (\`source\` in ('MANUAL', 'BANK_IMPORT', 'REBATE')) not null default 'MANUAL', \`idempotency_key\` text not null, \`bank_line_id\` text null, \`currency\` text not null, \`amount_minor\` bigint not null, \`allocated_minor\` bigint not null default '0', \`unallocated_minor\` bigint not null default '0', \`method\` text check (\`method\` in ('BANK_TRANSFER', 'ACCEPTANCE_BILL', 'OFFSET')) not null, \`paid_at\` datetime not null, \`received_on\` text not null default '', \`period\` text not null default '', \`recorded_at\` datetime not null, \`recorded_by_user_id\` text null, \`recorded_by_name\` text null, \`reference\` text not null);`,
    );
    this.addSql(
      `insert into \`payment__temp_alter\` select \`id\`, \`dealer_id\`, \`seller_key\`, \`invoice_id\`, \`dealer_region_path\`, \`source\`, \`idempotency_key\`, \`bank_line_id\`, \`currency\`, \`amount_minor\`, \`allocated_minor\`, \`unallocated_minor\`, \`method\`, \`paid_at\`, \`received_on\`, \`period\`, \`recorded_at\`, \`recorded_by_user_id\`, \`recorded_by_name\`, \`reference\` from \`payment\`;`,
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
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`rebate_balance\`;`);
    this.addSql(`drop table if exists \`rebate_balance_entry\`;`);
    this.addSql(`drop table if exists \`rebate_hold\`;`);
    this.addSql(`drop table if exists \`rebate_settlement\`;`);
    this.addSql(`drop table if exists \`rebate_settlement_line\`;`);
    this.addSql(`drop table if exists \`rebate_settlement_run\`;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`payment__temp_alter\` (\`id\` TEXT not null primary key, \`dealer_id\` TEXT not null, \`invoice_id\` TEXT null, \`dealer_region_path\` TEXT not null default '', \`source\` TEXT check (\`source\` in ('MANUAL', 'BANK_IMPORT')) not null default 'MANUAL', \`idempotency_key\` TEXT not null, \`bank_line_id\` TEXT null, \`currency\` TEXT not null, \`amount_minor\` bigint not null, \`allocated_minor\` bigint not null default '0', \`unallocated_minor\` bigint not null default '0', \`method\` TEXT check (\`method\` in ('BANK_TRANSFER', 'ACCEPTANCE_BILL', 'OFFSET')) not null, \`paid_at\` datetime not null, \`received_on\` TEXT not null default '', \`period\` TEXT not null default '', \`recorded_at\` datetime not null, \`recorded_by_user_id\` TEXT null, \`recorded_by_name\` TEXT null, \`reference\` TEXT not null, \`seller_key\` TEXT not null default 'BRAND');`,
    );
    this.addSql(
      `insert into \`payment__temp_alter\` select \`id\`, \`dealer_id\`, \`invoice_id\`, \`dealer_region_path\`, \`source\`, \`idempotency_key\`, \`bank_line_id\`, \`currency\`, \`amount_minor\`, \`allocated_minor\`, \`unallocated_minor\`, \`method\`, \`paid_at\`, \`received_on\`, \`period\`, \`recorded_at\`, \`recorded_by_user_id\`, \`recorded_by_name\`, \`reference\`, \`seller_key\` from \`payment\`;`,
    );
    this.addSql(`drop table \`payment\`;`);
    this.addSql(`alter table \`payment__temp_alter\` rename to \`payment\`;`);
    this.addSql(
      `create unique index \`payment_dealer_id_idempotency_key_unique\` on \`payment\` (\`dealer_id\`, \`idempotency_key\`);`,
    );
    this.addSql(
      `create index \`payment_dealer_id_received_on_index\` on \`payment\` (\`dealer_id\`, \`received_on\`);`,
    );
    this.addSql(`create index \`payment_period_dealer_id_index\` on \`payment\` (\`period\`, \`dealer_id\`);`);
    this.addSql(`create unique index \`payment_bank_line_id_unique\` on \`payment\` (\`bank_line_id\`);`);
    this.addSql(`create index \`payment_dealer_region_path_index\` on \`payment\` (\`dealer_region_path\`);`);
    this.addSql(`create index \`payment_invoice_id_index\` on \`payment\` (\`invoice_id\`);`);
    this.addSql(`create index \`payment_dealer_id_index\` on \`payment\` (\`dealer_id\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }
}
